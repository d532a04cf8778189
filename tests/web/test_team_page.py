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


def test_a_rows_pitfalls_are_on_the_persons_page_it_links_to(acme, signed_in, add_evidence):
    """The table shows the stored levels; the full assessment (plan, pitfalls) is on the person's page."""
    add_evidence(acme.engineer, KIND.shipped_project, users="real", outcome="Nice")
    client = signed_in(acme.admin)
    person_url = reverse("person", args=[acme.engineer.pk])
    assert f'href="{person_url}"' in client.get(URL).content.decode()
    assert "Shipped work without a measured outcome" in text_of(client.get(person_url))


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


def at_mid(person, fw, mid_evidence, checkin) -> None:
    """Recorded at the first level, with evidence and ratings that show the second."""
    person.level = fw.levels[0].id
    person.save()
    mid_evidence(person)
    checkin(person, "2026-Q1", status="submitted", self_ratings=MID_RATINGS)


def test_the_table_filters_by_live_level_team_manager_and_readiness(
    acme, signed_in, fw, mid_evidence, checkin
):
    at_mid(acme.engineer, fw, mid_evidence, checkin)
    client = signed_in(acme.admin)
    by_level = text_of(client.get(URL, {"level": fw.levels[1].id}))
    people = by_level[by_level.index("Show") :]
    assert "Eve Engineer" in people and "Oscar Outsider" not in people and "1 of 4 match" in people
    ready = text_of(client.get(URL, {"ready": "1"}))
    assert (
        "Eve Engineer" in ready[ready.index("Show") :]
        and "Oscar Outsider" not in ready[ready.index("Show") :]
    )
    team = text_of(client.get(URL, {"team": str(acme.outsider.team_id)}))
    assert "Oscar Outsider" in team[team.index("Show") :] and "Eve Engineer" not in team[team.index("Show") :]
    manager = text_of(client.get(URL, {"manager": str(acme.manager.pk)}))
    assert "Eve Engineer" in manager[manager.index("Show") :]
    assert "Oscar Outsider" not in manager[manager.index("Show") :]


def test_sorting_by_level_puts_the_highest_first(acme, signed_in, fw, mid_evidence, checkin):
    at_mid(acme.outsider, fw, mid_evidence, checkin)
    page = text_of(signed_in(acme.admin).get(URL, {"sort": "level"}))
    table = page[page.index("Name Team Live level") :]
    assert table.index("Oscar Outsider") < table.index("Eve Engineer")


def test_a_filter_naming_nothing_visible_is_reported_and_ignored(acme, signed_in):
    page = text_of(signed_in(acme.manager).get(URL, {"team": str(acme.outsider.team_id), "sort": "salary"}))
    assert "There is no team" in page and "cannot be sorted by 'salary'" in page
    assert "Eve Engineer" in page  # the manager's own report, unfiltered


def test_the_page_counts_everyone_and_assesses_nobody_in_full(acme, signed_in, monkeypatch):
    """More people than a page: pages, counts and the distribution cover everyone visible,
    from the stored levels; no live (full) assessment is made for any row."""
    from ladders.leveling import live, team_overview
    from tests.org_fixtures import add_engineer

    for n in range(12):
        add_engineer(acme, f"Extra {n:02}", acme.manager)

    def refuse(*args, **kwargs):
        raise AssertionError("the team page made a full assessment")

    monkeypatch.setattr(live, "_compute", refuse)
    overview = team_overview.team_table(acme.admin, per_page=5)
    visible = acme.org.people.count() - 1
    assert len(overview["rows"]) == 5
    assert overview["total"] == visible and overview["pages"] == -(-visible // 5)
    assert sum(count for _, count in overview["distribution"]) == visible


def test_the_ready_list_names_the_first_few_and_links_to_the_rest(
    acme, signed_in, fw, mid_evidence, checkin, monkeypatch
):
    from ladders.leveling import team_overview

    at_mid(acme.engineer, fw, mid_evidence, checkin)
    at_mid(acme.outsider, fw, mid_evidence, checkin)
    monkeypatch.setattr(team_overview, "READY_SHOWN", 1)
    html = signed_in(acme.admin).get(URL).content.decode()
    ready = text_of(signed_in(acme.admin).get(URL))
    assert f"Eve Engineer: recorded {fw.levels[0].name}, shows {fw.levels[1].name}" in ready
    assert "Oscar Outsider: recorded" not in ready and "1 of 2 shown" in ready
    assert 'href="?ready=1"' in html
