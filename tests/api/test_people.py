"""/me and /people: who the caller is and whom they may see, compensation included or not."""

from __future__ import annotations

import pytest

from ladders.accounts.models import Person
from tests.org_fixtures import make_org

COMPENSATION = ("base_salary", "currency", "market")


@pytest.fixture
def paid_engineer(acme):
    Person.objects.filter(pk=acme.engineer.pk).update(base_salary=150000, currency="USD", market="us")
    return acme.engineer


def test_me_describes_the_caller_and_their_organisation(acme, api_as):
    body = api_as(acme.engineer).get("/me").json()
    assert body["name"] == "Eve Engineer"
    assert body["role"] == "engineer"
    assert body["team"] == "Applied AI"
    assert body["manager"] == {"id": acme.manager.pk, "name": "Max Manager"}
    assert body["org"]["name"] == "Acme"


def test_me_shows_the_callers_own_compensation(paid_engineer, api_as):
    body = api_as(paid_engineer).get("/me").json()
    assert (body["base_salary"], body["currency"], body["market"]) == (150000.0, "USD", "us")


def test_an_engineer_sees_only_themself_in_people(acme, api_as):
    body = api_as(acme.engineer).get("/people").json()
    assert [p["name"] for p in body["items"]] == ["Eve Engineer"]
    assert body["count"] == 1


def test_a_manager_sees_their_reporting_chain(acme, api_as):
    names = [p["name"] for p in api_as(acme.manager).get("/people").json()["items"]]
    assert names == ["Eve Engineer", "Max Manager"]


def test_an_admin_sees_the_whole_organisation_and_no_other(acme, api_as):
    make_org("Globex")
    body = api_as(acme.admin).get("/people").json()
    assert body["count"] == 5
    assert "Globex" not in str(body)


def test_people_are_paginated_with_limit_and_offset(acme, api_as):
    api = api_as(acme.admin)
    first = api.get("/people", limit=2).json()
    second = api.get("/people", limit=2, offset=2).json()
    assert (first["count"], first["limit"], first["offset"]) == (5, 2, 0)
    assert len(first["items"]) == 2 and len(second["items"]) == 2
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}


def test_a_page_larger_than_the_maximum_is_refused(acme, api_as):
    response = api_as(acme.admin).get("/people", limit=10_000)
    assert response.status_code == 422
    assert response.json()["field"] == "limit"


def test_a_person_in_reach_is_shown(acme, api_as):
    response = api_as(acme.manager).get(f"/people/{acme.engineer.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Eve Engineer"


@pytest.mark.parametrize("viewer", ["engineer", "manager", "admin"])
def test_compensation_is_shown_to_the_person_their_manager_and_admins(paid_engineer, acme, api_as, viewer):
    body = api_as(getattr(acme, viewer)).get(f"/people/{paid_engineer.pk}").json()
    assert body["base_salary"] == 150000.0
    assert body["currency"] == "USD"
    assert body["market"] == "us"


def test_compensation_keys_are_null_when_the_rule_hides_them(paid_engineer, acme, api_as, monkeypatch):
    monkeypatch.setattr("ladders.api.people.can_view_compensation", lambda viewer, person: False)
    body = api_as(acme.manager).get(f"/people/{paid_engineer.pk}").json()
    assert {key: body[key] for key in COMPENSATION} == dict.fromkeys(COMPENSATION)


def test_an_outsider_is_told_the_person_does_not_exist(paid_engineer, acme, api_as):
    response = api_as(acme.outsider).get(f"/people/{paid_engineer.pk}")
    assert response.status_code == 404
    assert "150000" not in response.content.decode()


def test_someone_in_another_organisation_is_a_404_even_for_an_admin(acme, api_as):
    globex = make_org("Globex")
    assert api_as(acme.admin).get(f"/people/{globex.engineer.pk}").status_code == 404


def test_an_unknown_id_and_an_unreachable_one_get_the_same_answer(acme, api_as):
    api = api_as(acme.outsider)
    unreachable = api.get(f"/people/{acme.engineer.pk}")
    missing = api.get("/people/999999")
    assert unreachable.status_code == missing.status_code == 404
    assert unreachable.json() == missing.json()
