"""Every write of leveling data goes through here: validated by the core, audited, atomic."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.selectors import can_edit_evidence_of, can_manage_person
from ladders.core import limits
from ladders.core.dates import checkin_quarter_problem, recorded_date_problem
from ladders.core.engine import assess
from ladders.core.errors import InputError
from ladders.core.framework import Framework
from ladders.core.framework_loader import framework_from_text
from ladders.core.maturity import MaturityAnswers, answers_check, maturity_assess
from ladders.core.profile import EvidenceItem
from ladders.core.results import AssessmentResult
from ladders.core.text import text_problem
from ladders.core.validation import problems_from
from ladders.core.yamlsource import SourceMap
from ladders.leveling.audit import audit
from ladders.leveling.frameworks import active_framework, framework_of
from ladders.leveling.live import live_result
from ladders.leveling.models import (
    AssessmentSnapshot,
    CheckIn,
    CheckInStatus,
    Evidence,
    FrameworkVersion,
    MaturityAssessment,
)
from ladders.leveling.profiles import latest_checkin, profile_of, quarter_end
from ladders.leveling.snapshots import snapshot_freeze
from ladders.server.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError

EVIDENCE_FIELDS = ("kind", "title", "date", "scope", "users", "outcome", "skills", "links", "notes")


class StaleEdit(Conflict):
    """Someone else saved first; the caller's copy is out of date (HTTP 409)."""

    def __init__(self, message: str = "this record changed since you loaded it; reload and try again"):
        super().__init__(message)


def _input_error(error: InputError) -> ServiceError:
    first = error.problems[0]
    message = "; ".join((f"{p.field}: {p.message}" if p.field else p.message) for p in error.problems)
    return Invalid(message, field=first.field)


# -- assessment --------------------------------------------------------------------------


def assessment_for(
    person: Person, *, as_of: date | None = None, target: str | None = None
) -> AssessmentResult:
    """The live assessment: latest submitted or signed-off check-in plus all evidence.

    Today's plain assessment comes from the stored live result; a past date or another
    target is computed on the spot.
    """
    if as_of is None and target is None:
        return live_result(person)
    _version, fw = active_framework(person.org)
    checkin = latest_checkin(person, as_of=as_of)
    try:
        return assess(fw, profile_of(person, fw, checkin=checkin), as_of=as_of, target=target)
    except InputError as error:
        raise _input_error(error) from None


# -- evidence ------------------------------------------------------------------------------


def _next_slug(person: Person) -> str:
    """The first `eN` after as many as the person has; call it holding the person's row lock."""
    taken = set(person.evidence.values_list("slug", flat=True))
    n = len(taken) + 1
    while f"e{n}" in taken:
        n += 1
    return f"e{n}"


def _validated_evidence(fw: Framework, data: dict[str, Any], slug: str) -> dict[str, Any]:
    """Check one evidence item exactly as a profile file would be checked."""
    payload = {k: v for k, v in data.items() if k in EVIDENCE_FIELDS and v not in (None, "")}
    payload["id"] = slug
    if isinstance(payload.get("date"), str):
        try:
            payload["date"] = date.fromisoformat(payload["date"])
        except ValueError:
            raise Invalid("date: must be a date written as YYYY-MM-DD", field="date") from None
    from pydantic import ValidationError

    try:
        item = EvidenceItem.model_validate(payload)
    except ValidationError as error:
        raise _input_error(InputError(problems_from(error, SourceMap("evidence")))) from None
    problems = []
    kind = fw.kind_by_id.get(item.kind)
    if kind is None:
        problems.append(("kind", f"unknown evidence kind '{item.kind}'"))
    elif item.users and not kind.has_users:
        problems.append(("users", f"'users' applies only to kinds with users, not '{item.kind}'"))
    if item.scope is not None and item.scope not in fw.scope_rank:
        problems.append(("scope", f"unknown scope '{item.scope}'"))
    for skill in item.skills:
        if skill not in fw.skill_by_id:
            problems.append(("skills", f"unknown skill '{skill}'"))
    if future := recorded_date_problem(item.date, today=timezone.localdate()):
        problems.append(("date", future))
    if problems:
        raise Invalid("; ".join(f"{f}: {m}" for f, m in problems), field=problems[0][0])
    return {
        "kind": item.kind,
        "title": item.title,
        "date": item.date,
        "scope": item.scope or fw.scopes[0],
        "users": item.users or "",
        "outcome": item.outcome or "",
        "skills": list(item.skills),
        "links": list(item.links),
        "notes": item.notes or "",
    }


