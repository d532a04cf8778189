"""The database columns, the services and the core share one set of limits.

A value the core accepts fits its column, and a value too long for a column is refused
by the service with the field's name (never a database error, never a page that breaks
later because the stored value no longer fits the core's profile).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from pydantic import ValidationError

from ladders.accounts.models import Person, Team
from ladders.accounts.services import person_create
from ladders.core import limits
from ladders.core.profile import EvidenceItem, Profile
from ladders.leveling.models import AssessmentSnapshot, CheckIn, Evidence, SalaryBand
from ladders.leveling.services import checkin_save, checkin_sign_off
from ladders.server.errors import ServiceError
from tests.framework_ids import KIND

COLUMNS = [
    (Person, "name", limits.PERSON_NAME),
    (Person, "title", limits.JOB_TITLE),
    (Person, "level", limits.ID),
    (Person, "background", limits.ID),
    (Person, "market", limits.ID),
    (Team, "name", limits.TEAM_NAME),
    (get_user_model(), "username", limits.USERNAME),
    (get_user_model(), "email", limits.EMAIL),
    (Evidence, "slug", limits.ID),
    (Evidence, "kind", limits.ID),
    (Evidence, "scope", limits.ID),
    (Evidence, "title", limits.EVIDENCE_TITLE),
    (Evidence, "outcome", limits.EVIDENCE_OUTCOME),
    (CheckIn, "self_assessed_level", limits.ID),
    (SalaryBand, "level", limits.ID),
    (SalaryBand, "market", limits.ID),
]


@pytest.mark.parametrize(("model", "field", "limit"), COLUMNS, ids=lambda v: getattr(v, "__name__", v))
def test_each_column_is_as_long_as_its_limit(model, field, limit):
    assert model._meta.get_field(field).max_length == limit


def _accepts(model, data: dict) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def test_the_core_profile_takes_the_same_limits():
    assert _accepts(Profile, {"name": "N" * limits.PERSON_NAME})
    assert not _accepts(Profile, {"name": "N" * (limits.PERSON_NAME + 1)})
    item = {"kind": KIND.adr, "title": "An ADR", "date": "2026-01-05"}
    assert _accepts(EvidenceItem, {**item, "id": "e" * limits.ID})
    assert not _accepts(EvidenceItem, {**item, "id": "e" * (limits.ID + 1)})
    assert _accepts(EvidenceItem, {**item, "title": "T" * limits.EVIDENCE_TITLE})
    assert not _accepts(EvidenceItem, {**item, "title": "T" * (limits.EVIDENCE_TITLE + 1)})
    assert not _accepts(EvidenceItem, {**item, "outcome": "O" * (limits.EVIDENCE_OUTCOME + 1)})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "N" * (limits.PERSON_NAME + 1)),
        ("title", "T" * (limits.JOB_TITLE + 1)),
        ("team_name", "S" * (limits.TEAM_NAME + 1)),
        ("username", "u" * (limits.USERNAME + 1)),
        ("email", "e" * limits.EMAIL + "@example.com"),
        ("name", "Ann\x00Able"),
        ("title", "Lead\x1b[31m"),
    ],
)
def test_person_create_refuses_what_a_column_cannot_hold_and_names_the_field(acme, field, value):
    arguments = {"org": acme.org, "name": "Ann Able", field: value}
    before = Person.objects.count()
    with pytest.raises(ServiceError) as caught:
        person_create(**arguments)
    assert caught.value.field == field
    assert caught.value.status == 422
    assert Person.objects.count() == before


def test_check_in_notes_over_the_limit_are_refused_by_the_service(acme):
    with pytest.raises(ServiceError) as caught:
        checkin_save(
            actor=acme.engineer,
            person=acme.engineer,
            quarter="2026-Q1",
            self_ratings={},
            notes="n" * (limits.NOTES + 1),
        )
    assert (caught.value.field, caught.value.status) == ("notes", 422)
    assert not CheckIn.objects.exists()


def test_check_in_notes_keep_their_line_breaks_and_tabs(acme):
    saved = checkin_save(
        actor=acme.engineer, person=acme.engineer, quarter="2026-Q1", self_ratings={}, notes="a\n\tb\r\n"
    )
    assert saved.notes == "a\n\tb\r\n"


def test_manager_notes_over_the_limit_are_refused_at_sign_off(acme):
    draft = checkin_save(
        actor=acme.engineer, person=acme.engineer, quarter="2026-Q1", self_ratings={}, submit=True
    )
    with pytest.raises(ServiceError) as caught:
        checkin_sign_off(actor=acme.manager, checkin=draft, manager_notes="n" * (limits.NOTES + 1))
    assert (caught.value.field, caught.value.status) == ("manager_notes", 422)
    assert not AssessmentSnapshot.objects.exists()


def test_the_api_documents_the_same_limits(acme):
    from ladders.api.api import api

    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert schemas["CheckinCreateIn"]["properties"]["notes"]["maxLength"] == limits.NOTES
    assert schemas["EvidenceCreateIn"]["properties"]["title"]["maxLength"] == limits.EVIDENCE_TITLE
    assert schemas["EvidenceCreateIn"]["properties"]["links"]["maxItems"] == limits.EVIDENCE_LINKS
