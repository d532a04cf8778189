"""Request examples for the OpenAPI document, built from the shipped default framework.

Taking the ids from the framework (rather than typing them here) keeps the examples valid
when the framework changes; an organisation's own framework may of course use other ids.
"""

from __future__ import annotations

from typing import Any

from ladders.core.framework_loader import default_framework

_fw = default_framework()
_kind = next((k for k in _fw.evidence_kinds if k.has_users), _fw.evidence_kinds[0])
_skills = [skill.id for skill in _fw.skills[:2]]
_low, _high = _fw.rating_scale.min, _fw.rating_scale.max
_rating = min(_low + 2, _high)


def _allocation() -> dict[str, int] | None:
    ids = _fw.activity_ids
    if not ids:
        return None
    if len(ids) == 1:
        return {ids[0]: 100}
    return {ids[0]: 70, ids[1]: 30}


EVIDENCE_CREATE: dict[str, Any] = {
    "kind": _kind.id,
    "title": "Support assistant on retrieval-augmented generation",
    "date": "2026-03-01",
    "scope": _fw.scopes[min(1, len(_fw.scopes) - 1)],
    **({"users": "real"} if _kind.has_users else {}),
    "outcome": "Cut support tickets by 40% in three months",
    "skills": _skills,
}
EVIDENCE_UPDATE: dict[str, Any] = {"outcome": "Cut support tickets by 45% in four months"}
CHECKIN_FIELDS: dict[str, Any] = {
    "self_ratings": dict.fromkeys(_skills, _rating),
    **({"time_allocation": _allocation()} if _allocation() else {}),
    "self_assessed_level": _fw.levels[min(1, len(_fw.levels) - 1)].id,
    "notes": "Shipped the support assistant; next: own its evaluation suite.",
}
CHECKIN_CREATE: dict[str, Any] = {"quarter": "2026-Q2", **CHECKIN_FIELDS}
SIGN_OFF: dict[str, Any] = {
    "manager_ratings": {_skills[0]: min(_rating + 1, _high)},
    "manager_notes": "Agreed; the evaluation suite is the right next step.",
}


def examples(*values: dict[str, Any]) -> dict[str, Any]:
    """`json_schema_extra` for a request schema: its examples in the OpenAPI document."""
    return {"examples": list(values)}
