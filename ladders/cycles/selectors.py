"""Reads of cycles: the list, one cycle, its participation, and what a dashboard leads with.

Participation shows, for the people the viewer may see, where each stands (not started,
draft, submitted, signed off, overdue), counted for the cycle, per team and per manager.
It says that a draft exists, never what it holds: nothing here reads a check-in's
ratings or notes beyond whether they are empty.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_manage_cycles, can_view_participation
from ladders.accounts.selectors import people_visible_to
from ladders.core.cycles import STANDING_LABELS, CycleState, Standing, percent, standing
from ladders.cycles.models import Cycle, Participant
from ladders.cycles.opening import cycle_opening_latest
from ladders.cycles.services import cycle_dates, started
from ladders.leveling.selectors import checkins_awaiting_sign_off

CSV_COLUMNS = ("person", "team", "manager", "quarter", "standing", "email")


def cycles_of(viewer: Person) -> QuerySet[Cycle]:
    """The viewer's organisation's cycles, newest quarter first (everyone sees their org's)."""
    return Cycle.objects.filter(org_id=viewer.org_id).prefetch_related("teams").order_by("-quarter", "-pk")


def cycle_for_viewer(viewer: Person, cycle_id: int) -> Cycle:
    cycle = cycles_of(viewer).filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404("No such cycle.")
    return cycle


def place_standing(cycle: Cycle, place: Participant, *, today: date) -> Standing:
    if place.closed_standing:
        return Standing(place.closed_standing)
    checkin = place.checkin
    return standing(
        status=checkin.status if checkin else None,
        started=started(checkin),
        dates=cycle_dates(cycle),
        today=today,
        closed=cycle.state == CycleState.CLOSED,
    )


def _counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    counter = Counter(row["standing"] for row in rows)
    total = len(rows)
    done = counter[Standing.SIGNED_OFF]
    return {
        "total": total,
        "by_standing": {s.value: counter[s] for s in Standing},
        "signed_off_percent": percent(done, total),
        "submitted_percent": percent(done + counter[Standing.SUBMITTED], total),
    }


def _groups(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row[key] or "", []).append(row)
    return [{"name": name, **_counts(members)} for name, members in sorted(grouped.items())]


def participation(*, viewer: Person, cycle_id: int, today: date | None = None) -> dict[str, Any]:
    """Where everyone the viewer may see stands in the cycle; 404 for those without the right."""
    if not can_view_participation(viewer):
        raise Http404("No such cycle.")
    cycle = cycle_for_viewer(viewer, cycle_id)
    today = today or timezone.localdate()
    visible = people_visible_to(viewer).values("pk")
    # While the worker enrols everyone, the list would be half made: it is shown once open.
    opening = cycle.state == CycleState.OPENING
    places = (
        Participant.objects.filter(cycle=cycle, person_id__in=visible)
        .exclude(cycle__state=CycleState.OPENING)
        .select_related("person", "person__team", "person__manager", "person__user", "checkin")
        .order_by("person__name", "pk")
    )
    rows = []
    for place in places:
        where = place_standing(cycle, place, today=today)
        person = place.person
        rows.append(
            {
                "person_id": person.pk,
                "person": person.name,
                "team": person.team.name if person.team else None,
                "manager": person.manager.name if person.manager else None,
                "manager_id": person.manager_id,
                "standing": where.value,
                "label": STANDING_LABELS[where],
                "has_email": bool(person.user.email),
                "email": person.user.email,
                "can_review": where in {Standing.SUBMITTED, Standing.SIGNED_OFF}
                or (
                    where == Standing.OVERDUE
                    and place.checkin is not None
                    and place.checkin.status == "submitted"
                ),
            }
        )
    is_admin = can_manage_cycles(viewer)
    return {
        "cycle": cycle,
        "rows": rows,
        "counts": _counts(rows),
        "teams": _groups(rows, "team"),
        "managers": _groups(rows, "manager"),
        "labels": {s.value: STANDING_LABELS[s] for s in Standing},
        "without_manager": [r for r in rows if r["manager_id"] is None] if is_admin else [],
        "without_email": [r for r in rows if not r["has_email"]] if is_admin else [],
        "not_signed_off": [r for r in rows if r["standing"] != Standing.SIGNED_OFF]
        if cycle.state == CycleState.CLOSED
        else [],
        "can_manage": is_admin,
        "opening": cycle_opening_latest(cycle) if opening else None,
    }


def participation_csv(*, viewer: Person, cycle_id: int) -> str:
    """The participation rows as CSV: who, team, manager, quarter, standing (never a draft's content)."""
    found = participation(viewer=viewer, cycle_id=cycle_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in found["rows"]:
        cells = [
            row["person"],
            row["team"] or "",
            row["manager"] or "",
            found["cycle"].quarter,
            row["standing"],
            row["email"] if found["can_manage"] else "",
        ]
        # A cell a spreadsheet would run as a formula is quoted as text.
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in cells])
    return out.getvalue()


