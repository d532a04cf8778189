"""The demo's cycles: last quarter's, closed, and this quarter's, open, with something to do.

Written through the cycle and check-in services, as a real quarter is, so the audit trail
and the standings are the product's own. Last quarter's cycle covers everyone and closes
over the check-ins already signed off. This quarter has one cycle per team, with different
dates: Applied AI's self review is due in a few days (some not started, some drafts, some
submitted and waiting for Morgan); Platform's was due two days ago (one engineer overdue
with a draft, others waiting for Riley, one signed off). Riley's own check-in waits for
Avery. A check-in already past draft for the quarter (an older demo wrote them signed off)
is left as it is, so nobody ever gets two.
"""

from __future__ import annotations

from datetime import date, timedelta

from ladders.accounts.models import Person, Team
from ladders.core.dates import Quarter
from ladders.cycles import services as cycles
from ladders.cycles.services import started
from ladders.leveling import services as leveling
from ladders.leveling.models import CheckIn, CheckInStatus

# What each person has done in this quarter's cycle by the time the demo opens.
NOT_STARTED, DRAFT, SUBMITTED, SIGNED_OFF = "not started", "draft", "submitted", "signed off"
THIS_QUARTER = {
    "Sam Rivera": DRAFT,
    "Jordan Lee": NOT_STARTED,
    "Taylor Kim": SUBMITTED,
    "Casey Park": SUBMITTED,
    "Emery Novak": DRAFT,
    "Morgan Manager": NOT_STARTED,
    "Drew Patel": SUBMITTED,
    "Jamie Chen": SIGNED_OFF,
    "Quinn Diaz": DRAFT,  # Platform's self review is past due: overdue
    "Rowan Silva": SUBMITTED,
    "Riley Lead": SUBMITTED,  # waiting for Avery
}


def _ratings(person: Person, quarter: str) -> dict[str, int]:
    """Last quarter's self ratings, as a person starting this quarter's check-in would."""
    earlier = CheckIn.objects.filter(person=person, quarter__lt=quarter).order_by("-quarter").first()
    return dict(earlier.self_ratings) if earlier else {}


def _act(person: Person, quarter: str, step: str) -> None:
    checkin = CheckIn.objects.filter(person=person, quarter=quarter).first()
    if step == NOT_STARTED or (
        checkin is not None and (checkin.status != CheckInStatus.DRAFT or started(checkin))
    ):
        return
    ratings = _ratings(person, quarter)
    notes = "Halfway through: adding this quarter's evidence first." if step == DRAFT else ""
    saved = leveling.checkin_save(
        actor=person, person=person, quarter=quarter, self_ratings=ratings, notes=notes, submit=step != DRAFT
    )
    if step == SIGNED_OFF and person.manager is not None:
        leveling.checkin_sign_off(actor=person.manager, checkin=saved, manager_ratings=ratings)


CYCLE_TEAMS = ("Applied AI", "Platform")
"""The demo's teams below its head, each with a cycle of its own this quarter."""


def demo_cycles(*, admin: Person, people: list[Person], today: date) -> None:
    """Last quarter's cycle, closed; this quarter's per-team cycles, open, with every standing."""
    org = admin.org
    current = Quarter.of(today)
    previous = Quarter.of(current.first_day - timedelta(days=1))
    # The head of the organisation has no manager to sign off their check-in, so last
    # quarter's cycle asked the teams below them; everyone in it was signed off.
    teams = list(Team.objects.filter(org=org, name__in=CYCLE_TEAMS))
    past = cycles.cycle_create(
        actor=admin,
        org=org,
        name=str(previous),
        quarter=str(previous),
        opens_on=previous.first_day,
        self_review_due=previous.last_day - timedelta(days=14),
        sign_off_due=previous.last_day,
        teams=teams,
        today=today,
    )
    cycles.cycle_close(actor=admin, cycle=past, today=today)
    quarter = str(current)
    by_name = {person.name: person for person in people}
    for team_name, opens, self_review_due, sign_off_due in [
        ("Applied AI", today - timedelta(days=10), today + timedelta(days=6), today + timedelta(days=16)),
        ("Platform", today - timedelta(days=21), today - timedelta(days=2), today + timedelta(days=8)),
    ]:
        team = Team.objects.get(org=org, name=team_name)
        cycles.cycle_create(
            actor=admin,
            org=org,
            name=f"{quarter} {team_name}",
            quarter=quarter,
            opens_on=opens,
            self_review_due=self_review_due,
            sign_off_due=sign_off_due,
            teams=[team],
            today=today,
        )
    for name, step in THIS_QUARTER.items():
        if name in by_name:
            _act(Person.objects.select_related("manager", "org").get(pk=by_name[name].pk), quarter, step)
