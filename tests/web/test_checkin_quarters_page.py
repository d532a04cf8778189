"""The check-in pages refuse quarters the core refuses, as form errors; 0001-Q1 signs off."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ladders.core.dates import Quarter
from ladders.leveling.models import AssessmentSnapshot, CheckIn
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of


def next_quarter() -> str:
    now = Quarter.of(timezone.localdate())
    return str(Quarter(now.year + 1, 1) if now.number == 4 else Quarter(now.year, now.number + 1))


@pytest.fixture
def post_data(fw, ratings_post):
    data = ratings_post(**MID_RATINGS)
    data.update({f"time__{a}": "" for a in fw.activity_ids})
    data.update({"self_assessed_level": "", "notes": "", "revision": "0", "action": "draft"})
    return data


@pytest.mark.parametrize(
    ("quarter", "message"),
    [(next_quarter(), "has not started yet"), ("0000-Q1", "quarters run from 0001-Q1 to 9999-Q4")],
)
def test_a_quarter_the_core_refuses_is_a_form_error_and_saves_nothing(
    acme, signed_in, post_data, quarter, message
):
    response = signed_in(acme.engineer).post(reverse("checkin", args=[quarter]), post_data)
    assert response.status_code == 422
    assert message in text_of(response)
    assert not CheckIn.objects.exists()


def test_a_manager_signs_off_a_0001_q1_check_in(acme, signed_in, checkin, ratings_post):
    submitted = checkin(acme.engineer, "0001-Q1", self_ratings=MID_RATINGS)
    data = {**ratings_post(**MID_RATINGS), "manager_notes": "", "revision": str(submitted.revision)}
    response = signed_in(acme.manager).post(
        reverse("checkin-review", args=[acme.engineer.pk, "0001-Q1"]), data
    )
    assert response.status_code == 302
    assert AssessmentSnapshot.objects.get(checkin=submitted).as_of.isoformat() == "0001-03-31"
