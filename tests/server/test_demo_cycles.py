"""The demo shows a quarter's loop: last quarter's cycle closed, this quarter's open with every standing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.core.dates import Quarter
from ladders.cycles.models import Cycle
from ladders.cycles.selectors import dashboard_tasks, participation
from ladders.server.demo import DEMO_ORG, demo_load
from ladders.server.demo_cycles import CYCLE_TEAMS


def standings(cycle: Cycle, admin: Person) -> dict[str, str]:
    return {row["person"]: row["standing"] for row in participation(viewer=admin, cycle_id=cycle.pk)["rows"]}


@pytest.mark.django_db
def test_last_quarters_cycle_is_closed_with_everyone_signed_off():
    demo_load()
    admin = Person.objects.get(org__name=DEMO_ORG, name="Avery Admin")
    previous = Quarter.of(Quarter.of(timezone.localdate()).first_day - timezone.timedelta(days=1))

    past = Cycle.objects.get(org=admin.org, quarter=str(previous))

    assert past.state == "closed"
    assert set(standings(past, admin).values()) == {"signed_off"}
    asked = Person.objects.filter(org=admin.org, team__name__in=CYCLE_TEAMS)
    assert len(standings(past, admin)) == asked.count() == Person.objects.filter(org=admin.org).count() - 1


@pytest.mark.django_db
def test_this_quarters_cycles_show_every_standing():
    demo_load()
    admin = Person.objects.get(org__name=DEMO_ORG, name="Avery Admin")
    quarter = str(Quarter.of(timezone.localdate()))
    current = {
        c.name.removeprefix(quarter + " "): c for c in Cycle.objects.filter(org=admin.org, quarter=quarter)
    }

    assert {c.state for c in current.values()} == {"open"}
    applied = standings(current["Applied AI"], admin)
    platform = standings(current["Platform"], admin)
    assert applied["Sam Rivera"] == "draft"
    assert applied["Jordan Lee"] == "not_started"
    assert applied["Taylor Kim"] == "submitted"
    assert platform["Quinn Diaz"] == "overdue"
    assert platform["Jamie Chen"] == "signed_off"
    assert [name for name, where in {**applied, **platform}.items() if where == "overdue"] == ["Quinn Diaz"]


@pytest.mark.django_db
def test_every_demo_login_of_a_cycle_has_something_to_do():
    demo_load()

    def tasks(name: str) -> dict:
        return dashboard_tasks(viewer=Person.objects.get(org__name=DEMO_ORG, name=name))

    assert {item["checkin"].person.name for item in tasks("Morgan Manager")["queue"]} >= {
        "Taylor Kim",
        "Casey Park",
    }
    assert [item["checkin"].person.name for item in tasks("Avery Admin")["queue"]] == ["Riley Lead"]
    assert [item["person"].name for item in tasks("Riley Lead")["overdue_reports"]] == ["Quinn Diaz"]
    assert [item["standing"] for item in tasks("Sam Rivera")["due"]] == ["draft"]
