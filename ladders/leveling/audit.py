"""Recording changes: every write to ratings, levels, evidence and frameworks leaves an event."""

from __future__ import annotations

from typing import Any

from ladders.accounts.models import Person
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
