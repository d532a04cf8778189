"""Which quarters a check-in may be for, through the API: the core's one rule, as a 422."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ladders.core.dates import Quarter
from ladders.leveling.models import AssessmentSnapshot, CheckIn
from tests.framework_ids import SKILL

ANSWERS = {"self_ratings": {SKILL.error_handling: 2}}


def this_quarter() -> Quarter:
    return Quarter.of(timezone.localdate())


def next_quarter() -> str:
    now = this_quarter()
    return str(Quarter(now.year + 1, 1) if now.number == 4 else Quarter(now.year, now.number + 1))


@pytest.fixture
def url(acme) -> str:
    return f"/people/{acme.engineer.pk}/checkins"


def test_year_0000_is_a_422_that_says_which_quarters_exist(acme, api_as, url):
    response = api_as(acme.engineer).post(url, {"quarter": "0000-Q1", **ANSWERS})
    assert response.status_code == 422
    assert response.json()["field"] == "quarter"
    assert "quarters run from 0001-Q1 to 9999-Q4" in response.json()["detail"]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("method", ["post", "put"])
def test_a_quarter_that_has_not_started_is_a_422(acme, api_as, url, method):
    api = api_as(acme.engineer)
    if method == "post":
        response = api.post(url, {"quarter": next_quarter(), **ANSWERS})
    else:
        response = api.put(f"{url}/{next_quarter()}", ANSWERS)
    assert response.status_code == 422
    assert "has not started yet" in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_the_current_quarter_is_accepted(acme, api_as, url):
    response = api_as(acme.engineer).post(url, {"quarter": str(this_quarter()), **ANSWERS})
    assert response.status_code == 200, response.content


def test_a_check_in_for_0001_q1_is_signed_off_without_a_crash(acme, api_as, url):
    saved = api_as(acme.engineer).post(url, {"quarter": "0001-Q1", "submit": True, **ANSWERS})
    assert saved.status_code == 200, saved.content
    response = api_as(acme.manager).post(f"{url}/0001-Q1/sign-off", {})
    assert response.status_code == 200, response.content
    assert response.json()["snapshot"]["as_of"] == "0001-03-31"
    assert AssessmentSnapshot.objects.get(person=acme.engineer).as_of.year == 1


@pytest.mark.parametrize("stored", ["0000-Q1", "2026-Q9"])
def test_a_stored_check_in_with_an_impossible_quarter_is_refused_at_sign_off_not_a_500(
    acme, api_as, url, stored
):
    CheckIn.objects.create(person=acme.engineer, quarter=stored, status="submitted", self_ratings={})
    response = api_as(acme.manager).post(f"{url}/{stored}/sign-off", {})
    assert response.status_code in (404, 422)
    assert not AssessmentSnapshot.objects.exists()
