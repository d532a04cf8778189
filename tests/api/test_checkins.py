"""Check-ins: the person saves and submits their own; their manager signs off; stale saves are 409."""

from __future__ import annotations

import pytest

from ladders.leveling.models import AssessmentSnapshot, CheckIn
from ladders.leveling.services import checkin_save
from tests.framework_ids import ACTIVITY, LEVEL, SKILL

QUARTER = "2026-Q2"
ANSWERS = {
    "self_ratings": {SKILL.error_handling: 2, SKILL.rag_systems: 2},
    "time_allocation": {ACTIVITY.feature_delivery: 70, ACTIVITY.code_review: 10, ACTIVITY.learning: 20},
    "self_assessed_level": LEVEL.mid,
    "notes": "Shipped the support assistant.",
}


@pytest.fixture
def engineer_api(acme, api_as):
    return api_as(acme.engineer)


@pytest.fixture
def url(acme):
    return f"/people/{acme.engineer.pk}/checkins"


@pytest.fixture
def draft(engineer_api, url) -> dict:
    response = engineer_api.post(url, {"quarter": QUARTER, **ANSWERS})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def submitted(engineer_api, url, draft) -> dict:
    response = engineer_api.post(f"{url}/{QUARTER}/submit", {"revision": draft["revision"]})
    assert response.status_code == 200, response.content
    return response.json()


def test_saving_a_checkin_creates_a_draft(acme, draft):
    assert draft["status"] == "draft"
    assert draft["self_ratings"] == ANSWERS["self_ratings"]
    stored = CheckIn.objects.get(person=acme.engineer, quarter=QUARTER)
    assert stored.notes == ANSWERS["notes"]


def test_a_checkin_is_read_back_by_quarter(engineer_api, url, draft):
    body = engineer_api.get(f"{url}/{QUARTER}").json()
    assert body["quarter"] == QUARTER
    assert body["revision"] == draft["revision"]


def test_a_quarter_without_a_checkin_is_a_404(engineer_api, url):
    assert engineer_api.get(f"{url}/2020-Q1").status_code == 404


def test_checkins_are_listed_newest_quarter_first(engineer_api, url, draft):
    engineer_api.post(url, {"quarter": "2026-Q1", **ANSWERS})
    body = engineer_api.get(url).json()
    assert [c["quarter"] for c in body["items"]] == [QUARTER, "2026-Q1"]
    assert body["count"] == 2


def test_put_with_the_current_revision_saves_and_bumps_it(engineer_api, url, draft):
    changed = {**ANSWERS, "self_ratings": {SKILL.error_handling: 3}, "revision": draft["revision"]}
    response = engineer_api.put(f"{url}/{QUARTER}", changed)
    assert response.status_code == 200
    assert response.json()["revision"] == draft["revision"] + 1
    assert response.json()["self_ratings"] == {SKILL.error_handling: 3}


def test_a_stale_revision_is_a_409_and_changes_nothing(acme, engineer_api, url, draft):
    engineer_api.put(f"{url}/{QUARTER}", {**ANSWERS, "notes": "second tab", "revision": draft["revision"]})
    stale = {
        **ANSWERS,
        "notes": "first tab",
        "self_ratings": {SKILL.rag_systems: 4},
        "revision": draft["revision"],
    }
    response = engineer_api.put(f"{url}/{QUARTER}", stale)
    assert response.status_code == 409
    assert "reload" in response.json()["detail"]
    stored = CheckIn.objects.get(person=acme.engineer, quarter=QUARTER)
    assert (stored.notes, stored.self_ratings, stored.revision) == (
        "second tab",
        ANSWERS["self_ratings"],
        draft["revision"] + 1,
    )


def test_a_stale_revision_on_post_is_a_409_too(engineer_api, url, draft):
    engineer_api.put(f"{url}/{QUARTER}", {**ANSWERS, "revision": draft["revision"]})
    response = engineer_api.post(url, {"quarter": QUARTER, **ANSWERS, "revision": draft["revision"]})
    assert response.status_code == 409


def test_an_unknown_skill_in_the_ratings_is_a_422_naming_the_field(engineer_api, url):
    response = engineer_api.post(url, {"quarter": QUARTER, "self_ratings": {"juggling": 3}})
    assert response.status_code == 422
    assert response.json()["field"] == "self_ratings"


