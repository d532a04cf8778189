"""Check-ins: the person's quarterly self ratings, and the manager's sign-off that levels them."""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_manage_person
from ladders.core import limits
from ladders.core.dates import checkin_quarter_problem
from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.profile import (
    Allocation,
    MetCriteria,
    Ratings,
    allocation_problems,
    criteria_problems,
    level_problems,
    rating_problems,
)
from ladders.core.text import text_problem
from ladders.cycles.notify import notify_signed_off, notify_submitted
from ladders.leveling.audit import audit
from ladders.leveling.frameworks import active_framework
from ladders.leveling.levels import level_record
from ladders.leveling.models import AssessmentSnapshot, CheckIn, CheckInStatus
from ladders.leveling.profiles import profile_of, quarter_end
from ladders.leveling.services.refusals import StaleEdit, checked
from ladders.server.errors import Conflict, Forbidden, Invalid


def _valid_quarter(quarter: str) -> str:
    """The quarter, if a check-in may be for it today (the core's rule); else a 422."""
    if problem := checkin_quarter_problem(quarter, today=timezone.localdate()):
        raise Invalid(f"quarter: {problem}", field="quarter")
    return quarter


def _check_notes(field: str, notes: str) -> None:
    """Notes are free text within limits.NOTES; line breaks and tabs are fine, NUL is not."""
    if problem := text_problem(notes or "", limit=limits.NOTES, multiline=True):
        raise Invalid(f"{field}: {problem}", field=field)


def _ratings(fw: Framework, field: str, ratings: object) -> dict[str, int]:
    return checked(field, ratings, Ratings, partial(rating_problems, fw))


def _criteria(fw: Framework, person: Person, criteria: object) -> dict[str, list[str]]:
    """Met criteria the framework defines, citing only the person's own evidence."""
    if not criteria:
        return {}
    evidence_ids = set(person.evidence.values_list("slug", flat=True))
    return checked(
        "criteria", criteria, MetCriteria, partial(criteria_problems, fw, evidence_ids=evidence_ids)
    )


def _allocation(fw: Framework, allocation: object) -> dict[str, float] | None:
    if allocation in (None, {}):
        return None
    return checked("time_allocation", allocation, Allocation, partial(allocation_problems, fw))


@transaction.atomic
def checkin_save(
    *,
    actor: Person,
    person: Person,
    quarter: str,
    self_ratings: dict[str, int],
    time_allocation: dict[str, float] | None = None,
    self_assessed_level: str = "",
    notes: str = "",
    revision: int | None = None,
    submit: bool = False,
    criteria: dict[str, list[str]] | None = None,
) -> CheckIn:
    """Create or update the person's own check-in for a quarter (drafts only)."""
    if actor.pk != person.pk:
        raise Forbidden("only the person fills in their own check-in")
    _, fw = active_framework(person.org)
    quarter = _valid_quarter(quarter)
    ratings = _ratings(fw, "self_ratings", self_ratings)
    allocation = _allocation(fw, time_allocation)
    met = _criteria(fw, person, criteria)
    _check_notes("notes", notes)
    checked("self_assessed_level", self_assessed_level, str, partial(level_problems, fw))
    checkin = CheckIn.objects.select_for_update().filter(person=person, quarter=quarter).first()
    before = None
    if checkin is None:
        try:
            with transaction.atomic():
                checkin = CheckIn.objects.create(person=person, quarter=quarter)
        except IntegrityError:
            raise StaleEdit() from None
    else:
        if revision is not None and revision != checkin.revision:
            raise StaleEdit()
        if checkin.status != CheckInStatus.DRAFT:
            raise Conflict(
                f"the {quarter} check-in is {checkin.get_status_display().lower()}; it can no longer "
                "be edited"
            )
        before = checkin.self_ratings
    criteria_before = checkin.criteria or {}
    checkin.self_ratings = ratings
    checkin.criteria = met
    checkin.time_allocation = allocation
    checkin.self_assessed_level = self_assessed_level
    checkin.notes = notes
    checkin.revision += 1 if before is not None else 0
    if submit:
        checkin.status = CheckInStatus.SUBMITTED
        checkin.submitted_at = timezone.now()
    checkin.save()
    if before != ratings:
        audit(
            actor,
            "checkin.self_ratings",
            org_id=person.org_id,
            person=person,
            subject=quarter,
            before=before,
            after=ratings,
        )
    if met != (criteria_before if before is not None else {}):
        audit(
            actor,
            "checkin.criteria",
            org_id=person.org_id,
            person=person,
            subject=quarter,
            before=criteria_before if before is not None else None,
            after=met,
        )
    if submit:
        audit(actor, "checkin.submitted", org_id=person.org_id, person=person, subject=quarter)
        notify_submitted(checkin=checkin)  # to the outbox, in this transaction
    return checkin