def dashboard_tasks(*, viewer: Person, today: date | None = None) -> dict[str, Any]:
    """What a dashboard leads with: my check-ins due and by when; sign-offs waiting; overdue reports."""
    today = today or timezone.localdate()
    mine = []
    for place in Participant.objects.filter(person=viewer, cycle__state=CycleState.OPEN).select_related(
        "cycle", "checkin"
    ):
        where = place_standing(place.cycle, place, today=today)
        status = place.checkin.status if place.checkin else None
        if status in (None, "draft"):
            mine.append(
                {
                    "cycle": place.cycle,
                    "quarter": place.cycle.quarter,
                    "due": place.cycle.self_review_due,
                    "days_left": (place.cycle.self_review_due - today).days,
                    "standing": where.value,
                    "label": STANDING_LABELS[where],
                }
            )
    # The sign-offs that are the viewer's to give: their direct reports' (the chain above may
    # sign off too, and sees them on the team page).
    waiting = [c for c in checkins_awaiting_sign_off(viewer) if c.person.manager_id == viewer.pk]
    sign_off_due = dict(
        Participant.objects.filter(
            checkin_id__in=[c.pk for c in waiting], cycle__state=CycleState.OPEN
        ).values_list("checkin_id", "cycle__sign_off_due")
    )
    queue = [
        {
            "checkin": c,
            "due": sign_off_due.get(c.pk),
            "overdue": c.pk in sign_off_due and today > sign_off_due[c.pk],
        }
        for c in waiting
    ]
    overdue = []
    if viewer.reports.exists():
        below = people_visible_to(viewer).exclude(pk=viewer.pk).values("pk")
        for place in Participant.objects.filter(
            person_id__in=below, cycle__state=CycleState.OPEN
        ).select_related("cycle", "checkin", "person"):
            status = place.checkin.status if place.checkin else None
            if status != "submitted" and place_standing(place.cycle, place, today=today) == Standing.OVERDUE:
                overdue.append({"person": place.person, "cycle": place.cycle})
    return {"due": mine, "queue": queue, "overdue_reports": overdue}


def notification_overview(*, viewer: Person) -> dict[str, Any]:
    """For the admin's notifications page: who has no address, and the latest deliveries."""
    if not can_manage_cycles(viewer):
        raise Http404("No such page.")
    from ladders.cycles.models import Delivery

    return {
        "without_email": list(
            Person.objects.filter(org_id=viewer.org_id, user__email="")
            .select_related("team")
            .order_by("name")
        ),
        "deliveries": list(Delivery.objects.filter(org_id=viewer.org_id).order_by("-created", "-pk")[:20]),
    }


def mail_preferences_of(person: Person) -> dict[str, bool]:
    """The person's mail choices; everything on until they choose."""
    from ladders.cycles.models import MailPreference

    found = MailPreference.objects.filter(person=person).first()
    names = ("reminders", "submitted", "signed_off")
    return {name: True if found is None else bool(getattr(found, name)) for name in names}
