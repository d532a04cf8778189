"""A checklist ladder end to end: an imported Monzo framework, a check-in with criteria, a sign-off."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from ladders.core.interchange.monzo import monzo_import
from ladders.leveling.models import AssessmentSnapshot, AuditEvent, CheckIn, Evidence
from ladders.leveling.services import framework_upload
from tests.monzo_fixture import MONZO_SMALL

QUARTER = "2026-Q1"


@pytest.fixture
def tools(acme):
    """The small Monzo fixture, imported with a share of one half and active for acme."""
    text = yaml.safe_dump(monzo_import(MONZO_SMALL, "tools.md", share=0.5), sort_keys=False)
    version = framework_upload(actor=acme.admin, text=text, source="tools.yaml")
    return version


@pytest.fixture
def work(acme, tools):
    return Evidence.objects.create(
        person=acme.engineer,
        author=acme.engineer,
        kind="example",
        slug="pr-7",
        title="Split the release script",
        date=date(2026, 1, 20),
        scope="individual",
    )


def _save(api, acme, criteria, **more):
    return api.post(
        f"/people/{acme.engineer.pk}/checkins", {"quarter": QUARTER, "criteria": criteria, **more}
    )


def test_a_signed_check_in_levels_by_its_criteria_and_cites_the_evidence(acme, api_as, work):
    engineer = api_as(acme.engineer)
    criteria = {"communication.1.1": ["pr-7"], "craft.1.1": [], "communication.2.1": []}
    saved = _save(engineer, acme, criteria, submit=True)
    assert saved.status_code == 200, saved.content
    assert saved.json()["criteria"] == criteria
    signed = api_as(acme.manager).post(
        f"/people/{acme.engineer.pk}/checkins/{QUARTER}/sign-off", {"revision": saved.json()["revision"]}
    )
    assert signed.status_code == 200, signed.content
    snapshot = AssessmentSnapshot.objects.get(checkin__person=acme.engineer, checkin__quarter=QUARTER)
    assert snapshot.level == "level-2"
    first = snapshot.result["gates"][0]["checks"][0]
    assert first["evidence"] == ["pr-7"]
    assert "craft.1.1 (self-asserted)" in first["detail"]
    assert AuditEvent.objects.filter(action="checkin.criteria", person=acme.engineer).exists()


def test_an_unknown_criterion_or_someone_elses_evidence_is_a_422_and_nothing_is_saved(acme, api_as, work):
    engineer = api_as(acme.engineer)
    unknown = _save(engineer, acme, {"craft.9.9": []})
    assert unknown.status_code == 422 and unknown.json()["field"].startswith("criteria")
    theirs = _save(engineer, acme, {"craft.1.1": ["not-mine"]})
    assert theirs.status_code == 422 and "not-mine" in theirs.content.decode()
    assert not CheckIn.objects.filter(person=acme.engineer).exists()


def test_an_outsider_cannot_record_criteria_for_someone_else(acme, api_as, work):
    response = _save(api_as(acme.outsider), acme, {"craft.1.1": []})
    assert response.status_code in (403, 404)
    assert not CheckIn.objects.filter(person=acme.engineer).exists()
