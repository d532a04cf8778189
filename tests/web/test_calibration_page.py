"""Calibration for managers and admins: tables, charts and a CSV of every table; engineers get 404."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from ladders.leveling import services
from tests.org_fixtures import add_engineer
from tests.web.web_helpers import text_of

QUARTER = "2026-Q2"
TABLES = [
    "level_distribution",
    "rating_gaps_by_skill",
    "rating_gaps_by_person",
    "leniency",
    "agreement",
    "evidence_gaps",
    "evidence_gaps_by_check",
    "time_in_level",
    "disagreements",
]


def sign_off(person, manager, own: dict[str, int], given: dict[str, int]) -> None:
    checkin = services.checkin_save(
        actor=person, person=person, quarter=QUARTER, self_ratings=own, submit=True
    )
    services.checkin_sign_off(actor=manager, checkin=checkin, manager_ratings=given)


@pytest.fixture
def rated(acme, fw):
    """Max rates Eve and Finn above their own ratings; Olga rates Oscar below his."""
    first, second = fw.skills[0].id, fw.skills[1].id
    finn = add_engineer(acme, "Finn Fisher", acme.manager)
    sign_off(acme.engineer, acme.manager, {first: 1, second: 2}, {first: 2, second: 3})
    sign_off(finn, acme.manager, {first: 1, second: 1}, {first: 2, second: 2})
    sign_off(acme.outsider, acme.other_manager, {first: 3, second: 3}, {first: 2, second: 2})
    return finn


def test_a_manager_sees_every_table_with_a_chart_and_a_csv_link(acme, signed_in, rated):
    response = signed_in(acme.manager).get(reverse("calibration"))
    assert response.status_code == 200
    html, page = response.content.decode(), text_of(response)
    for heading in (
        "Level distribution",
        "Self vs manager ratings",
        "Leniency by manager",
        "Agreement: weighted kappa",
        "insufficient evidence or not meeting the bar",
        "Time in level",
        "Recorded level and evidence disagree",
    ):
        assert heading in page
    for chart in ("levels", "skill-gaps", "leniency"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert '<line class="whisker"' in html  # Max rated two people: his interval is drawn
    shown = {m.group(1) for m in re.finditer(r'href="/calibration/(\w+)\.csv"', html)}
    assert shown == set(TABLES) - {"disagreements"}  # nobody's levels disagree here
    assert acme.engineer.name in page and rated.name in page and acme.outsider.name not in page


def test_the_csv_export_of_a_table_for_a_manager(acme, signed_in, rated, fw):
    response = signed_in(acme.manager).get(reverse("calibration-csv", args=["rating_gaps_by_skill"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="calibration-rating_gaps_by_skill.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["skill"] for row in rows] == [fw.skills[0].id, fw.skills[1].id]
    assert {row["mean_gap"] for row in rows} == {"1.0"}


def test_the_csv_follows_the_team_and_manager_filters(acme, signed_in, rated):
    client = signed_in(acme.admin)
    url = reverse("calibration-csv", args=["rating_gaps_by_person"])
    everyone = client.get(url).content.decode()
    assert acme.outsider.name in everyone and rated.name in everyone
    only_max = client.get(url, {"manager": acme.manager.pk}).content.decode()
    assert acme.outsider.name not in only_max and rated.name in only_max
    team = acme.outsider.team
    only_platform = client.get(url, {"team": team.pk}).content.decode()
    assert acme.outsider.name in only_platform and rated.name not in only_platform
    page = client.get(reverse("calibration"), {"team": team.pk}).content.decode()
    assert f'href="/calibration/leniency.csv?team={team.pk}"' in page


def test_insufficient_evidence_and_not_meeting_are_kept_apart(acme, signed_in, rated):
    html = signed_in(acme.manager).get(reverse("calibration")).content.decode()
    assert '<th scope="col">Insufficient evidence</th><th scope="col">Not meeting</th>' in html


@pytest.mark.parametrize("who", ["engineer", "outsider"])
def test_engineers_are_told_there_is_no_calibration(acme, signed_in, rated, who):
    client = signed_in(getattr(acme, who))
    assert client.get(reverse("calibration")).status_code == 404
    assert client.get(reverse("calibration-csv", args=["leniency"])).status_code == 404
    assert "Calibration" not in text_of(client.get("/")).split("Dashboard")[1].split("Sign out")[0]


def test_an_unknown_table_or_team_is_404(acme, signed_in, rated):
    client = signed_in(acme.manager)
    assert client.get(reverse("calibration-csv", args=["salaries"])).status_code == 404
    assert client.get(reverse("calibration"), {"team": 999999}).status_code == 404


def test_a_long_per_person_table_shows_its_first_rows_and_how_many_the_csv_has(
    acme, signed_in, rated, monkeypatch
):
    monkeypatch.setattr("ladders.web.pages.calibration.PAGE_SIZE", 1)
    page = text_of(signed_in(acme.manager).get(reverse("calibration")))
    assert "Showing the first 1 of 2; the CSV below has them all." in page
    response = signed_in(acme.manager).get(reverse("calibration-csv", args=["rating_gaps_by_person"]))
    assert len(list(csv.DictReader(io.StringIO(response.content.decode())))) == 2
