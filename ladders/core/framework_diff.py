"""What changed between two versions of a framework, and whom it would move.

An admin sees this before activating a new version: the diff of levels, skills, rubric
text, evidence kinds and gates, and a what-if that re-assesses everyone under both.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ladders.core.checks import describe_rule
from ladders.core.engine import assess
from ladders.core.framework import EvidenceKind, Framework
from ladders.core.profile import Profile


def _section(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> dict[str, Any]:
    changed = []
    for key in old.keys() & new.keys():
        fields = {
            name: {"old": old[key].get(name), "new": new[key].get(name)}
            for name in sorted(old[key].keys() | new[key].keys())
            if old[key].get(name) != new[key].get(name)
        }
        if fields:
            changed.append({"id": key, "fields": fields})
    return {
        "added": [key for key in new if key not in old],
        "removed": [key for key in old if key not in new],
        "changed": sorted(changed, key=lambda c: list(new).index(c["id"])),
    }


def _levels(fw: Framework) -> dict[str, dict[str, Any]]:
    return {
        lv.id: {"name": lv.name, "position": i, "focus": lv.focus, "scope": lv.scope, "summary": lv.summary}
        for i, lv in enumerate(fw.levels)
    }


def _skills(fw: Framework) -> dict[str, dict[str, Any]]:
    out = {}
    for skill in fw.skills:
        row: dict[str, Any] = {
            "name": skill.name,
            "category": skill.category,
            "description": skill.description,
        }
        for rating, text in sorted(skill.rubric.items()):
            row[f"rubric {rating}"] = text
        out[skill.id] = row
    return out


def _gates(fw: Framework) -> dict[str, dict[str, Any]]:
    return {
        gate.id: {
            "level": level.id,
            "title": gate.title,
            "rule": describe_rule(gate.rule, fw, level.id),
            "action": gate.action,
        }
        for level in fw.levels
        for gate in level.gates
    }


def _kinds(fw: Framework) -> dict[str, dict[str, Any]]:
    return {
        k.id: {"name": k.name, "type": k.type, "description": k.description, "detect": _detect_text(k)}
        for k in fw.evidence_kinds
    }


def _detect_text(kind: EvidenceKind) -> str | None:
    """A kind's detection rules on one line (`files_added: docs/adr/*.md; reviews_given: true`)."""
    if kind.detect is None:
        return None
    rules = kind.detect.model_dump(exclude_defaults=True)
    parts = [
        f"{key}: {', '.join(value) if isinstance(value, list) else str(value).lower()}"
        for key, value in rules.items()
    ]
    return "; ".join(parts) or None


def framework_diff(old: Framework, new: Framework) -> dict[str, Any]:
    """Added, removed and changed items per section; changes list each differing field."""
    return {
        "old": {"id": old.id, "version": old.version, "hash": old.content_hash},
        "new": {"id": new.id, "version": new.version, "hash": new.content_hash},
        "same": old.content_hash == new.content_hash,
        "levels": _section(_levels(old), _levels(new)),
        "skills": _section(_skills(old), _skills(new)),
        "evidence_kinds": _section(_kinds(old), _kinds(new)),
        "gates": _section(_gates(old), _gates(new)),
    }


def what_if(
    old: Framework, new: Framework, profiles: Iterable[tuple[Any, Profile]], as_of: date | None = None
) -> list[dict[str, Any]]:
    """Everyone whose level would change under `new`, with the checks that flipped.

    `profiles` pairs a caller's key (a person id, say) with a profile valid for both
    frameworks; the server builds them from stored records.
    """
    changes = []
    for key, profile in profiles:
        before = assess(old, profile, as_of=as_of)
        after = assess(new, profile, as_of=as_of)
        if before["level"] == after["level"]:
            continue
        old_checks = {c["id"]: c["passed"] for g in before["gates"] for c in g["checks"]}
        flipped = [
            {"check": c["id"], "was": old_checks.get(c["id"]), "now": c["passed"], "detail": c["detail"]}
            for g in after["gates"]
            for c in g["checks"]
            if old_checks.get(c["id"]) != c["passed"]
        ]
        flipped += [
            {"check": cid, "was": passed, "now": None, "detail": "this check no longer exists"}
            for cid, passed in old_checks.items()
            if cid not in {c["id"] for g in after["gates"] for c in g["checks"]}
        ]
        direction = (
            "up"
            if new.level_index.get(after["level"], 0) > old.level_index.get(before["level"], 0)
            else "down"
        )
        changes.append(
            {
                "key": key,
                "name": profile.name,
                "from": before["level"],
                "to": after["level"],
                "direction": direction,
                "because": flipped,
            }
        )
    return changes


def level_diff(fw: Framework, low: str, high: str) -> dict[str, Any]:
    """What changes from level `low` to the higher level `high` of one framework.

    Gates are cumulative, so moving up adds the gates and criteria of every level above
    `low` up to `high`; a skill's needed rating is the one the engine marks as definitely
    needed at each level (rules that require every listed skill).
    """
    from ladders.core.engine import compiled

    index = fw.level_index
    if low not in index or high not in index or index[high] <= index[low]:
        raise ValueError(f"'{high}' must be a level above '{low}'")
    lower, upper = fw.level_by_id[low], fw.level_by_id[high]
    between = fw.levels[index[low] + 1 : index[high] + 1]
    required = compiled(fw).required
    was, now = required[index[low]], required[index[high]]
    names = {c.id: c.name for c in fw.category_list}
    return {
        "from": {"id": lower.id, "name": lower.name},
        "to": {"id": upper.id, "name": upper.name},
        "fields": {
            name: {"old": getattr(lower, name), "new": getattr(upper, name)}
            for name in ("focus", "scope", "summary")
            if getattr(lower, name) != getattr(upper, name)
        },
        "gates": [
            {
                "level": level.id,
                "id": gate.id,
                "title": gate.title,
                "rule": describe_rule(gate.rule, fw, level.id),
                "action": gate.action,
            }
            for level in between
            for gate in level.gates
        ],
        "skills": [
            {"id": s.id, "name": s.name, "old": was.get(s.id), "new": now[s.id]}
            for s in fw.skills
            if s.id in now and now[s.id] != was.get(s.id)
        ],
        "criteria": [
            {"id": c.id, "level": c.level, "topic": names.get(c.topic, c.topic), "text": c.text}
            for level in between
            for c in fw.criteria
            if c.level == level.id
        ],
    }
