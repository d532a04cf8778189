"""The team page: live and recorded levels, the distribution, who is ready, pitfall counts."""

from __future__ import annotations

from django.urls import reverse

from ladders.accounts.services import person_create
from tests.framework_ids import KIND
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of

URL = reverse("team")


def test_a_manager_sees_their_reports_with_live_and_recorded_level(acme, signed_in, fw):
    response = signed_in(acme.manager).get(URL)
    assert response.status_code == 200
    page = text_of(response)
    assert "Eve Engineer" in page
    assert "Oscar Outsider" not in page and "Ada Admin" not in page


def test_an_admin_sees_everyone_but_themself(acme, signed_in):
    page = text_of(signed_in(acme.admin).get(URL))
    for person in [acme.manager, acme.other_manager, acme.engineer, acme.outsider]:
        assert person.name in page


def test_the_distribution_chart_has_one_bar_per_framework_level(acme, signed_in, fw):
    html = signed_in(acme.admin).get(URL).content.decode()
    assert 'aria-labelledby="distribution-title distribution-desc"' in html
    assert f"{fw.levels[0].name}: 4" in html
    for level in fw.levels:
        assert f">{level.name}</text>" in html


def test_someone_whose_evidence_shows_more_than_the_recorded_level_is_ready(
    acme, signed_in, fw, mid_evidence, checkin
):
    acme.engineer.level = fw.levels[0].id
    acme.engineer.save()
    mid_evidence(acme.engineer)
    checkin(acme.engineer, "2026-Q1", status="submitted", self_ratings=MID_RATINGS)
    page = text_of(signed_in(acme.manager).get(URL))
    assert f"Eve Engineer: recorded {fw.levels[0].name}, shows {fw.levels[1].name}" in page


def test_pitfalls_are_counted_by_their_framework_title(acme, signed_in, add_evidence):
    add_evidence(acme.engineer, KIND.shipped_project, users="real", outcome="Nice")
    add_evidence(acme.outsider, KIND.shipped_project, users="real", outcome="Also nice")
    assert "Shipped work without a measured outcome: 2" in text_of(signed_in(acme.admin).get(URL))


def test_submitted_check_ins_wait_for_sign_off_here(acme, signed_in, checkin):
    checkin(acme.engineer, "2026-Q3", status="submitted")
    html = signed_in(acme.manager).get(URL).content.decode()
    assert reverse("checkin-review", args=[acme.engineer.pk, "2026-Q3"]) in html


def test_an_engineer_without_reports_gets_404_and_no_team_link(acme, signed_in):
    client = signed_in(acme.engineer)
    assert client.get(URL).status_code == 404
    assert f'href="{URL}"' not in client.get("/").content.decode()


def test_an_engineer_with_reports_sees_them(acme, signed_in):
    person_create(org=acme.org, name="Ian Intern", manager=acme.engineer, password="x", check_password=False)
    client = signed_in(acme.engineer)
    assert "Ian Intern" in text_of(client.get(URL))
    assert f'href="{URL}"' in client.get("/").content.decode()
