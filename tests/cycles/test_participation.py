"""Participation counts each standing per cycle, team and manager, and never shows a draft's content."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.http import Http404

from ladders.cycles.selectors import dashboard_tasks, participation, participation_csv
from ladders.leveling import services as leveling
from tests.cycles.cycle_helpers import DURING, QUARTER, open_cycle
from tests.framework_ids import SKILL
from tests.org_fixtures import add_engineer

SECRET = "Thinking of asking for a raise"


@pytest.fixture
def cycle(acme):
    """Eve signed off, Nina submitted, Pat a draft with notes; Oscar, managers and admin not started."""
    cycle = open_cycle(acme)
    eve = leveling.checkin_save(
        actor=acme.engineer,
        person=acme.engineer,
        quarter=QUARTER,
        self_ratings={SKILL.error_handling: 2},
        submit=True,
    )
    leveling.checkin_sign_off(actor=acme.manager, checkin=eve)
    nina = add_engineer(acme, "Nina New", acme.manager)
    leveling.checkin_save(
        actor=nina, person=nina, quarter=QUARTER, self_ratings={SKILL.error_handling: 1}, submit=True
    )
    pat = add_engineer(acme, "Pat Draft", acme.manager)
    leveling.checkin_save(
        actor=pat, person=pat, quarter=QUARTER, self_ratings={SKILL.error_handling: 3}, notes=SECRET
    )
    return cycle


def test_the_admin_sees_every_standing_counted(acme, cycle):
    found = participation(viewer=acme.admin, cycle_id=cycle.pk, today=DURING)

    assert found["counts"]["total"] == 7
    assert found["counts"]["by_standing"] == {
        "not_started": 4,
        "draft": 1,
        "submitted": 1,
        "signed_off": 1,
        "overdue": 0,
    }
    assert found["counts"]["signed_off_percent"] == 14
    assert found["counts"]["submitted_percent"] == 28


def test_counts_per_team_and_per_manager(acme, cycle):
    found = participation(viewer=acme.admin, cycle_id=cycle.pk, today=DURING)

    teams = {g["name"]: g["by_standing"] for g in found["teams"]}
    assert teams["Applied AI"] == {
        "not_started": 1,
        "draft": 1,
        "submitted": 1,
        "signed_off": 1,
        "overdue": 0,
    }
    assert teams["Platform"]["not_started"] == 2
    managers = {g["name"]: g["total"] for g in found["managers"]}
    assert managers[acme.manager.name] == 3
    assert managers[acme.other_manager.name] == 1


def test_a_manager_sees_their_chain_only(acme, cycle):
    found = participation(viewer=acme.manager, cycle_id=cycle.pk, today=DURING)

    assert sorted(r["person"] for r in found["rows"]) == sorted(
        [acme.manager.name, acme.engineer.name, "Nina New", "Pat Draft"]
    )


def test_after_the_due_date_those_not_submitted_are_overdue(acme, cycle):
    found = participation(viewer=acme.admin, cycle_id=cycle.pk, today=date(2026, 6, 20))

    assert found["counts"]["by_standing"]["overdue"] == 5
    assert found["counts"]["by_standing"]["submitted"] == 1


def test_engineers_have_no_participation(acme, cycle):
    with pytest.raises(Http404):
        participation(viewer=acme.engineer, cycle_id=cycle.pk)


def test_the_csv_has_a_row_per_person_and_never_a_drafts_content(acme, cycle):
    text = participation_csv(viewer=acme.admin, cycle_id=cycle.pk)

    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 7
    assert {r["person"]: r["standing"] for r in rows}["Pat Draft"] in {"draft", "overdue"}
    assert SECRET not in text


def test_the_page_shows_that_a_draft_exists_never_what_it_holds(acme, cycle, signed_in):
    response = signed_in(acme.manager).get(f"/cycles/{cycle.pk}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Pat Draft" in body
    assert SECRET not in body
    assert "<progress" in body


def test_a_managers_dashboard_leads_with_the_sign_offs_waiting(acme, cycle, signed_in):
    tasks = dashboard_tasks(viewer=acme.manager, today=DURING)
    assert [item["checkin"].person.name for item in tasks["queue"]] == ["Nina New"]

    body = signed_in(acme.manager).get("/").content.decode()
    assert body.index("Waiting for your sign-off") < body.index("Level")
    assert "Nina New" in body


def test_a_managers_dashboard_lists_overdue_reports(acme, cycle):
    tasks = dashboard_tasks(viewer=acme.manager, today=date(2026, 6, 25))
    assert [item["person"].name for item in tasks["overdue_reports"]] == ["Pat Draft"]


def test_an_engineers_dashboard_leads_with_what_is_due_and_by_when(acme, cycle, signed_in):
    tasks = dashboard_tasks(viewer=acme.outsider, today=DURING)
    assert [(item["quarter"], item["due"]) for item in tasks["due"]] == [(QUARTER, cycle.self_review_due)]

    body = signed_in(acme.outsider).get("/").content.decode()
    assert "Due from you" in body
    assert "Friday 19 June 2026" in body
