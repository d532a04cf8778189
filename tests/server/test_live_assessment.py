"""Stored current assessments: reused while nothing changes, recomputed when anything does."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from ladders.accounts.services import token_create
from ladders.core.engine import assess
from ladders.leveling import live
from ladders.leveling.models import CheckIn, Evidence, LiveAssessment, MaturityAssessment
from ladders.leveling.profiles import profile_of
from ladders.leveling.services import assessment_for
from tests.framework_ids import CHECK, KIND


@pytest.fixture
def computations(monkeypatch):
    """Counts how many people the engine had to assess."""
    calls = []
    original = live._compute

    def counting(people, fw, today):
        calls.extend(p.pk for p in people)
        return original(people, fw, today)

    monkeypatch.setattr(live, "_compute", counting)
    return calls


def test_a_second_read_reuses_the_stored_result(acme, computations):
    first = assessment_for(acme.engineer)
    second = assessment_for(acme.engineer)
    assert first == second
    assert computations == [acme.engineer.pk]


def test_new_evidence_is_counted_on_the_next_read(acme, computations):
    assessment_for(acme.engineer)
    Evidence.objects.create(
        person=acme.engineer,
        slug="talk",
        kind=KIND.tech_talk,
        title="Talk",
        date=date(2026, 1, 5),
        scope="team",
    )
    result = assessment_for(acme.engineer)
    staff_talk = next(c for g in result["gates"] for c in g["checks"] if c["id"] == CHECK.staff_influence)
    assert staff_talk["evidence"] == ["talk"]
    assert computations == [acme.engineer.pk, acme.engineer.pk]


def test_a_submitted_check_in_is_counted_on_the_next_read(acme):
    assert assessment_for(acme.engineer)["skills"][0]["rating"] == 0
    skill = assessment_for(acme.engineer)["skills"][0]["id"]
    CheckIn.objects.create(
        person=acme.engineer, quarter="2026-Q1", status="submitted", self_ratings={skill: 3}
    )
    assert assessment_for(acme.engineer)["skills"][0]["rating"] == 3


def test_a_maturity_survey_refreshes_everyone_in_the_org(acme):
    assessment_for(acme.engineer)
    assessment_for(acme.outsider)
    MaturityAssessment.objects.create(org=acme.org, answers={}, level=2, result={}, framework_hash="x")
    assert not LiveAssessment.objects.filter(person__org=acme.org).exists()
    assert assessment_for(acme.engineer)["growth_ceiling"]["org_maturity"] == 2


def test_a_result_from_another_framework_or_day_is_recomputed(acme, computations):
    assessment_for(acme.engineer)
    LiveAssessment.objects.filter(person=acme.engineer).update(framework_hash="sha256:old")
    assessment_for(acme.engineer)
    LiveAssessment.objects.filter(person=acme.engineer).update(as_of=date(2020, 1, 1))
    assessment_for(acme.engineer)
    assert computations == [acme.engineer.pk] * 3


def test_a_past_date_is_computed_on_the_spot_and_not_stored(acme):
    result = assessment_for(acme.engineer, as_of=date(2025, 1, 1))
    assert result["as_of"] == "2025-01-01"
    assert not LiveAssessment.objects.filter(person=acme.engineer).exists()


def _api_body(person, viewer, **params) -> dict:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(viewer, 'test')}")
    response = client.get(f"/api/v1/people/{person.pk}/assessment", params)
    assert response.status_code == 200, response.content
    return response.json()


def _some_inputs(acme) -> None:
    """Evidence out of date order, a check-in filed for a later quarter of this year, a survey."""
    today = timezone.localdate()
    for slug, day in (("late", date(today.year, 1, 20)), ("early", date(today.year - 1, 6, 1))):
        Evidence.objects.create(
            person=acme.engineer, slug=slug, kind=KIND.tech_talk, title=slug, date=day, scope="team"
        )
    skill = assessment_for(acme.engineer)["skills"][0]["id"]
    CheckIn.objects.create(
        person=acme.engineer, quarter=f"{today.year}-Q4", status="submitted", self_ratings={skill: 2}
    )
    MaturityAssessment.objects.create(org=acme.org, answers={}, level=2, result={}, framework_hash="x")


def test_the_api_recomputes_an_expired_result_as_the_team_pages_compute_it_and_stores_it(acme):
    _some_inputs(acme)
    expected = live._compute([acme.engineer], live.active_framework(acme.org)[1], timezone.localdate())
    LiveAssessment.objects.filter(person=acme.engineer).update(as_of=date(2020, 1, 1))
    body = _api_body(acme.engineer, acme.manager)
    assert body == expected[0].result
    stored = LiveAssessment.objects.get(person=acme.engineer)
    assert (stored.as_of, stored.result, stored.level) == (timezone.localdate(), body, body["level"])
    assert stored.framework_hash == body["framework"]["hash"]


def test_the_stored_body_equals_the_body_computed_for_today(acme):
    _some_inputs(acme)
    LiveAssessment.objects.all().delete()
    first = _api_body(acme.engineer, acme.admin)  # computed and stored
    stored = _api_body(acme.engineer, acme.admin)  # served as stored
    computed = _api_body(acme.engineer, acme.admin, as_of=timezone.localdate().isoformat())
    assert first == stored == computed


def test_an_outsider_is_still_refused_an_expired_result_and_nothing_is_recomputed(acme):
    assessment_for(acme.engineer)
    LiveAssessment.objects.filter(person=acme.engineer).update(as_of=date(2020, 1, 1))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(acme.outsider, 'test')}")
    assert client.get(f"/api/v1/people/{acme.engineer.pk}/assessment").status_code == 404
    assert LiveAssessment.objects.get(person=acme.engineer).as_of == date(2020, 1, 1)


def test_a_computed_body_equals_assess_on_the_profile_read_through_the_orm(acme):
    """The API's compiled queries (a check-in with only the engine's columns, plain evidence
    rows) hand the engine the same profile the plain ORM reads give."""
    _some_inputs(acme)
    day = date(timezone.localdate().year, 3, 1)
    _version, fw = live.active_framework(acme.org)
    first, second = (skill.id for skill in fw.skills[:2])
    CheckIn.objects.create(
        person=acme.engineer,
        quarter=f"{day.year}-Q1",
        status="submitted",
        self_ratings={first: 3, second: 1},
        manager_ratings={second: 2},
        notes="not an input",
    )
    checkin = (
        acme.engineer.checkins.exclude(status="draft")
        .filter(quarter__lte=f"{day.year}-Q1")
        .order_by("-quarter")
        .first()
    )
    evidence = list(Evidence.objects.filter(person=acme.engineer).order_by("date", "id"))
    profile = profile_of(acme.engineer, fw, checkin=checkin, evidence=evidence)
    assert profile.skills == {first: 3, second: 2}
    expected = json.loads(json.dumps(assess(fw, profile, as_of=day)))
    assert _api_body(acme.engineer, acme.manager, as_of=day.isoformat()) == expected
