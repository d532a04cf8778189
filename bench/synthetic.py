"""Synthetic profiles shaped like real ones, generated from the framework's own ids."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from ladders.core.framework import Framework

OUTCOMES = (
    "Cut p95 latency by {n}%",
    "Saved {n} hours a week of manual triage",
    "Served {n}k requests a day",
    "Reduced cost per request by {n}%",
    "Users liked it",
    "Shipped on time",
)


def profile_dict(fw: Framework, rng: random.Random, index: int, evidence: int = 20) -> dict[str, Any]:
    """One profile with every skill rated and `evidence` items of random kinds."""
    scale = fw.rating_scale
    as_of = date(2026, 11, 1)
    items = []
    skill_ids = [s.id for s in fw.skills]
    for n in range(evidence):
        kind = rng.choice(fw.evidence_kinds)
        item: dict[str, Any] = {
            "id": f"e{n + 1}",
            "kind": kind.id,
            "title": f"Work item {n + 1} of person {index}",
            "date": (as_of - timedelta(days=rng.randrange(0, 1500))).isoformat(),
            "scope": rng.choice(fw.scopes),
            "outcome": rng.choice(OUTCOMES).format(n=rng.randrange(2, 90)),
            "skills": rng.sample(skill_ids, k=rng.randrange(1, 4)),
        }
        if kind.has_users:
            item["users"] = rng.choice(("real", "real", "internal", "none"))
        items.append(item)
    allocation = dict.fromkeys((a.id for a in fw.activities), 0)
    if allocation:
        keys = list(allocation)
        for _ in range(100):
            allocation[rng.choice(keys)] += 1
    profile: dict[str, Any] = {
        "name": f"Person {index}",
        "years_experience": round(rng.uniform(0, 20), 1),
        "background": rng.choice(fw.backgrounds),
        "self_assessed_level": rng.choice(fw.levels).id,
        "as_of": as_of.isoformat(),
        "skills": {s: rng.randint(scale.min, scale.max) for s in skill_ids},
        "time_allocation": allocation or None,
        "evidence": items,
    }
    if fw.maturity:
        profile["org_maturity"] = rng.randint(1, len(fw.maturity.levels))
    return profile


def profiles_json(fw: Framework, count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [json.dumps(profile_dict(fw, rng, i)) for i in range(count)]
