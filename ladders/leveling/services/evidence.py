"""Evidence: a person's record of their work, checked as a profile file would be, and audited."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import ValidationError

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_edit_evidence_of
from ladders.core.errors import InputError
from ladders.core.framework import Framework
from ladders.core.profile import EvidenceItem, EvidenceSource, evidence_problems
from ladders.core.validation import problems_from
from ladders.core.yamlsource import SourceMap
from ladders.leveling.audit import audit
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import Evidence
from ladders.leveling.services.refusals import input_refusal
from ladders.server.errors import Conflict, NotFound

EVIDENCE_FIELDS = ("kind", "title", "date", "scope", "users", "outcome", "skills", "links", "notes")


def _next_slug(person: Person) -> str:
    """The first `eN` after as many as the person has; call it holding the person's row lock."""
    taken = set(person.evidence.values_list("slug", flat=True))
    n = len(taken) + 1
    while f"e{n}" in taken:
        n += 1
    return f"e{n}"


def _validated_evidence(fw: Framework, data: dict[str, Any], slug: str) -> dict[str, Any]:
    """Check one evidence item exactly as a profile file would be checked, dated today or before."""
    payload = {k: v for k, v in data.items() if k in EVIDENCE_FIELDS and v not in (None, "")}
    payload["id"] = slug
    where = SourceMap("evidence")
    try:
        item = EvidenceItem.model_validate(payload)
    except ValidationError as error:
        raise input_refusal(InputError(problems_from(error, where))) from None
    if problems := evidence_problems(fw, item, where, today=timezone.localdate()):
        raise input_refusal(InputError(problems))
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
def evidence_create(
    *, actor: Person, person: Person, data: dict[str, Any], source: EvidenceSource | None = None
) -> Evidence:
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
            item = Evidence.objects.create(
                person=person,
                slug=slug,
                author=actor,
                source=source.model_dump(mode="json", exclude_none=True) if source else {},
                **fields,
            )
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
