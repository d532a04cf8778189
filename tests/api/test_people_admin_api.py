"""The people admin API: filters on /people, edit, deactivate, reactivate, salary, invitations, audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from ladders.accounts.models import Person
from ladders.leveling.models import AuditEvent, SalaryBand
from tests.framework_ids import LEVEL


@pytest.fixture
def band(acme):
    for level in (LEVEL.junior, LEVEL.mid, LEVEL.senior):
        SalaryBand.objects.create(
            org=acme.org, level=level, market="us", currency="USD", min=Decimal(100000), max=Decimal(150000)
        )


def test_people_filters_narrow_what_the_caller_may_see(acme, api_as):
    admin = api_as(acme.admin)

    by_q = admin.get("/people", q="outsider").json()
    by_manager = admin.get("/people", manager_id=acme.manager.pk).json()
    by_team = admin.get("/people", team_id=acme.engineer.team_id).json()
    manager_sees = api_as(acme.manager).get("/people", q="oscar").json()

    assert [p["name"] for p in by_q["items"]] == ["Oscar Outsider"] and by_q["items"][0]["active"] is True
    assert [p["name"] for p in by_manager["items"]] == ["Eve Engineer"]
    assert {p["name"] for p in by_team["items"]} == {"Eve Engineer", "Max Manager"}
    assert manager_sees["count"] == 0  # a filter never widens the manager's reach


def test_an_admin_patches_the_team_and_manager_and_it_is_audited(acme, api_as):
    response = api_as(acme.admin).patch(
        f"/people/{acme.engineer.pk}", {"team": "Search", "manager_id": acme.other_manager.pk}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["team"] == "Search" and body["manager"]["id"] == acme.other_manager.pk
    assert body["title"] == ""  # left out: unchanged
    event = AuditEvent.objects.get(person=acme.engineer, action="person.edited")
    assert event.after == {"team": "Search", "manager": "Olga Other", "manager_id": acme.other_manager.pk}


def test_a_manager_may_not_edit_their_report_and_an_outsider_is_told_they_do_not_exist(acme, api_as):
    assert api_as(acme.manager).patch(f"/people/{acme.engineer.pk}", {"title": "CTO"}).status_code == 403
    assert api_as(acme.outsider).patch(f"/people/{acme.engineer.pk}", {"title": "CTO"}).status_code == 404
    assert Person.objects.get(pk=acme.engineer.pk).title == ""


def test_deactivating_a_manager_returns_the_reports_to_reassign_and_their_token_stops(acme, api_as):
    manager_api = api_as(acme.manager)

    response = api_as(acme.admin).post(f"/people/{acme.manager.pk}/deactivate")

    assert response.status_code == 200, response.content
    assert response.json()["person"]["active"] is False
    assert [p["name"] for p in response.json()["reports_to_reassign"]] == ["Eve Engineer"]
    refused = manager_api.get("/me")
    assert refused.status_code == 401 and "deactivated" in refused.json()["detail"]
    assert api_as(acme.admin).post(f"/people/{acme.manager.pk}/reactivate").json()["active"] is True
    assert manager_api.get("/me").status_code == 200


def test_a_salary_set_through_the_api_shows_as_pay_to_the_person_and_is_404_to_others(acme, api_as, band):
    response = api_as(acme.admin).put(
        f"/people/{acme.engineer.pk}/salary", {"base_salary": 120000, "currency": "USD", "market": "us"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["base_salary"] == 120000.0
    pay = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/pay").json()
    assert pay["compensation"]["base"] == 120000.0 and pay["compensation"]["currency"] == "USD"
    assert api_as(acme.outsider).get(f"/people/{acme.engineer.pk}/pay").status_code == 404
    assert api_as(acme.other_manager).get(f"/people/{acme.engineer.pk}").status_code == 404


def test_a_bad_salary_is_a_422_naming_the_field(acme, api_as, band):
    admin = api_as(acme.admin)
    path = f"/people/{acme.engineer.pk}/salary"

    assert (
        admin.put(path, {"base_salary": -5, "currency": "USD", "market": "us"}).json()["field"]
        == "base_salary"
    )
    assert (
        admin.put(path, {"base_salary": 5, "currency": "US$", "market": "us"}).json()["field"] == "currency"
    )
    assert admin.put(path, {"base_salary": 5, "currency": "USD", "market": "eu"}).json()["field"] == "market"
    assert Person.objects.get(pk=acme.engineer.pk).base_salary is None


def test_an_invitation_through_the_api_mails_a_link(acme, api_as):
    response = api_as(acme.admin).post(
        "/invitations",
        {"name": "Nina New", "email": "nina@acme.example", "manager_id": acme.manager.pk},
    )

    assert response.status_code == 201, response.content
    assert response.json()["manager"]["id"] == acme.manager.pk
    assert mail.outbox[0].to == ["nina@acme.example"] and "/invitations/" in mail.outbox[0].body
    assert api_as(acme.manager).post("/invitations", {"name": "X", "email": "x@y.z"}).status_code == 403


def test_the_audit_endpoint_lists_and_filters_events_for_admins_only(acme, api_as):
    api_as(acme.admin).patch(f"/people/{acme.engineer.pk}", {"title": "Senior engineer"})

    listed = api_as(acme.admin).get("/audit", person_id=acme.engineer.pk, action="person.").json()

    assert listed["count"] == 1 and listed["items"][0]["action"] == "person.edited"
    assert listed["items"][0]["actor"]["name"] == "Ada Admin"
    assert api_as(acme.manager).get("/audit").status_code == 404
