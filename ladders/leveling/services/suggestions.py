"""The evidence inbox: suggestions received for a person, and each one accepted or rejected.

Suggestions are kept by their stable id, one row per person and id, so receiving the same
scan twice adds nothing, and a rejected suggestion stays rejected however often it comes
back. Accepting creates one evidence item through `evidence_create`, with the
suggestion's source; accepting it again returns that item. The rules are those of
evidence: whoever may add evidence for the person may review their suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_edit_evidence_of
from ladders.core import limits
from ladders.core.errors import InputError
from ladders.core.evidence_suggest import UploadType, suggest_from_upload
from ladders.core.suggestions import Suggestion, suggestion_dict
from ladders.core.yamlsource import SourceMap
from ladders.leveling.audit import audit
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import Evidence, EvidenceSuggestion, SuggestionState
from ladders.leveling.services.evidence import evidence_create
from ladders.leveling.services.refusals import input_refusal
from ladders.server.errors import Conflict, NotFound


@transaction.atomic
def suggestions_receive(*, actor: Person, person: Person, suggestions: list[Suggestion]) -> tuple[int, int]:
    """Put new suggestions in the person's inbox; returns (added, already known or decided)."""
    if not can_edit_evidence_of(actor, person):
        raise NotFound("not allowed")
    if len(suggestions) > limits.EVIDENCE_SUGGESTIONS:
        raise input_refusal(
            InputError([SourceMap("suggestions").problem((), f"more than {limits.EVIDENCE_SUGGESTIONS:,}")])
        )
    _, fw = active_framework(person.org)
    where = SourceMap("suggestions")
    problems = [
        where.problem((i, "kind"), f"unknown evidence kind '{s.kind}'")
        for i, s in enumerate(suggestions)
        if s.kind not in fw.kind_by_id
    ]
    if problems:
        raise input_refusal(InputError(problems))
    unique = {s.id: s for s in suggestions}
    known = set(
        EvidenceSuggestion.objects.filter(person=person, suggestion_id__in=list(unique)).values_list(
            "suggestion_id", flat=True
        )
    )
    new = [
        EvidenceSuggestion(
            person=person,
            suggestion_id=s.id,
            kind=s.kind,
            title=s.title,
            date=s.date,
            data=suggestion_dict(s),
        )
        for s in unique.values()
        if s.id not in known
    ]
    # ignore_conflicts: a scan received twice at once stores each id once, without a 500.
    EvidenceSuggestion.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        audit(actor, "suggestions.received", org_id=person.org_id, person=person, after={"added": len(new)})
    return len(new), len(suggestions) - len(new)


def suggestions_upload(
    *, actor: Person, person: Person, kind: UploadType, name: str, data: bytes, authors: list[str]
) -> tuple[int, int]:
    """Find the suggestions of one uploaded file and put the new ones in the inbox; returns (added, known).

    A file that is not what `kind` says raises `InputError` with located problems, so the
    page can show each one; nothing is stored then.
    """
    if not can_edit_evidence_of(actor, person):
        raise NotFound("not allowed")
    _, fw = active_framework(person.org)
    found = suggest_from_upload(fw, kind=kind, name=name, data=data, authors=authors)
    return suggestions_receive(actor=actor, person=person, suggestions=found)


def _locked(actor: Person, suggestion: EvidenceSuggestion) -> EvidenceSuggestion:
    # Only the suggestion's row is locked: PostgreSQL refuses FOR UPDATE across the nullable
    # evidence join, and the person and item are read, not written, here.
    row = (
        EvidenceSuggestion.objects.select_for_update(of=("self",))
        .select_related("person", "evidence")
        .get(pk=suggestion.pk)
    )
    if not can_edit_evidence_of(actor, row.person):
        raise NotFound("not allowed")
    return row


@transaction.atomic
def suggestion_accept(
    *, actor: Person, suggestion: EvidenceSuggestion, changes: dict[str, Any] | None = None
) -> Evidence:
    """Make the suggestion an evidence item (with `changes` to its fields); accepting again returns it."""
    row = _locked(actor, suggestion)
    if row.state == SuggestionState.ACCEPTED and row.evidence is not None:
        return row.evidence
    if row.state == SuggestionState.REJECTED:
        raise Conflict("this suggestion was rejected; it stays rejected", field="state")
    found = Suggestion.model_validate(row.data)
    data: dict[str, Any] = {
        "kind": found.kind,
        "title": found.title,
        "date": found.date,
        "scope": found.scope,
        "outcome": found.outcome,
        "skills": list(found.skills),
        "links": [found.source.url] if found.source.url else [],
    }
    data.update({k: v for k, v in (changes or {}).items() if k in data})
    source = found.source.model_copy(update={"suggestion": found.id})
    item = evidence_create(actor=actor, person=row.person, data=data, source=source)
    row.state, row.evidence, row.decided_by, row.decided = (
        SuggestionState.ACCEPTED,
        item,
        actor,
        timezone.now(),
    )
    row.save(update_fields=["state", "evidence", "decided_by", "decided"])
    return item


@transaction.atomic
def suggestion_reject(*, actor: Person, suggestion: EvidenceSuggestion) -> None:
    """Reject for good: the id stays in the inbox as rejected, so no rescan offers it again."""
    row = _locked(actor, suggestion)
    if row.state == SuggestionState.ACCEPTED:
        raise Conflict("this suggestion was accepted; delete its evidence item instead", field="state")
    if row.state == SuggestionState.REJECTED:
        return
    row.state, row.decided_by, row.decided = SuggestionState.REJECTED, actor, timezone.now()
    row.save(update_fields=["state", "decided_by", "decided"])
    audit(
        actor, "suggestion.rejected", org_id=row.person.org_id, person=row.person, subject=row.suggestion_id
    )


@transaction.atomic
def suggestions_decide(
    *, actor: Person, person: Person, ids: Iterable[int], accept: bool
) -> tuple[list[Evidence], int]:
    """Accept or reject several suggestions of `person` at once (all or none); returns the items and count."""
    if not can_edit_evidence_of(actor, person):
        raise NotFound("not allowed")
    rows = list(EvidenceSuggestion.objects.filter(person=person, pk__in=list(ids)).order_by("date", "pk"))
    items = []
    for row in rows:
        if accept:
            items.append(suggestion_accept(actor=actor, suggestion=row))
        else:
            suggestion_reject(actor=actor, suggestion=row)
    return items, len(rows)
