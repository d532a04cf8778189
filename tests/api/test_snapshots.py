"""A frozen assessment through the API: its level, result and the evidence it cited, as they were."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ladders.leveling import services
from ladders.leveling.models import AssessmentSnapshot
from ladders.leveling.profiles import quarter_of

MID_RATINGS = {"error_handling": 2, "input_validation": 2, "testable_code": 2, "rag_systems": 2}
TITLES = ["Support reply assistant", "Sales reply drafts", "Tracked down a retry storm"]


@pytest.fixture
def snapshot(acme):
    worked = timezone.localdate() - timedelta(days=40)
    kinds = [("shipped_project", "real"), ("shipped_project", "real"), ("debugging_story", "")]
    for title, (kind, users) in zip(TITLES, kinds, strict=True):
        data = {"kind": kind, "title": title, "date": worked, "scope": "feature", "users": users}
        services.evidence_create(
            actor=acme.engineer, person=acme.engineer, data={**data, "outcome": "Cut support tickets by 40%"}
        )
    checkin = services.checkin_save(
        actor=acme.engineer,
        person=acme.engineer,
        quarter=quarter_of(timezone.localdate()),
        self_ratings=MID_RATINGS,
        submit=True,
    )
    return services.checkin_sign_off(actor=acme.manager, checkin=checkin)


def url(acme, snapshot) -> str:
    return f"/people/{acme.engineer.pk}/snapshots/{snapshot.pk}"


def test_the_history_names_each_snapshot_by_id(acme, api_as, snapshot):
    items = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/history").json()["items"]
    assert [item["id"] for item in items] == [snapshot.pk]


def test_a_snapshot_shows_the_evidence_it_cited_as_it_was_at_sign_off(acme, api_as, snapshot):
    first, _, third = (acme.engineer.evidence.get(title=t) for t in TITLES)
    services.evidence_update(
        actor=acme.engineer, item=first, data={"title": "Renamed to rewrite history", "scope": "team"}
    )
    services.evidence_delete(actor=acme.engineer, item=third)
    for who in (acme.engineer, acme.manager, acme.admin):
        response = api_as(who).get(url(acme, snapshot))
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["id"], body["level"], body["quarter"]) == (snapshot.pk, "mid", snapshot.checkin.quarter)
        assert body["result"]["level"] == "mid"
        cited = {item["id"]: item for item in body["evidence"]}
        assert cited[first.slug] == {
            "id": first.slug,
            "title": "Support reply assistant",
            "kind": "shipped_project",
            "date": first.date.isoformat(),
            "outcome": "Cut support tickets by 40%",
            "scope": "feature",
        }
        assert cited[third.slug]["title"] == "Tracked down a retry storm"


def test_a_snapshot_is_not_found_for_an_outsider_or_under_another_person(acme, api_as, snapshot):
    assert api_as(acme.outsider).get(url(acme, snapshot)).status_code == 404
    other = f"/people/{acme.manager.pk}/snapshots/{snapshot.pk}"
    assert api_as(acme.admin).get(other).status_code == 404


def test_an_item_the_snapshot_kept_no_record_of_has_a_null_title(acme, api_as, snapshot):
    AssessmentSnapshot.objects.filter(pk=snapshot.pk).update(evidence={})
    body = api_as(acme.engineer).get(url(acme, snapshot)).json()
    assert body["evidence"] and all(item["title"] is None for item in body["evidence"])