@transaction.atomic
def checkin_submit(*, actor: Person, person: Person, quarter: str, revision: int | None = None) -> CheckIn:
    """Submit the person's saved draft as it stands, for their manager's sign-off.

    Only the person submits (403 for anyone else, whether or not a draft exists: a draft is
    theirs alone); a quarter without a check-in is a 404.
    """
    if actor.pk != person.pk:
        raise Forbidden("only the person submits their own check-in")
    draft = CheckIn.objects.filter(person=person, quarter=_valid_quarter(quarter)).first()
    if draft is None:
        raise Http404(f"{person.name} has no check-in for {quarter}.")
    return checkin_save(
        actor=actor,
        person=person,
        quarter=quarter,
        self_ratings=draft.self_ratings,
        time_allocation=draft.time_allocation,
        self_assessed_level=draft.self_assessed_level,
        notes=draft.notes,
        revision=revision,
        submit=True,
        criteria=draft.criteria,
    )


@transaction.atomic
def checkin_sign_off(
    *,
    actor: Person,
    checkin: CheckIn,
    manager_ratings: dict[str, int] | None = None,
    manager_notes: str = "",
    revision: int | None = None,
) -> AssessmentSnapshot:
    """The manager confirms a submitted check-in; the assessment is frozen with its framework."""
    checkin = CheckIn.objects.select_for_update().select_related("person", "person__org").get(pk=checkin.pk)
    person = checkin.person
    if not can_manage_person(actor, person):
        raise Forbidden("only someone in the person's management chain can sign off")
    if revision is not None and revision != checkin.revision:
        raise StaleEdit()
    if checkin.status != CheckInStatus.SUBMITTED:
        raise Conflict(f"only a submitted check-in can be signed off (this one is {checkin.status})")
    _valid_quarter(checkin.quarter)  # one stored before quarters were checked
    version, fw = active_framework(person.org)
    ratings = _ratings(fw, "manager_ratings", manager_ratings or {})
    _check_notes("manager_notes", manager_notes)
    if ratings != (checkin.manager_ratings or {}):
        audit(
            actor,
            "checkin.manager_ratings",
            org_id=person.org_id,
            person=person,
            subject=checkin.quarter,
            before=checkin.manager_ratings,
            after=ratings,
        )
    checkin.manager_ratings = ratings
    checkin.manager_notes = manager_notes
    checkin.status = CheckInStatus.SIGNED_OFF
    checkin.signed_off_by = actor
    checkin.signed_off_at = timezone.now()
    checkin.revision += 1
    checkin.save()
    as_of = min(quarter_end(checkin.quarter), timezone.localdate())
    result = assess(fw, profile_of(person, fw, checkin=checkin), as_of=as_of)
    audit(
        actor,
        "checkin.signed_off",
        org_id=person.org_id,
        person=person,
        subject=checkin.quarter,
        after={"level": result["level"], "framework_hash": fw.content_hash},
    )
    snapshot = level_record(
        actor=actor,
        person=person,
        version=version,
        result=result,
        as_of=as_of,
        reason=checkin.quarter,
        checkin=checkin,
    )
    notify_signed_off(checkin=checkin, actor=actor)  # to the outbox, in this transaction
    return snapshot
