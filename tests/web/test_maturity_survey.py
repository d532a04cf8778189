"""The org maturity survey: managers and admins record it, everyone sees the latest result."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ladders.leveling.models import MaturityAssessment
from tests.web.web_helpers import text_of

URL = reverse("maturity")


@pytest.fixture
def answers(fw):
    def build(rating: int = 3, **overrides: int) -> dict[str, str]:
        data = {f"phase__{p.id}": str(rating) for p in fw.maturity.phases}
        data.update({f"phase__{k}": str(v) for k, v in overrides.items()})
        return data

    return build


def test_the_survey_rates_every_framework_phase_on_the_maturity_scale(acme, signed_in, fw):
    html = signed_in(acme.manager).get(URL).content.decode()
    for phase in fw.maturity.phases:
        values = re.findall(rf'name="phase__{phase.id}" value="(\d+)"', html)
        assert values == [str(level.value) for level in fw.maturity.levels]
        assert phase.name in html
    for level in fw.maturity.levels:
        assert level.description.strip().split("\n")[0][:40] in html


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_managers_and_admins_record_a_result(acme, signed_in, answers, fw, who):
    response = signed_in(getattr(acme, who)).post(URL, answers(3, planning=1, design=2))
    assert response.status_code == 302
    record = MaturityAssessment.objects.get(org=acme.org)
    assert record.level == 3 and record.created_by == getattr(acme, who)
    assert record.framework_hash == fw.content_hash


def test_everyone_sees_the_latest_level_its_phases_and_the_next_step(acme, signed_in, answers, fw):
    signed_in(acme.manager).post(URL, answers(2, coding=4))
    response = signed_in(acme.engineer).get(URL)
    page = text_of(response)
    level = fw.maturity.levels[1]
    assert f"Level 2: {level.name}" in page
    assert f"Next step: level 3 {fw.maturity.levels[2].name}" in page
    assert 'aria-labelledby="maturity-title maturity-desc"' in response.content.decode()
    assert 'name="phase__' not in response.content.decode()


def test_an_engineer_cannot_record_one(acme, signed_in, answers):
    assert signed_in(acme.engineer).post(URL, answers(5)).status_code == 404
    assert not MaturityAssessment.objects.exists()


def test_a_missing_phase_is_reported_and_nothing_is_recorded(acme, signed_in, answers, fw):
    data = answers(3)
    del data[f"phase__{fw.maturity.phases[0].id}"]
    response = signed_in(acme.manager).post(URL, data)
    assert response.status_code == 422
    assert b"This field is required" in response.content
    assert not MaturityAssessment.objects.exists()


def test_another_organisations_result_is_not_shown(acme, signed_in, answers):
    from tests.org_fixtures import make_org

    other = make_org("Globex")
    signed_in(other.manager).post(URL, answers(5))
    assert "No survey recorded yet" in text_of(signed_in(acme.engineer).get(URL))
