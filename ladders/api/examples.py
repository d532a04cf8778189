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
_target = _fw.levels[min(1, len(_fw.levels) - 1)]
_claim = next((gate.id for level in _fw.levels[1:] for gate in level.gates), "a_check")
PACKET_CREATE: dict[str, Any] = {
    "target": _target.id,
    "narrative": "Ships features real users rely on and owns them end to end; see the claims.",
}
PACKET_UPDATE: dict[str, Any] = {"narrative": "Also mentors the new joiners on the team.", "revision": 1}
PACKET_SUBMIT: dict[str, Any] = {"reviewer_id": 7, "revision": 2}
PACKET_REVIEW: dict[str, Any] = {
    "verdicts": {_claim: {"verdict": "supported", "comment": "The ADR e1 shows it.", "cited": ["e1"]}},
    "auditor_id": 9,
    "revision": 3,
}
PACKET_AUDIT: dict[str, Any] = {
    "audits": {_claim: {"audit": "confirmed", "comment": "e1 says what the reviewer says it does."}},
    "revision": 4,
}
PACKET_DECISION: dict[str, Any] = {
    "decision": "not_yet",
    "reasons": "Write up a debugging story from the on-call rotation.",
    "revision": 5,
}
BAND_SET: dict[str, Any] = {
    "level": _target.id,
    "market": "us",
    "currency": "USD",
    "min": 130000,
    "max": 170000,
    "source": "2026 salary survey",
}


def examples(*values: dict[str, Any]) -> dict[str, Any]:
    """`json_schema_extra` for a request schema: its examples in the OpenAPI document."""
    return {"examples": list(values)}
