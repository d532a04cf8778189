"""A person's pay against their level's band: shown to whoever may see their compensation."""

from __future__ import annotations

import pytest

from ladders.accounts.models import Person
from ladders.leveling.pay import band_set
from tests.framework_ids import LEVEL
from tests.minimum_profiles import minimum_profile
from tests.records import give_record


@pytest.fixture
def paid_engineer(acme):
    """Eve, assessed junior, paid 90,000 USD in the us market, with a junior band of 80-100k."""
    Person.objects.filter(pk=acme.engineer.pk).update(base_salary=90000, currency="USD", market="us")
    band_set(actor=acme.admin, level=LEVEL.junior, market="us", currency="USD", min=80000, max=100000)
    return acme.engineer


@pytest.mark.parametrize("viewer", ["engineer", "manager", "admin"])
def test_the_person_their_manager_and_admins_see_where_the_pay_sits(acme, api_as, paid_engineer, viewer):
    response = api_as(getattr(acme, viewer)).get(f"/people/{paid_engineer.pk}/pay")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["person_id"] == paid_engineer.pk
    position = body["compensation"]
    assert (position["base"], position["currency"], position["level"]) == (90000.0, "USD", LEVEL.junior)
    assert position["band"] == {"min": 80000.0, "max": 100000.0}
    assert (position["position"], position["placement"]) == (0.5, "in band")


def test_at_mid_the_jump_to_senior_is_shown_with_the_frameworks_words(acme, api_as, paid_engineer):
    give_record(paid_engineer, minimum_profile(LEVEL.mid))

    position = api_as(acme.engineer).get(f"/people/{paid_engineer.pk}/pay").json()["compensation"]

    assert position["level"] == LEVEL.mid
    assert (position["jump"]["from"], position["jump"]["to"]) == (LEVEL.mid, LEVEL.senior)
    assert position["jump"]["range"] == [108000.0, 121500.0]
    assert [item["outcome"] for item in position["negotiation_brief"]] == ["Cut support tickets by 40%"]


def test_a_person_without_pay_on_record_has_no_position(acme, api_as):
    body = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/pay").json()
    assert body == {"person_id": acme.engineer.pk, "compensation": None}


def test_without_a_matching_band_the_position_is_null(acme, api_as):
    Person.objects.filter(pk=acme.engineer.pk).update(base_salary=90000, currency="EUR", market="de")
    position = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/pay").json()["compensation"]
    assert (position["band"], position["position"], position["placement"]) == (None, None, None)


@pytest.mark.parametrize("viewer", ["outsider", "other_manager"])
def test_anyone_else_is_told_the_person_does_not_exist(acme, api_as, paid_engineer, viewer):
    response = api_as(getattr(acme, viewer)).get(f"/people/{paid_engineer.pk}/pay")
    assert response.status_code == 404
    assert "90000" not in response.content.decode()


def test_a_pay_record_that_is_not_valid_is_a_422(acme, api_as):
    Person.objects.filter(pk=acme.engineer.pk).update(base_salary=90000, currency="usd", market="us")
    response = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/pay")
    assert response.status_code == 422
    assert response.json()["field"] == "compensation"


def test_pay_needs_authentication(anonymous, acme):
    assert anonymous.get(f"/people/{acme.engineer.pk}/pay").status_code == 401