def _evidence_snapshot(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.slug,
        "kind": item.kind,
        "title": item.title,
        "date": item.date.isoformat(),
        "scope": item.scope,
        "users": item.users,
        "outcome": item.outcome,
        "skills": item.skills,
    }


@transaction.atomic
def evidence_create(*, actor: Person, person: Person, data: dict[str, Any]) -> Evidence:
    """Record one item; without an id it gets the person's next free `eN`.

    Creations for one person queue on a lock of the person's row, so two at once never
    pick the same id; the unique constraint stays the guard (a 409, never a 500) where row
    locks do nothing (SQLite, which serialises writers anyway).
    """
    if not can_edit_evidence_of(actor, person):
        raise NotFound("not allowed")
    _, fw = active_framework(person.org)
    Person.objects.select_for_update().only("pk").get(pk=person.pk)
    slug = (data.get("id") or "").strip() or _next_slug(person)
    fields = _validated_evidence(fw, data, slug)
    taken = Conflict(f"id: evidence '{slug}' already exists", field="id")
    if person.evidence.filter(slug=slug).exists():
        raise taken
    try:
        with transaction.atomic():
            item = Evidence.objects.create(person=person, slug=slug, author=actor, **fields)
    except IntegrityError:
        raise taken from None
    audit(
        actor,
        "evidence.created",
        org_id=person.org_id,
        person=person,
        subject=slug,
        after=_evidence_snapshot(item),
    )
    return item


@transaction.atomic
def evidence_update(*, actor: Person, item: Evidence, data: dict[str, Any]) -> Evidence:
    item = Evidence.objects.select_for_update().select_related("person").get(pk=item.pk)
    if not can_edit_evidence_of(actor, item.person):
        raise NotFound("not allowed")
    _, fw = active_framework(item.person.org)
    before = _evidence_snapshot(item)
    merged = {**{f: getattr(item, f) for f in EVIDENCE_FIELDS}, **data}
    fields = _validated_evidence(fw, merged, item.slug)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    audit(
        actor,
        "evidence.updated",
        org_id=item.person.org_id,
        person=item.person,
        subject=item.slug,
        before=before,
        after=_evidence_snapshot(item),
    )
    return item


@transaction.atomic
def evidence_delete(*, actor: Person, item: Evidence) -> None:
    if not can_edit_evidence_of(actor, item.person):
        raise NotFound("not allowed")
    audit(
        actor,
        "evidence.deleted",
        org_id=item.person.org_id,
        person=item.person,
        subject=item.slug,
        before=_evidence_snapshot(item),
    )
    item.delete()


# -- check-ins -----------------------------------------------------------------------------


def _valid_quarter(quarter: str) -> str:
    """The quarter, if a check-in may be for it today (the core's rule); else a 422."""
    if problem := checkin_quarter_problem(quarter, today=timezone.localdate()):
        raise Invalid(f"quarter: {problem}", field="quarter")
    return quarter


def _check_notes(field: str, notes: str) -> None:
    """Notes are free text within limits.NOTES; line breaks and tabs are fine, NUL is not."""
    if problem := text_problem(notes or "", limit=limits.NOTES, multiline=True):
        raise Invalid(f"{field}: {problem}", field=field)


def _validated_ratings(fw: Framework, ratings: Any, field: str) -> dict[str, int]:
    if not isinstance(ratings, dict):
        raise Invalid(f"{field}: must be a mapping of skill id to rating", field=field)
    low, high = fw.rating_scale.min, fw.rating_scale.max
    clean: dict[str, int] = {}
    for skill, value in ratings.items():
        if skill not in fw.skill_by_id:
            raise Invalid(f"{field}.{skill}: unknown skill", field=field)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(f"{field}.{skill}: rating must be a whole number {low}-{high}", field=field)
        clean[skill] = value
    return clean


