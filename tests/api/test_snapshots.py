"""A frozen assessment through the API: its level, result and the evidence it cited, as they were."""

from __future__ import annotations

import pytest

from ladders.leveling import services
from ladders.leveling.models import AssessmentSnapshot
from tests.framework_ids import KIND, LEVEL
from tests.minimum_profiles import minimum_profile
from tests.records import signed_off

MID = minimum_profile(LEVEL.mid)
TITLES = [item["title"] for item in MID["evidence"]]


@pytest.fixture
def snapshot(acme):
    """Eve's mid evidence and ratings, signed off by her manager this quarter."""
    return signed_off(acme.engineer, acme.manager, MID)


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
        assert (body["id"], body["level"], body["quarter"]) == (
            snapshot.pk,
            LEVEL.mid,
            snapshot.checkin.quarter,
        )
        assert body["result"]["level"] == LEVEL.mid
        cited = {item["id"]: item for item in body["evidence"]}
        assert cited[first.slug] == {
            "id": first.slug,
            "title": "shipped project shipped-1",
            "kind": KIND.shipped_project,
            "date": first.date.isoformat(),
            "outcome": "Cut support tickets by 40%",
            "scope": "feature",
        }
        assert cited[third.slug]["title"] == "debugging story debugging"


def test_a_snapshot_is_not_found_for_an_outsider_or_under_another_person(acme, api_as, snapshot):
    assert api_as(acme.outsider).get(url(acme, snapshot)).status_code == 404
    other = f"/people/{acme.manager.pk}/snapshots/{snapshot.pk}"
    assert api_as(acme.admin).get(other).status_code == 404


def test_an_item_the_snapshot_kept_no_record_of_has_a_null_title(acme, api_as, snapshot):
    AssessmentSnapshot.objects.filter(pk=snapshot.pk).update(evidence={})
    body = api_as(acme.engineer).get(url(acme, snapshot)).json()
    assert body["evidence"] and all(item["title"] is None for item in body["evidence"])
