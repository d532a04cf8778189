"""Random orgs for the batch engine's differential tests, and the reference they are held to.

People start from `samples.sample_profile` at a random level (so every level is reached)
and are then roughed up by hypothesis: items dropped, re-dated (some after the assessment
date, some long before), re-scoped, with users, outcomes and skills changed, and ratings
moved or removed, so that gates are met, missed and just missed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.framework_loader import framework_from_text
from ladders.core.profile import Profile, profile_check
from ladders.core.samples import sample_profile
from ladders.core.yamlsource import SourceMap

ROOT = Path(__file__).resolve().parents[2]
POINTS_LADDER = ROOT / "examples" / "points-ladder.yaml"
DEFAULT_LADDER = ROOT / "ladders" / "frameworks" / "ai-engineer.yaml"
AS_OF = date(2026, 11, 1)
DIFFERENTIAL = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
"""Hypothesis settings of the differential tests: the same examples on every run."""
OUTCOMES = (None, "Cut costs by 40%", "Users like it", "3x faster", "Shipped on time")
CHANGES = ("keep", "keep", "drop", "date", "date", "scope", "users", "outcome", "skills", "skills")
WITHIN_DAYS = (30, 90, 365)
EDGE_DAYS = (0, 1, *(-days - step for days in WITHIN_DAYS for step in (0, 1)))
"""Item dates on either side of a `within_days` window's edge, and of the assessment date."""


def reference(fw: Framework, profile: Profile, as_of: date = AS_OF) -> tuple[str, list[bool]]:
    """What `assess` says: the level and every check's verdict, in order."""
    result = assess(fw, profile, as_of=as_of)
    return result["level"], [check["passed"] for gate in result["gates"] for check in gate["checks"]]


def checked(fw: Framework, data: dict[str, Any]) -> Profile:
    return profile_check(Profile.model_validate(data), fw, SourceMap("<random org>"))


@st.composite
def people(draw: st.DrawFn, fw: Framework) -> Profile:
    """One person of a random org, valid for `fw`."""
    level = draw(st.sampled_from([lv.id for lv in fw.levels]))
    data = sample_profile(fw, level, name="Someone", seed=draw(st.integers(0, 10**6)), as_of=AS_OF)
    skill_ids = [s.id for s in fw.skills]
    scale = fw.rating_scale
    for skill in list(data["skills"]):
        change = draw(st.sampled_from(["keep", "keep", "up", "down", "drop"]))
        if change == "drop":
            del data["skills"][skill]
        elif change != "keep":
            moved = data["skills"][skill] + (1 if change == "up" else -1)
            data["skills"][skill] = min(scale.max, max(scale.min, moved))
    evidence = []
    for item in data["evidence"]:
        change = draw(st.sampled_from(CHANGES))
        if change == "drop":
            continue
        if change == "date":
            days = draw(st.one_of(st.integers(-900, 40), st.sampled_from(EDGE_DAYS)))
            item["date"] = (AS_OF + timedelta(days=days)).isoformat()
        elif change == "scope":
            item["scope"] = draw(st.sampled_from(fw.scopes))
        elif change == "users" and fw.kind_by_id[item["kind"]].has_users:
            item["users"] = draw(st.sampled_from(["real", "internal", "none"]))
        elif change == "outcome":
            item["outcome"] = draw(st.sampled_from(OUTCOMES))
            if item["outcome"] is None:
                del item["outcome"]
        elif change == "skills":
            item["skills"] = draw(st.lists(st.sampled_from(skill_ids), max_size=3, unique=True))
        evidence.append(item)
    data["evidence"] = evidence
    return checked(fw, data)


def bench_like_org(fw: Framework, size: int, seed: int) -> list[Profile]:
    """People made as the bench makes them: a sample profile per level, then some extra work."""
    rng = random.Random(seed)
    levels = [lv.id for lv in fw.levels]
    return [
        checked(
            fw,
            sample_profile(
                fw,
                rng.choice(levels),
                name=f"Person {n}",
                seed=seed,
                as_of=AS_OF,
                extra_evidence=rng.randrange(8),
            ),
        )
        for n in range(size)
    ]


