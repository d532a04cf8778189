"""Recording a person's level: the one place a level changes.

A sign-off, a promotion and the demo loader all end the same way: the assessment the level
rests on is frozen in a snapshot, and if the level differs from the recorded one the person
moves to it from that day, with a `level.changed` audit event saying who and why.
"""

from __future__ import annotations

from datetime import date

from ladders.accounts.models import Person
from ladders.core.results import AssessmentResult
from ladders.leveling.audit import audit
from ladders.leveling.models import AssessmentSnapshot, CheckIn, Evidence, FrameworkVersion
from ladders.leveling.snapshots import snapshot_freeze


def level_record(
    *,
    actor: Person | None,
    person: Person,
    version: FrameworkVersion,
    result: AssessmentResult,
    as_of: date,
    reason: str,
    level: str | None = None,
    checkin: CheckIn | None = None,
    evidence: list[Evidence] | None = None,
) -> AssessmentSnapshot:
    """Freeze `result` and record `level` (the result's own by default) for `person` from `as_of`.

    `reason` is the audit event's subject: the quarter signed off, the promotion packet.
    `checkin` and `evidence` go to the snapshot (see `snapshot_freeze`). Call it inside the
    caller's transaction, holding whatever lock the caller's rule needs.
    """
    level = level or result["level"]
    snapshot = snapshot_freeze(
        person=person,
        version=version,
        result=result,
        as_of=as_of,
        level=level,
        checkin=checkin,
        evidence=evidence,
    )
    if person.level != level:
        audit(
            actor,
            "level.changed",
            org_id=person.org_id,
            person=person,
            subject=reason,
            before=person.level or None,
            after=level,
        )
        person.level = level
        person.level_since = as_of
        person.save(update_fields=["level", "level_since"])
    return snapshot