def _validated_allocation(fw: Framework, allocation: Any) -> dict[str, float] | None:
    if allocation in (None, {}):
        return None
    if not isinstance(allocation, dict):
        raise Invalid("time_allocation: must be a mapping of activity to percent", field="time_allocation")
    clean: dict[str, float] = {}
    for activity, value in allocation.items():
        if activity not in fw.activity_ids:
            raise Invalid(f"time_allocation.{activity}: unknown activity", field="time_allocation")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise Invalid(f"time_allocation.{activity}: percent 0-100", field="time_allocation")
        clean[activity] = value
    total = sum(clean.values())
    if abs(total - 100) > 1e-6:
        raise Invalid(f"time_allocation: percentages add up to {total:g}, not 100", field="time_allocation")
    return clean


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
) -> CheckIn:
    """Create or update the person's own check-in for a quarter (drafts only)."""
    if actor.pk != person.pk:
        raise Forbidden("only the person fills in their own check-in")
    _, fw = active_framework(person.org)
    quarter = _valid_quarter(quarter)
    ratings = _validated_ratings(fw, self_ratings, "self_ratings")
    allocation = _validated_allocation(fw, time_allocation)
    _check_notes("notes", notes)
    if self_assessed_level and self_assessed_level not in fw.level_index:
        raise Invalid("self_assessed_level: unknown level", field="self_assessed_level")
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
    checkin.self_ratings = ratings
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
    if submit:
        audit(actor, "checkin.submitted", org_id=person.org_id, person=person, subject=quarter)
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
    ratings = _validated_ratings(fw, manager_ratings or {}, "manager_ratings")
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
    snapshot = snapshot_freeze(person=person, checkin=checkin, version=version, result=result, as_of=as_of)
    audit(
        actor,
        "checkin.signed_off",
        org_id=person.org_id,
        person=person,
        subject=checkin.quarter,
        after={"level": result["level"], "framework_hash": fw.content_hash},
    )
    if person.level != result["level"]:
        audit(
            actor,
            "level.changed",
            org_id=person.org_id,
            person=person,
            subject=checkin.quarter,
            before=person.level or None,
            after=result["level"],
        )
        person.level = result["level"]
        person.level_since = as_of
        person.save(update_fields=["level", "level_since"])
    return snapshot


# -- frameworks ----------------------------------------------------------------------------


@transaction.atomic
def framework_upload(
    *, actor: Person, text: str, source: str = "upload", activate: bool = True
) -> FrameworkVersion:
    """Validate and store a framework version; on any problem nothing is stored.

    Raises `InputError` (with line numbers) so pages and the API can show every problem.
    """
    if not actor.is_admin:
        raise Forbidden("only admins manage frameworks")
    fw = framework_from_text(text, source=source)
    version = FrameworkVersion.objects.filter(org=actor.org, content_hash=fw.content_hash).first()
    if version is None:
        version = FrameworkVersion.objects.create(
            org=actor.org,
            framework_id=fw.id,
            name=fw.name,
            version=fw.version,
            content_hash=fw.content_hash,
            yaml_text=text,
            uploaded_by=actor,
        )
        audit(
            actor,
            "framework.uploaded",
            org_id=actor.org_id,
            subject=f"{fw.id} {fw.version}",
            after={"hash": fw.content_hash},
        )
    if activate:
        framework_activate(actor=actor, version=version)
    return version


@transaction.atomic
def framework_activate(*, actor: Person, version: FrameworkVersion) -> FrameworkVersion:
    if not actor.is_admin or version.org_id != actor.org_id:
        raise Forbidden("only admins manage frameworks")
    framework_of(version)  # a stored version must still parse before it can be active
    previous = FrameworkVersion.objects.filter(org=actor.org, active=True).exclude(pk=version.pk).first()
    if previous is not None:
        previous.active = False
        previous.save(update_fields=["active"])
    if not version.active:
        version.active = True
        version.save(update_fields=["active"])
        audit(
            actor,
            "framework.activated",
            org_id=actor.org_id,
            subject=f"{version.framework_id} {version.version}",
            before={"hash": previous.content_hash} if previous else None,
            after={"hash": version.content_hash},
        )
    return version


# -- maturity -------------------------------------------------------------------------------


@transaction.atomic
def maturity_record(
    *, actor: Person, org_name: str, phases: dict[str, int], team_id: int | None = None
) -> MaturityAssessment:
    if not (actor.is_admin or actor.role == "manager"):
        raise Forbidden("only managers and admins record org maturity")
    _version, fw = active_framework(actor.org)
    from pydantic import ValidationError

    try:
        answers = MaturityAnswers.model_validate({"org": org_name, "phases": phases})
        answers_check(answers, fw, SourceMap("maturity"))
    except ValidationError as error:
        raise _input_error(InputError(problems_from(error, SourceMap("maturity")))) from None
    except InputError as error:
        raise _input_error(error) from None
    result = maturity_assess(fw, answers)
    record = MaturityAssessment.objects.create(
        org=actor.org,
        team_id=team_id,
        answers=answers.model_dump(),
        level=result["level"],
        result=result,
        framework_hash=fw.content_hash,
        created_by=actor,
    )
    audit(
        actor,
        "maturity.recorded",
        org_id=actor.org_id,
        subject=str(team_id or "org"),
        after={"level": result["level"]},
    )
    return record
