"""Reads that span relations. Callers pass the viewer; visibility is checked here or before."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet

from ladders.accounts.models import Person
from ladders.accounts.selectors import people_visible_to
from ladders.core.engine import assess
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import AssessmentSnapshot, CheckIn, Evidence
from ladders.leveling.profiles import latest_checkin, profile_of


def evidence_of(person: Person, *, kind: str | None = None, search: str | None = None) -> QuerySet[Evidence]:
    qs = Evidence.objects.filter(person=person)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(outcome__icontains=search) | Q(notes__icontains=search))
    return qs.order_by("-date", "-id")


def evidence_item(person: Person, slug_or_pk: str | int) -> Evidence | None:
    qs = Evidence.objects.filter(person=person)
    if isinstance(slug_or_pk, int) or str(slug_or_pk).isdigit():
        found = qs.filter(pk=int(slug_or_pk)).first()
        if found is not None:
            return found
    return qs.filter(slug=str(slug_or_pk)).first()


def checkins_of(person: Person) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(person=person).order_by("-quarter")


def level_history(person: Person) -> list[dict[str, Any]]:
    """Frozen levels by date, oldest first; each keeps the framework hash it was made with."""
    rows = (
        AssessmentSnapshot.objects.filter(person=person)
        .order_by("as_of", "id")
        .values("as_of", "level", "framework_hash", "checkin__quarter")
    )
    return [
        {
            "as_of": r["as_of"],
            "level": r["level"],
            "framework_hash": r["framework_hash"],
            "quarter": r["checkin__quarter"],
        }
        for r in rows
    ]


def team_overview(viewer: Person) -> dict[str, Any]:
    """People the viewer may see, assessed live, with the level distribution and who is ready.

    'Ready for promotion' means the evidence supports a higher level than the recorded one.
    """
    _, fw = active_framework(viewer.org)
    people = list(people_visible_to(viewer).exclude(pk=viewer.pk).select_related("team", "manager"))
    ids = [p.pk for p in people]
    evidence: dict[int, list[Evidence]] = {pk: [] for pk in ids}
    for item in Evidence.objects.filter(person_id__in=ids):
        evidence[item.person_id].append(item)
    latest: dict[int, CheckIn] = {}
    for checkin in (
        CheckIn.objects.filter(person_id__in=ids).exclude(status="draft").order_by("person_id", "quarter")
    ):
        latest[checkin.person_id] = checkin
    rows = []
    for person in people:
        result = assess(
            fw, profile_of(person, fw, checkin=latest.get(person.pk), evidence=evidence[person.pk])
        )
        recorded = person.level if person.level in fw.level_index else None
        ready = recorded is not None and fw.level_index[result["level"]] > fw.level_index[recorded]
        rows.append({"person": person, "result": result, "recorded": recorded, "ready": ready})
    distribution = Counter(row["result"]["level"] for row in rows)
    return {
        "framework": fw,
        "rows": rows,
        "distribution": [(level, distribution.get(level.id, 0)) for level in fw.levels],
        "ready": [row for row in rows if row["ready"]],
        "pitfalls": Counter(p["id"] for row in rows for p in row["result"]["pitfalls"]),
    }


__all__ = ["checkins_of", "evidence_item", "evidence_of", "latest_checkin", "level_history", "team_overview"]
