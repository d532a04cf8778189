"""Reminders of a cycle's due dates: `remind_run(now=...)`, what `ladders remind` calls.

To each engineer who has not submitted: 7 days and 1 day before the self review is due, and
once it is overdue. To each manager with check-ins waiting for their sign-off: the same
around the sign-off due date. Each (cycle, person, kind, threshold) is recorded once in
`Reminder`, so running twice, or from cron and the server at once, sends nothing twice; a
reminder that can't be sent (no address, or the person turned reminders off) is not
recorded and so goes out later if that changes. A background task calls the same function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.core.cycles import THRESHOLD_LABELS, CycleState, ReminderKind, Standing, threshold_reached
from ladders.cycles.links import absolute
from ladders.cycles.models import Cycle, Participant, Reminder
from ladders.cycles.notify import deliver_due, enqueue, wants
from ladders.cycles.selectors import place_standing
from ladders.cycles.services import cycles_open_due


@dataclass(frozen=True)
class Due:
    cycle: Cycle
    person: Person
    kind: ReminderKind
    threshold: str
    subject: str
    body: str
    link: str

    def line(self) -> str:
        what = self.kind.value.replace("_", " ")
        to = f"{self.person.name} <{self.person.user.email}>"
        return f"{self.cycle.name}: {what} reminder ({self.threshold}) to {to}"


def _engineer_reminder(cycle: Cycle, place: Participant, today) -> Due | None:
    threshold = threshold_reached(cycle.self_review_due, today=today)
    if threshold is None:
        return None
    link = absolute("checkin", cycle.quarter)
    when = f"{cycle.self_review_due:%A %d %B %Y}"
    return Due(
        cycle,
        place.person,
        ReminderKind.SELF_REVIEW,
        threshold.value,
        f"Your {cycle.quarter} check-in is {THRESHOLD_LABELS[threshold]}",
        f"The {cycle.name} cycle asks for your {cycle.quarter} check-in: rate yourself and submit it "
        f"by {when}. It is {THRESHOLD_LABELS[threshold]}.\n\nFill it in: {link}\n",
        link,
    )


def _manager_reminder(cycle: Cycle, manager: Person, names: list[str], today) -> Due | None:
    threshold = threshold_reached(cycle.sign_off_due, today=today)
    if threshold is None:
        return None
    link = absolute("dashboard")
    listed = "\n".join(f"- {name}" for name in names)
    return Due(
        cycle,
        manager,
        ReminderKind.SIGN_OFF,
        threshold.value,
        f"{len(names)} check-in{'s' if len(names) != 1 else ''} to sign off, {THRESHOLD_LABELS[threshold]}",
        f"The {cycle.name} cycle's sign-offs are due by {cycle.sign_off_due:%A %d %B %Y} "
        f"({THRESHOLD_LABELS[threshold]}). Waiting for you:\n{listed}\n\nYour queue: {link}\n",
        link,
    )


def reminders_due(*, now: datetime) -> list[Due]:
    """Every reminder due at `now` that has not been sent yet, in a stable order."""
    today = timezone.localdate(now)
    sent = set(Reminder.objects.values_list("cycle_id", "person_id", "kind", "threshold"))
    due: list[Due] = []
    for cycle in Cycle.objects.filter(state=CycleState.OPEN).select_related("org").order_by("pk"):
        waiting: dict[int, tuple[Person, list[str]]] = {}
        places = Participant.objects.filter(cycle=cycle).select_related(
            "person", "person__user", "person__manager", "person__manager__user", "checkin"
        )
        for place in places:
            where = place_standing(cycle, place, today=today)
            status = place.checkin.status if place.checkin else None
            if where in {Standing.NOT_STARTED, Standing.DRAFT} or (
                where == Standing.OVERDUE and status != "submitted"
            ):
                found = _engineer_reminder(cycle, place, today)
                if found:
                    due.append(found)
            elif status == "submitted" and place.person.manager is not None:
                manager = place.person.manager
                waiting.setdefault(manager.pk, (manager, []))[1].append(place.person.name)
        for manager, names in waiting.values():
            found = _manager_reminder(cycle, manager, names, today)
            if found:
                due.append(found)
    return [
        d
        for d in due
        if (d.cycle.pk, d.person.pk, d.kind.value, d.threshold) not in sent
        and d.person.user.email
        and wants(d.person, "reminders")
    ]


def remind_run(*, now: datetime | None = None, dry_run: bool = False) -> tuple[list[Due], int]:
    """Open the cycles whose day has come, then send what is due; returns (reminders, retried).

    A dry run writes nothing at all: it only lists what would go out.
    """
    now = now or timezone.now()
    if not dry_run:
        cycles_open_due(today=timezone.localdate(now))
    sent: list[Due] = []
    for item in reminders_due(now=now):
        if dry_run:
            sent.append(item)
            continue
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    cycle=item.cycle,
                    person=item.person,
                    kind=item.kind.value,
                    threshold=item.threshold,
                    sent_at=now,
                )
                enqueue(
                    org=item.cycle.org,
                    event=f"reminder.{item.kind.value}",
                    subject=item.subject,
                    body=item.body,
                    link=item.link,
                    to=item.person,
                    preference="reminders",
                    webhook=False,
                )
        except IntegrityError:
            continue  # recorded by a run at the same moment: theirs to send
        sent.append(item)
    retried = 0 if dry_run else deliver_due(now=now)[0]
    return sent, retried
