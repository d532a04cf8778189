"""Stored current assessments: reused while nothing changes, recomputed when anything does."""

from __future__ import annotations

from datetime import date

import pytest

from ladders.leveling import live
from ladders.leveling.models import CheckIn, Evidence, LiveAssessment, MaturityAssessment
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
