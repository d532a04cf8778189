"""Sample profiles that meet a framework's gates up to a chosen level.

Derived from the gate rules themselves, so demo organisations, benchmarks and tests get
realistic people for any framework without ids typed into code.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from ladders.core.framework import Framework
from ladders.core.rules import Rule

OUTCOME_TEMPLATES = (
    "Cut median response time by {n}%",
    "Saved {n} hours a week of manual review",
    "Reduced cost per request by {n}%",
    "Lifted answer accuracy from {m}% to {k}%",
    "Brought {n} teams onto the shared tooling",
)


def _days_back(rng: random.Random, within_days: int | None) -> int:
    """How long ago a sample item is dated: within the rule's window, and not too recent."""
    window = min(700 if within_days is None else within_days, 700)
    early = min(20, window)
    return rng.randrange(early, window) if window > early else window


def sample_title(fw: Framework, kind_name: str, skills: list[str], scope: str) -> str:
    """A title that says what the item is: its kind, the skills it shows and how far it reached."""
    names = " and ".join(fw.skill_by_id[s].name for s in skills if s in fw.skill_by_id)
    reach = scope.replace("_", " ")
    return f"{kind_name}: {names} ({reach} scope)" if names else f"{kind_name} ({reach} scope)"


def _meet(
    rule: Rule,
    fw: Framework,
    ratings: dict[str, int],
    evidence: list[dict[str, Any]],
    rng: random.Random,
    as_of: date,
    tag: str,
) -> None:
    if rule.skills is not None:
        r = rule.skills
        for skill in r.of[: r.needed()]:
            ratings[skill] = max(ratings.get(skill, fw.rating_scale.min), r.at_least)
    elif rule.evidence is not None:
        r = rule.evidence
        kind = fw.kind_by_id[r.kinds[0]]
        for _ in range(r.min):
            n = len(evidence) + 1
            scope = r.scope_at_least or rng.choice(fw.scopes[:3])
            skills = list(r.skills_any[:1]) if r.skills_any else rng.sample([s.id for s in fw.skills], 2)
            item: dict[str, Any] = {
                "id": f"{tag}-{n}",
                "kind": kind.id,
                "title": sample_title(fw, kind.name, skills, scope),
                "date": (as_of - timedelta(days=_days_back(rng, r.within_days))).isoformat(),
                "scope": scope,
                "outcome": rng.choice(OUTCOME_TEMPLATES).format(
                    n=rng.randrange(5, 60), m=rng.randrange(40, 70), k=rng.randrange(71, 95)
                ),
                "skills": skills,
            }
            if r.measurable_outcome is False:
                item["outcome"] = "Well received"
            if kind.has_users:
                item["users"] = r.users or "real"
            evidence.append(item)
    elif rule.points is not None:
        r = rule.points
        assert fw.points is not None
        table = fw.points.table
        scale = fw.rating_scale
        skills = list(r.of) if r.of else [s.id for s in fw.skills]

        def total(members: list[str]) -> int:
            return sum(table[ratings.get(s, scale.min)] for s in members)

        for category, minimum in r.category_minimums.items():
            members = fw.skills_by_category[category]
            while total(members) < minimum:
                low = min(members, key=lambda s: ratings.get(s, scale.min))
                if ratings.get(low, scale.min) >= scale.max:
                    break
                ratings[low] = ratings.get(low, scale.min) + 1
        while total(skills) < r.at_least:
            low = min(skills, key=lambda s: ratings.get(s, scale.min))
            if ratings.get(low, scale.min) >= scale.max:
                break
            ratings[low] = ratings.get(low, scale.min) + 1
    else:
        children = rule.all or []
        if rule.any:
            children = rule.any[:1]
        for child in children:
            _meet(child, fw, ratings, evidence, rng, as_of, tag)


def sample_profile(
    fw: Framework, level: str, *, name: str, seed: int = 0, as_of: date | None = None, extra_evidence: int = 0
) -> dict[str, Any]:
    """A profile dict (the YAML format) that reaches exactly `level`, or higher if gates overlap."""
    rng = random.Random(f"{seed}-{name}")
    as_of = as_of or date.today()
    ratings: dict[str, int] = {}
    evidence: list[dict[str, Any]] = []
    top = fw.level_index[level]
    for index, lv in enumerate(fw.levels[: top + 1]):
        for gate in lv.gates:
            _meet(gate.rule, fw, ratings, evidence, rng, as_of, tag=f"l{index}")
    # Everyone has something to show beyond the bare minimum.
    for _ in range(extra_evidence):
        kind = rng.choice(fw.evidence_kinds)
        skills = rng.sample([s.id for s in fw.skills], 1)
        item = {
            "id": f"x-{len(evidence) + 1}",
            "kind": kind.id,
            "title": sample_title(fw, kind.name, skills, fw.scopes[0]),
            "date": (as_of - timedelta(days=rng.randrange(1, 900))).isoformat(),
            "scope": fw.scopes[0],
            "skills": skills,
        }
        if kind.has_users:
            item["users"] = "internal"
        evidence.append(item)
    for skill in rng.sample([s.id for s in fw.skills], k=min(6, len(fw.skills))):
        ratings.setdefault(skill, rng.randint(fw.rating_scale.min, fw.rating_scale.min + 1))
    return {"name": name, "as_of": as_of.isoformat(), "skills": ratings, "evidence": evidence}
