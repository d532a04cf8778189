"""A cycle over a past quarter with fixed dates, so every test reads the same calendar.

The quarter (2026-Q2) is over, so check-ins may be written for it whatever today is; the
dates are fixed, and tests pass `today` or `now` explicitly wherever a standing or a
reminder depends on them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from ladders.accounts.models import Person
from ladders.cycles import services
from ladders.cycles.models import Cycle
from tests.org_fixtures import Org

QUARTER = "2026-Q2"
OPENS = date(2026, 4, 1)
SELF_REVIEW_DUE = date(2026, 6, 19)
SIGN_OFF_DUE = date(2026, 6, 30)
DURING = date(2026, 5, 1)  # open, nothing due yet


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def open_cycle(acme: Org, *, teams=None, name: str = QUARTER, quarter: str = QUARTER) -> Cycle:
    return services.cycle_create(
        actor=acme.admin,
        org=acme.org,
        name=name,
        quarter=quarter,
        opens_on=OPENS,
        self_review_due=SELF_REVIEW_DUE,
        sign_off_due=SIGN_OFF_DUE,
        teams=teams,
        today=DURING,
    )


def give_emails(acme: Org) -> None:
    """Everyone of the organisation gets an address: first.last@acme.test."""
    for person in Person.objects.filter(org=acme.org).select_related("user"):
        person.user.email = person.name.lower().replace(" ", ".") + "@acme.test"
        person.user.save(update_fields=["email"])