def orgs(fw: Framework, max_size: int = 12) -> st.SearchStrategy[list[Profile]]:
    return st.lists(people(fw), min_size=1, max_size=max_size)


def tightened(path: Path, level: str, gate: str, **rule: Any) -> Framework:
    """The framework file with one gate's rule fields changed, loaded as an admin would upload it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = next(g for lv in data["levels"] if lv["id"] == level for g in lv["gates"] if g["id"] == gate)
    kind = next(iter(found["rule"]))
    found["rule"][kind].update(rule)
    data["version"] = f"{data['version']}-tightened"
    return framework_from_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "<tightened>")


# Random gates over the points ladder's ids: every rule kind, every filter, nested all/any.
_POINTS_DATA = yaml.safe_load(POINTS_LADDER.read_text(encoding="utf-8"))
_SKILLS = [s["id"] for s in _POINTS_DATA["skills"]]
_KINDS = [k["id"] for k in _POINTS_DATA["evidence_kinds"]]
_CATEGORIES = [c["id"] for c in _POINTS_DATA["categories"]]
_SCOPES = _POINTS_DATA["scopes"]


@st.composite
def _skills_rule(draw: st.DrawFn) -> dict[str, Any]:
    of = draw(st.lists(st.sampled_from(_SKILLS), min_size=1, max_size=3))
    need = draw(st.one_of(st.sampled_from(["all", "any"]), st.integers(1, len(of))))
    return {"skills": {"of": of, "at_least": draw(st.integers(0, 5)), "need": need}}


@st.composite
def _evidence_rule(draw: st.DrawFn) -> dict[str, Any]:
    rule: dict[str, Any] = {"min": draw(st.integers(1, 3))}
    if draw(st.booleans()):
        rule.update(kinds=["shipped_project"], users=draw(st.sampled_from(["real", "internal", "none"])))
    else:
        rule["kinds"] = draw(st.lists(st.sampled_from(_KINDS), min_size=1, max_size=3))
    optional = {
        "scope_at_least": st.sampled_from(_SCOPES),
        "measurable_outcome": st.booleans(),
        "skills_any": st.lists(st.sampled_from(_SKILLS), min_size=1, max_size=3),
        "within_days": st.one_of(st.sampled_from(WITHIN_DAYS), st.integers(30, 800)),
    }
    for key, values in optional.items():
        if draw(st.booleans()):
            rule[key] = draw(values)
    return {"evidence": rule}


@st.composite
def _points_rule(draw: st.DrawFn) -> dict[str, Any]:
    rule: dict[str, Any] = {"at_least": draw(st.integers(0, 90))}
    over = draw(st.sampled_from(["all", "of", "categories"]))
    if over == "of":
        rule["of"] = draw(st.lists(st.sampled_from(_SKILLS), min_size=1, max_size=5))
    elif over == "categories":
        rule["categories"] = draw(st.lists(st.sampled_from(_CATEGORIES), min_size=1, max_size=2))
    minimums = draw(st.dictionaries(st.sampled_from(_CATEGORIES), st.integers(0, 30), max_size=2))
    if minimums:
        rule["category_minimums"] = minimums
    return {"points": rule}


RULES = st.recursive(
    st.one_of(_skills_rule(), _evidence_rule(), _points_rule()),
    lambda children: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda xs: {"any": xs}, st.lists(children, min_size=1, max_size=3)),
    ),
    max_leaves=5,
)


@st.composite
def random_gate_frameworks(draw: st.DrawFn) -> Framework:
    """The points ladder with every level's gates replaced by random ones."""
    data = dict(_POINTS_DATA)
    data["levels"] = [
        {
            **level,
            "gates": [
                {"id": f"{level['id']}.g{j}", "title": "A random gate", "rule": rule, "action": "Meet it."}
                for j, rule in enumerate(draw(st.lists(RULES, max_size=2)))
            ],
        }
        for level in _POINTS_DATA["levels"]
    ]
    return Framework.model_validate(data)
