"""The cycles API: a paged list, one cycle, participation, and the admin's open, schedule and close."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ladders.core.dates import Quarter
from ladders.cycles.models import Cycle
from tests.cycles.cycle_helpers import QUARTER, open_cycle

NEW = {
    "name": "2026-Q1",
    "quarter": "2026-Q1",
    "opens_on": "2026-01-05",
    "self_review_due": "2026-03-20",
    "sign_off_due": "2026-03-31",
}


def test_the_list_pages_like_the_other_lists(acme, signed_in):
    open_cycle(acme)
    open_cycle(acme, name="2026-Q1", quarter="2026-Q1")

    body = signed_in(acme.engineer).get("/api/v1/cycles?limit=1").json()

    assert set(body) == {"count", "limit", "offset", "items"}
    assert (body["count"], body["limit"], body["offset"]) == (2, 1, 0)
    item = body["items"][0]
    assert item["name"] == QUARTER and item["quarter"] == QUARTER and item["state"] == "open"
    assert (item["opens_on"], item["self_review_due"], item["sign_off_due"]) == (
        "2026-04-01",
        "2026-06-19",
        "2026-06-30",
    )
    assert item["id"] > 0


def test_an_admin_opens_a_cycle_and_closes_it(acme, signed_in):
    client = signed_in(acme.admin)

    created = client.post("/api/v1/cycles", NEW, content_type="application/json")
    assert created.status_code == 201, created.content
    cycle_id = created.json()["id"]
    assert created.json()["state"] == "open"

    people = client.get(f"/api/v1/cycles/{cycle_id}/participation").json()
    assert people["counts"]["total"] == 5
    assert "self_ratings" not in str(people) and "notes" not in str(people)

    closed = client.post(f"/api/v1/cycles/{cycle_id}/close", content_type="application/json")
    assert closed.status_code == 200
    assert closed.json()["cycle"]["state"] == "closed"
    assert len(closed.json()["not_signed_off"]) == 5
    assert client.post(f"/api/v1/cycles/{cycle_id}/close").status_code == 409


def test_a_later_open_date_schedules_and_open_opens_it_now(acme, signed_in):
    today = timezone.localdate()
    quarter = str(Quarter.of(today))
    body = {
        "name": quarter,
        "quarter": quarter,
        "opens_on": (today + timedelta(days=1)).isoformat(),
        "self_review_due": (today + timedelta(days=10)).isoformat(),
        "sign_off_due": (today + timedelta(days=20)).isoformat(),
    }
    client = signed_in(acme.admin)

    created = client.post("/api/v1/cycles", body, content_type="application/json").json()
    assert created["state"] == "scheduled"

    opened = client.post(f"/api/v1/cycles/{created['id']}/open")
    assert opened.status_code == 200 and opened.json()["state"] == "open"
    assert client.get(f"/api/v1/cycles/{created['id']}/participation").json()["counts"]["total"] == 5


def test_bad_input_is_a_422_naming_the_field_and_nothing_is_written(acme, signed_in):
    client = signed_in(acme.admin)

    answer = client.post(
        "/api/v1/cycles", {**NEW, "sign_off_due": "2026-03-01"}, content_type="application/json"
    )

    assert answer.status_code == 422
    assert answer.json()["field"] == "sign_off_due"
    assert not Cycle.objects.exists()


def test_a_manager_may_not_open_a_cycle(acme, signed_in):
    assert (
        signed_in(acme.manager).post("/api/v1/cycles", NEW, content_type="application/json").status_code
        == 404
    )
    assert not Cycle.objects.exists()
