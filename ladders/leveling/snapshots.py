"""Frozen assessments: a snapshot keeps the result and what each piece of evidence it cites said.

Evidence stays editable after a sign-off or a promotion; the record of that decision must
not change with it. Every snapshot is made here, with a copy of the cited items taken in
the same transaction, and every page or API answer about a snapshot renders that copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ladders.accounts.models import Person
from ladders.core.engine import cited_evidence
from ladders.core.results import AssessmentResult
from ladders.leveling.models import AssessmentSnapshot, CheckIn, Evidence, FrameworkVersion

# What a frozen record keeps of an evidence item; the slug is the key it is stored under.
CITED_FIELDS = ("title", "kind", "date", "outcome", "scope")


def evidence_record(item: Evidence) -> dict[str, Any]:
    """One evidence item as a frozen record keeps it (JSON-ready); `source` only when it has one."""
    record = {
        "title": item.title,
        "kind": item.kind,
        "date": item.date.isoformat(),
        "outcome": item.outcome,
        "scope": item.scope,
    }
    if item.source:
        record["source"] = item.source
    return record


def evidence_records(
    person: Person, *, slugs: Iterable[str] | None = None, as_of: date | None = None
) -> dict[str, dict[str, Any]]:
    """The person's evidence by slug, oldest first: only `slugs` if given, only up to `as_of` if given."""
    items = Evidence.objects.filter(person=person)
    if slugs is not None:
        items = items.filter(slug__in=list(slugs))
    if as_of is not None:
        items = items.filter(date__lte=as_of)
    return {item.slug: evidence_record(item) for item in items.order_by("date", "id")}


def snapshot_freeze(
    *,
    person: Person,
    version: FrameworkVersion,
    result: AssessmentResult,
    as_of: date,
    level: str | None = None,
    checkin: CheckIn | None = None,
    evidence: list[Evidence] | None = None,
) -> AssessmentSnapshot:
    """Store `result` with a copy of every evidence item it cites.

    `level` is the level recorded (a promotion records its target, which may differ from the
    result's); `evidence` lets a bulk loader pass the rows it already holds.
    """
    cited = cited_evidence(result)
    if evidence is None:
        records = evidence_records(person, slugs=cited)
    else:
        by_slug = {item.slug: item for item in evidence}
        records = {slug: evidence_record(by_slug[slug]) for slug in cited if slug in by_slug}
    return AssessmentSnapshot.objects.create(
        person=person,
        checkin=checkin,
        framework=version,
        framework_hash=version.content_hash,
        as_of=as_of,
        level=level or result["level"],
        result=result,
        evidence={slug: records[slug] for slug in cited if slug in records},
    )
