"""My quarterly check-in: a form derived from the framework, drafts, submit, stale edits."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ladders.leveling.models import CheckIn, CheckInStatus
from tests.framework_ids import SKILL
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of

QUARTER = "2026-Q4"
URL = reverse("checkin", args=[QUARTER])


@pytest.fixture
def post_data(fw, ratings_post):
    def build(**extra) -> dict:
        data = ratings_post(**MID_RATINGS)
        data.update({f"time__{a}": "" for a in fw.activity_ids})
        data.update(
            {"self_assessed_level": "", "notes": "A good quarter", "revision": "0", "action": "draft"}
        )
        data.update(extra)
        return data

    return build


def test_the_form_has_one_radio_group_per_framework_skill_with_its_rubric(acme, signed_in, fw):
    html = signed_in(acme.engineer).get(URL).content.decode()
    scale = fw.rating_scale
    for skill in fw.skills:
        radios = re.findall(rf'<input type="radio" name="rating__{skill.id}" value="(\d+)"', html)
        assert radios == [str(v) for v in range(scale.min, scale.max + 1)], skill.id
    assert html.count("<legend>") >= len(fw.skills)
    rubric_line = fw.skills[0].rubric[scale.max].replace("'", "&#x27;")
    assert rubric_line in html
    for category in fw.category_list:
        assert category.name in html


def test_the_form_asks_for_time_per_framework_activity_and_a_self_assessed_level(acme, signed_in, fw):
    html = signed_in(acme.engineer).get(URL).content.decode()
    for activity in fw.activities:
        assert f'name="time__{activity.id}"' in html and activity.name in html
    for level in fw.levels:
        assert f'<option value="{level.id}">{level.name}</option>' in html


def test_saving_a_draft_stores_the_ratings_and_keeps_it_editable(acme, signed_in, post_data):
    response = signed_in(acme.engineer).post(URL, post_data())
    assert response.status_code == 302 and response.url == URL
    checkin = CheckIn.objects.get(person=acme.engineer, quarter=QUARTER)
    assert checkin.status == CheckInStatus.DRAFT
    assert {k: v for k, v in checkin.self_ratings.items() if v} == MID_RATINGS
    assert checkin.notes == "A good quarter" and checkin.time_allocation is None


def test_submitting_makes_the_dashboard_use_the_submitted_ratings(
    acme, signed_in, post_data, mid_evidence, fw
):
    mid_evidence(acme.engineer)
    client = signed_in(acme.engineer)
    assert f"Evidence-based level: {fw.levels[0].name}" in text_of(client.get("/"))
    time = {f"time__{a}": "0" for a in fw.activity_ids}
    time[f"time__{fw.activity_ids[0]}"] = "100"
    response = client.post(URL, post_data(action="submit", self_assessed_level=fw.levels[1].id, **time))
    assert response.status_code == 302 and response.url == "/"
    checkin = CheckIn.objects.get(person=acme.engineer, quarter=QUARTER)
    assert checkin.status == CheckInStatus.SUBMITTED and checkin.submitted_at is not None
    assert checkin.time_allocation[fw.activity_ids[0]] == 100
    assert f"Evidence-based level: {fw.levels[1].name}" in text_of(client.get("/"))


def test_time_shares_that_do_not_add_up_to_100_are_refused_and_nothing_is_saved(
    acme, signed_in, post_data, fw
):
    time = {f"time__{a}": "10" for a in fw.activity_ids}
    response = signed_in(acme.engineer).post(URL, post_data(**time))
    assert response.status_code == 422
    assert f"add up to {10 * len(fw.activity_ids)}, not 100" in text_of(response)
    assert not CheckIn.objects.exists()


def test_a_stale_revision_gets_409_and_keeps_what_i_typed(acme, signed_in, post_data, checkin):
    record = checkin(acme.engineer, QUARTER, status="draft", notes="saved elsewhere", revision=3)
    response = signed_in(acme.engineer).post(URL, post_data(revision="2", notes="my careful words"))
    assert response.status_code == 409
    assert "saved somewhere else after you opened it" in text_of(response)
    html = response.content.decode()
    assert "my careful words" in html
    assert 'name="revision" value="3"' in html
    assert re.search(r'name="rating__rag_systems" value="2"[^>]*checked', html)
    record.refresh_from_db()
    assert record.notes == "saved elsewhere" and record.revision == 3


def test_saving_again_after_a_conflict_is_deliberate_and_goes_through(acme, signed_in, post_data, checkin):
    record = checkin(acme.engineer, QUARTER, status="draft", revision=3)
    client = signed_in(acme.engineer)
    assert client.post(URL, post_data(revision="3", notes="mine")).status_code == 302
    record.refresh_from_db()
    assert record.notes == "mine" and record.revision == 4


def test_a_new_check_in_starts_from_my_last_one(acme, signed_in, checkin, fw):
    checkin(acme.engineer, "2026-Q2", status="signed_off", self_ratings={SKILL.rag_systems: 3})
    html = signed_in(acme.engineer).get(URL).content.decode()
    assert re.search(r'name="rating__rag_systems" value="3"[^>]*checked', html)


def test_a_submitted_check_in_is_read_only(acme, signed_in, checkin, post_data):
    checkin(acme.engineer, QUARTER, status="submitted", self_ratings={SKILL.rag_systems: 2})
    client = signed_in(acme.engineer)
    page = client.get(URL)
    assert "Status: Submitted" in text_of(page) and b'name="action"' not in page.content
    response = client.post(URL, post_data(revision="1"))
    assert response.status_code == 409
    assert "can no longer be edited" in text_of(response)


def test_the_list_shows_my_check_ins_and_offers_the_current_quarter(acme, signed_in, checkin):
    checkin(acme.engineer, "2026-Q1", status="signed_off")
    checkin(acme.outsider, "2025-Q4", status="submitted")
    page = text_of(signed_in(acme.engineer).get(reverse("checkins")))
    assert "2026-Q1 Signed off" in page and "2025-Q4" not in page
    assert "check-in" in page and ("Start the" in page or "Open the" in page)


def test_a_quarter_not_written_as_yyyy_qn_is_not_a_page(acme, signed_in):
    assert signed_in(acme.engineer).get("/checkins/2026-Q5/").status_code == 404


def test_my_check_in_address_only_ever_shows_my_own(acme, signed_in, checkin):
    checkin(acme.outsider, QUARTER, status="draft", notes="Oscar's private notes")
    response = signed_in(acme.engineer).get(URL)
    assert (
        b"Oscar&#x27;s private notes" not in response.content and b"Oscar's private" not in response.content
    )


def test_a_skill_left_not_rated_is_saved_without_a_rating(acme, signed_in, post_data, fw):
    data = post_data()
    for skill in fw.skills:
        if skill.id not in MID_RATINGS or skill.id == SKILL.rag_systems:
            data[f"rating__{skill.id}"] = ""
    assert signed_in(acme.engineer).post(URL, data).status_code == 302
    saved = CheckIn.objects.get(person=acme.engineer, quarter=QUARTER).self_ratings
    assert saved == {k: v for k, v in MID_RATINGS.items() if k != SKILL.rag_systems}


def test_skill_categories_start_collapsed_and_open_where_an_answer_is_wrong(acme, signed_in, post_data, fw):
    client = signed_in(acme.engineer)
    html = client.get(URL).content.decode()
    assert html.count('<details class="rating-category">') == len(fw.category_list)
    response = client.post(URL, post_data(**{f"rating__{SKILL.rag_systems}": "99"}))
    assert response.status_code == 422
    assert response.content.decode().count('<details class="rating-category" open>') == 1


def test_time_shares_that_miss_100_are_reported_beside_the_time_section_by_name(
    acme, signed_in, post_data, fw
):
    shares = {f"time__{a.id}": "" for a in fw.activities}
    shares[f"time__{fw.activities[0].id}"] = "90"
    response = signed_in(acme.engineer).post(URL, post_data(**shares))
    assert response.status_code == 422
    html = response.content.decode()
    section = html[html.index('id="time-heading"') : html.index('id="self-heading"')]
    assert "Where my time went: percentages add up to 90, not 100" in section
    assert "time_allocation" not in text_of(response)
    assert not CheckIn.objects.filter(person=acme.engineer).exists()