def test_a_rating_sent_as_text_is_a_422(engineer_api, url):
    response = engineer_api.post(url, {"quarter": QUARTER, "self_ratings": {SKILL.rag_systems: "3"}})
    assert response.status_code == 422
    assert response.json()["field"].startswith("self_ratings")


def test_a_badly_written_quarter_is_a_422(engineer_api, url):
    response = engineer_api.post(url, {"quarter": "Q2 2026", **ANSWERS})
    assert response.status_code == 422
    assert response.json()["field"] == "quarter"


def test_submitting_keeps_the_saved_answers(submitted):
    assert submitted["status"] == "submitted"
    assert submitted["submitted_at"] is not None
    assert submitted["self_ratings"] == ANSWERS["self_ratings"]


def test_a_submitted_checkin_can_no_longer_be_edited(engineer_api, url, submitted):
    response = engineer_api.put(f"{url}/{QUARTER}", ANSWERS)
    assert response.status_code == 409


def test_a_manager_cannot_save_or_submit_a_reports_checkin(acme, api_as, url, draft):
    manager = api_as(acme.manager)
    assert manager.post(url, {"quarter": QUARTER, **ANSWERS}).status_code == 403
    assert manager.post(f"{url}/{QUARTER}/submit", {}).status_code == 403
    assert CheckIn.objects.get(quarter=QUARTER).status == "draft"


def test_the_manager_signs_off_a_submitted_checkin_and_the_level_is_frozen(acme, api_as, url, submitted):
    response = api_as(acme.manager).post(
        f"{url}/{QUARTER}/sign-off",
        {
            "manager_ratings": {SKILL.error_handling: 3},
            "manager_notes": "Agreed.",
            "revision": submitted["revision"],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["checkin"]["status"] == "signed_off"
    assert body["checkin"]["signed_off_by"]["name"] == "Max Manager"
    snapshot = AssessmentSnapshot.objects.get(person=acme.engineer)
    assert body["snapshot"] == {
        "id": snapshot.pk,
        "as_of": snapshot.as_of.isoformat(),
        "level": snapshot.level,
        "framework_hash": snapshot.framework_hash,
    }


def test_an_engineer_cannot_sign_off_their_own_checkin(acme, engineer_api, url, submitted):
    response = engineer_api.post(f"{url}/{QUARTER}/sign-off", {})
    assert response.status_code == 403
    assert CheckIn.objects.get(quarter=QUARTER).status == "submitted"
    assert not AssessmentSnapshot.objects.exists()


def test_a_draft_cannot_be_signed_off(acme, api_as, url, draft):
    # To anyone but its author a draft does not exist (tests/api/test_checkin_drafts_api.py).
    response = api_as(acme.manager).post(f"{url}/{QUARTER}/sign-off", {})
    assert response.status_code == 404
    assert CheckIn.objects.get(quarter=QUARTER).status == "draft"
    assert not AssessmentSnapshot.objects.exists()


def test_a_stale_sign_off_is_a_409_and_freezes_nothing(acme, api_as, url, submitted):
    response = api_as(acme.manager).post(f"{url}/{QUARTER}/sign-off", {"revision": submitted["revision"] - 1})
    assert response.status_code == 409
    assert not AssessmentSnapshot.objects.exists()


def test_an_outsider_cannot_sign_off(acme, api_as, url, submitted):
    assert api_as(acme.outsider).post(f"{url}/{QUARTER}/sign-off", {}).status_code == 404


def test_history_lists_the_frozen_levels_with_their_framework_hash(acme, api_as):
    checkin_save(actor=acme.engineer, person=acme.engineer, quarter="2026-Q1", self_ratings={}, submit=True)
    api_as(acme.manager).post(f"/people/{acme.engineer.pk}/checkins/2026-Q1/sign-off", {})
    body = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/history").json()
    snapshot = AssessmentSnapshot.objects.get()
    assert body["items"] == [
        {
            "id": snapshot.pk,
            "as_of": snapshot.as_of.isoformat(),
            "level": LEVEL.junior,
            "framework_hash": snapshot.framework_hash,
            "quarter": "2026-Q1",
        }
    ]


def test_submitting_needs_no_body(acme, engineer_api, url, draft):
    response = engineer_api.client.generic("POST", f"/api/v1{url}/{QUARTER}/submit")  # like curl -X POST
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
