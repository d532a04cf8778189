"""What the sign-off page shows a manager, and the ways to sign: as is, keeping theirs, or unrated."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ladders.leveling.models import AssessmentSnapshot, CheckInStatus
from tests.framework_ids import SKILL
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of

QUARTER = "2026-Q2"
IN_QUARTER, BEFORE_QUARTER = date(2026, 5, 12), date(2026, 1, 15)


@pytest.fixture
def submitted(acme, checkin, mid_evidence, add_evidence, fw):
    mid_evidence(acme.engineer)  # dated before the quarter
    shares = [60] + [40 // (len(fw.activities) - 1)] * (len(fw.activities) - 1)
    shares[0] += 100 - sum(shares)
    add_evidence(
        acme.engineer,
        fw.evidence_kinds[0].id,
        title="Retrieval latency halved",
        date=IN_QUARTER,
        outcome="p50 from 800 ms to 400 ms",
        skills=[SKILL.rag_systems],
    )
    return checkin(
        acme.engineer,
        QUARTER,
        status="submitted",
        self_ratings=MID_RATINGS,
        time_allocation={a.id: float(v) for a, v in zip(fw.activities, shares, strict=True)},
    )


def url(acme) -> str:
    return reverse("checkin-review", args=[acme.engineer.pk, QUARTER])


def test_the_page_shows_the_quarters_evidence_by_title_and_not_older_work(acme, signed_in, submitted):
    response = signed_in(acme.manager).get(url(acme))
    page = text_of(response)
    assert "Evidence dated in 2026-Q2" in page
    assert "Retrieval latency halved" in page and "p50 from 800 ms to 400 ms" in page
    older = acme.engineer.evidence.filter(date=BEFORE_QUARTER).first()
    assert older is not None and older.title not in page


def test_the_page_shows_the_time_split_by_activity_name(acme, signed_in, submitted, fw):
    page = text_of(signed_in(acme.manager).get(url(acme)))
    first = fw.activities[0]
    assert f"{first.name} {round(submitted.time_allocation[first.id])}%" in page


def test_self_ratings_are_shown_beside_the_managers_and_unrated_skills_say_so(acme, signed_in, submitted, fw):
    submitted.manager_ratings = {SKILL.rag_systems: 3}
    submitted.save()
    page = text_of(signed_in(acme.manager).get(url(acme)))
    names = {v.value: v.name for v in fw.rating_scale.values}
    rag = fw.skill_by_id[SKILL.rag_systems].name
    assert f"{rag} 2 {names[2]} 3 {names[3]}" in page
    unrated = next(s for s in fw.skills if s.id not in MID_RATINGS)
    assert f"{unrated.name} not rated not rated" in page


def test_the_page_names_the_level_signing_off_records_and_signing_records_it(
    acme, signed_in, submitted, fw, ratings_post
):
    client = signed_in(acme.manager)
    page = text_of(client.get(url(acme)))
    assert f"Signing off with the ratings as they stand records {fw.levels[1].name}" in page
    client.post(url(acme), {"action": "keep_self", "revision": str(submitted.revision)})
    assert AssessmentSnapshot.objects.get(checkin=submitted).level == fw.levels[1].id


def test_showing_the_level_of_changed_ratings_writes_nothing(acme, signed_in, submitted, fw, ratings_post):
    lowered = {**MID_RATINGS, SKILL.rag_systems: 1}
    data = {**ratings_post(**lowered), "action": "preview", "revision": str(submitted.revision)}
    response = signed_in(acme.manager).post(url(acme), data)
    assert response.status_code == 200
    assert f"With the ratings below, signing off records {fw.levels[0].name}" in text_of(response)
    submitted.refresh_from_db()
    assert submitted.status == CheckInStatus.SUBMITTED and not submitted.manager_ratings
    assert not AssessmentSnapshot.objects.exists()


def test_keeping_their_ratings_in_one_click_copies_exactly_the_skills_they_rated(acme, signed_in, submitted):
    response = signed_in(acme.manager).post(
        url(acme), {"action": "keep_self", "revision": str(submitted.revision)}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == CheckInStatus.SIGNED_OFF
    assert submitted.manager_ratings == MID_RATINGS


def test_a_skill_left_not_rated_gets_no_manager_rating(acme, signed_in, submitted, ratings_post):
    data = {**ratings_post(**MID_RATINGS), "revision": str(submitted.revision)}
    data[f"rating__{SKILL.rag_systems}"] = ""
    unrated = [name for name in data if name.startswith("rating__") and name[8:] not in MID_RATINGS]
    for name in unrated:
        data[name] = ""
    assert signed_in(acme.manager).post(url(acme), data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.manager_ratings == {k: v for k, v in MID_RATINGS.items() if k != SKILL.rag_systems}


def test_an_outsider_sees_none_of_it(acme, signed_in, submitted):
    response = signed_in(acme.outsider).get(url(acme))
    assert response.status_code == 404
    assert "Retrieval latency halved" not in response.content.decode()
