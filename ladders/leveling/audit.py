"""Recording changes: every write to ratings, levels, evidence and frameworks leaves an event.

`audit_log` reads them back for the admins' audit log page, its CSV and `GET /audit`;
promotion packets keep their own step history (`PacketEvent`) besides these events.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_view_audit_log, can_view_compensation, can_view_person
from ladders.leveling.models import AuditEvent


def audit(
    actor: Person | None,
    action: str,
    *,
    org_id: int,
    person: Person | None = None,
    subject: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        org_id=org_id, actor=actor, person=person, action=action, subject=subject, before=before, after=after
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_log(
    *,
    viewer: Person,
    person_id: int | None = None,
    actor_id: int | None = None,
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The organisation's audit events, newest first, for admins (404 for anyone else).

    `action` matches a whole action (`person.edited`) or, ending in a dot, a family of them
    (`person.`); `since` and `until` are days, both included, in the server's time zone.
    """
    if not can_view_audit_log(viewer):
        raise Http404("No such page.")
    events = AuditEvent.objects.filter(org_id=viewer.org_id).select_related("actor", "person")
    if person_id is not None:
        events = events.filter(person_id=person_id)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if action:
        events = (
            events.filter(action__startswith=action) if action.endswith(".") else events.filter(action=action)
        )
    if since is not None:
        events = events.filter(created__gte=_day_start(since))
    if until is not None:
        events = events.filter(created__lt=_day_start(until + timedelta(days=1)))
    return events.order_by("-created", "-id")


def audit_actions(*, viewer: Person) -> list[str]:
    """Every action recorded in the organisation, for the filter's choices."""
    if not can_view_audit_log(viewer):
        raise Http404("No such page.")
    found = AuditEvent.objects.filter(org_id=viewer.org_id).values_list("action", flat=True).distinct()
    return sorted(set(found))


AUDIT_CSV_COLUMNS = ("when", "action", "actor", "person", "subject", "before", "after")


def audit_csv(events: QuerySet[AuditEvent]) -> str:
    """The events as CSV under AUDIT_CSV_COLUMNS (before and after as JSON), formula-safe."""
    import json

    from ladders.leveling.calibration import csv_table

    empty = dict.fromkeys(AUDIT_CSV_COLUMNS, "")
    rows = [
        {
            "when": event.created.isoformat(),
            "action": event.action,
            "actor": event.actor.name if event.actor else "",
            "person": event.person.name if event.person else "",
            "subject": event.subject,
            "before": json.dumps(event.before, sort_keys=True) if event.before is not None else "",
            "after": json.dumps(event.after, sort_keys=True) if event.after is not None else "",
        }
        for event in events.iterator()
    ]
    return csv_table(rows or [empty]) if rows else csv_table([empty]).splitlines()[0] + "\n"


RECORD_CHANGES = 20
"""How many of the latest changes to a person's record their page lists."""


def person_record_changes(*, viewer: Person, person: Person) -> list[AuditEvent]:
    """The latest changes to `person`'s record (name, team, manager, access, pay), newest first.

    Shown on their page to whoever may see it; pay changes only to those who may see pay.
    """
    if not can_view_person(viewer, person):
        raise Http404("No such person.")
    events = AuditEvent.objects.filter(person=person, action__startswith="person.").select_related("actor")
    if not can_view_compensation(viewer, person):
        events = events.exclude(action="person.salary_set")
    return list(events.order_by("-created", "-id")[:RECORD_CHANGES])
