"""A manager reviews a report's submitted check-in and signs it off."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ladders.leveling.models import AssessmentSnapshot, CheckInStatus
from tests.framework_ids import SKILL
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of

QUARTER = "2026-Q2"


@pytest.fixture
def submitted(acme, checkin, mid_evidence):
    mid_evidence(acme.engineer)
    return checkin(
        acme.engineer, QUARTER, status="submitted", self_ratings=MID_RATINGS, notes="Shipped *two* things"
    )


def url(acme) -> str:
    return reverse("checkin-review", args=[acme.engineer.pk, QUARTER])


def test_the_managers_ratings_start_from_the_self_ratings_and_unrated_skills_stay_unrated(
    acme, signed_in, submitted, fw
):
    response = signed_in(acme.manager).get(url(acme))
    assert response.status_code == 200
    html = response.content.decode()
    for skill in fw.skills:
        expected = MID_RATINGS.get(skill.id, "")
        assert re.search(rf'name="rating__{skill.id}" value="{expected}"[^>]*checked', html), skill.id
    assert "<em>two</em>" in html
    assert "Sign off" in text_of(response)


def test_signing_off_freezes_a_snapshot_with_the_framework_hash_and_sets_the_level(
    acme, signed_in, submitted, fw, ratings_post
):
    data = {**ratings_post(**MID_RATINGS), "manager_notes": "Agreed", "revision": str(submitted.revision)}
    response = signed_in(acme.manager).post(url(acme), data)
    assert response.status_code == 302
    snapshot = AssessmentSnapshot.objects.get(checkin=submitted)
    assert snapshot.framework_hash == fw.content_hash
    assert snapshot.framework.content_hash == fw.content_hash
    assert snapshot.level == fw.levels[1].id
    submitted.refresh_from_db()
    assert submitted.status == CheckInStatus.SIGNED_OFF and submitted.signed_off_by == acme.manager
    assert submitted.manager_notes == "Agreed"
    acme.engineer.refresh_from_db()
    assert acme.engineer.level == fw.levels[1].id
    assert f"2026-Q2 {fw.levels[1].name}" in text_of(signed_in(acme.engineer).get("/"))


def test_a_manager_rating_overrides_the_self_rating(acme, signed_in, submitted, fw, ratings_post):
    lowered = {**MID_RATINGS, SKILL.rag_systems: 1}
    data = {**ratings_post(**lowered), "manager_notes": "", "revision": str(submitted.revision)}
    signed_in(acme.manager).post(url(acme), data)
    submitted.refresh_from_db()
    assert submitted.manager_ratings[SKILL.rag_systems] == 1
    assert AssessmentSnapshot.objects.get(checkin=submitted).level == fw.levels[0].id


def test_a_stale_revision_gets_409_keeps_the_input_and_signs_nothing(
    acme, signed_in, submitted, ratings_post
):
    data = {
        **ratings_post(**MID_RATINGS),
        "manager_notes": "my notes",
        "revision": str(submitted.revision - 1),
    }
    response = signed_in(acme.manager).post(url(acme), data)
    assert response.status_code == 409
    assert "my notes" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == CheckInStatus.SUBMITTED
    assert not AssessmentSnapshot.objects.exists()


@pytest.mark.parametrize("who", ["engineer", "outsider", "other_manager"])
def test_nobody_outside_the_management_chain_can_see_or_sign_it(
    acme, signed_in, submitted, who, ratings_post
):
    client = signed_in(getattr(acme, who))
    assert client.get(url(acme)).status_code == 404
    data = {**ratings_post(), "revision": str(submitted.revision)}
    assert client.post(url(acme), data).status_code == 404
    assert not AssessmentSnapshot.objects.exists()


def test_a_draft_is_not_shown_to_the_manager(acme, signed_in, checkin):
    checkin(acme.engineer, QUARTER, status="draft")
    assert signed_in(acme.manager).get(url(acme)).status_code == 404


def test_an_admin_may_sign_off(acme, signed_in, submitted, ratings_post):
    data = {**ratings_post(**MID_RATINGS), "revision": str(submitted.revision)}
    assert signed_in(acme.admin).post(url(acme), data).status_code == 302
    assert AssessmentSnapshot.objects.filter(checkin=submitted).exists()


def test_a_signed_off_check_in_is_shown_read_only_with_its_level(
    acme, signed_in, submitted, ratings_post, fw
):
    client = signed_in(acme.manager)
    client.post(url(acme), {**ratings_post(**MID_RATINGS), "revision": str(submitted.revision)})
    page = text_of(client.get(url(acme)))
    assert "Status: Signed off" in page and f"Level recorded: {fw.levels[1].name}" in page
