"""Properties of assessment over random profiles against the default framework.

The level is checked against an oracle written straight from the spec's gate list, so a
drift between `ai-engineer.yaml`, the engine and the spec shows up here as a counterexample.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladders.core.engine import assess
from ladders.core.framework_loader import default_framework
from ladders.core.profile import profile_from_json

FW = default_framework()
SKILLS = [s.id for s in FW.skills]
KINDS = [k.id for k in FW.evidence_kinds]
SCOPES = ["individual", "feature", "team", "multi_team", "org", "company"]
LEVELS = ["junior", "mid", "senior", "staff", "principal"]
AS_OF = date(2026, 11, 1)
OUTCOMES = [None, "Cut costs by 40%", "Saves 12 hours/week", "3x faster", "Users like it", "Shipped on time"]
FUNDAMENTALS = ["error_handling", "input_validation", "testable_code"]
MITIGATIONS = ["hallucination_mitigation", "happy_path_bias_mitigation", "constraint_blindness_mitigation"]

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def evidence_items(draw, index: int) -> dict:
    kind = draw(st.sampled_from(KINDS))
    item = {
        "id": f"ev{index}",
        "kind": kind,
        "title": f"Work {index}",
        "date": draw(st.dates(AS_OF - timedelta(days=400), AS_OF + timedelta(days=30))).isoformat(),
        "scope": draw(st.sampled_from(SCOPES)),
        "skills": draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True)),
    }
    outcome = draw(st.sampled_from(OUTCOMES))
    if outcome is not None:
        item["outcome"] = outcome
    if kind == "shipped_project":
        users = draw(st.sampled_from(["real", "internal", "none", None]))
        if users is not None:
            item["users"] = users
    return item


# What each level's gates need, at their minimum: (kind, scope, users, outcome) and ratings.
NEEDS = {
    "mid": (
        [("shipped_project", "feature", "real", "Cut tickets by 40%"),
         ("shipped_project", "team", "real", None), ("debugging_story", "feature", None, None)],
        {"error_handling": 2, "input_validation": 2, "testable_code": 2, "llm_api_integration": 2},
    ),
    "senior": (
        [("end_to_end_ownership", "team", None, None), ("adr", "team", None, None),
         ("code_review", "team", None, None), ("mentoring", "individual", None, None)],
        {"code_review": 3, "production_ai_architecture": 3, "llm_deployment": 3,
         "error_handling": 3, "input_validation": 3, "testable_code": 3},
    ),
    "staff": (
        [("cross_team_decision", "multi_team", None, None), ("internal_platform", "org", None, None),
         ("tech_talk", "team", None, None)],
        {**dict.fromkeys(MITIGATIONS, 3), "ai_platform_engineering": 3, "ai_strategy": 2},
    ),
    "principal": (
        [("ai_roadmap", "org", None, None), ("org_standard", "company", None, None),
         ("hiring_criteria", "org", None, None)],
        {"ai_strategy": 4},
    ),
}  # fmt: skip


@st.composite
def profiles(draw) -> dict:
    """Profile data: sparse and random, or built up to a level's minimum and then disturbed.

    Purely random profiles almost never pass the mid gates, so half of the examples start
    at the minimum of a random level, lose a few items and ratings, and gain random ones.
    """
    skills: dict[str, int] = {}
    evidence: list[dict] = []
    if draw(st.booleans()):
        top = draw(st.sampled_from(LEVELS[1:]))
        for name in LEVELS[1 : LEVELS.index(top) + 1]:
            items, ratings = NEEDS[name]
            for skill, rating in ratings.items():
                skills[skill] = max(skills.get(skill, 0), rating)
            for kind, scope, users, outcome in items:
                item = {"id": f"need{len(evidence)}", "kind": kind, "title": "Needed", "date": "2026-06-01"}
                item |= {"scope": scope, "skills": []}
                item |= {"users": users} if users else {}
                item |= {"outcome": outcome} if outcome else {}
                evidence.append(item)
        if draw(st.integers(0, 3)) == 0:
            del evidence[draw(st.integers(0, len(evidence) - 1))]
        if draw(st.integers(0, 3)) == 0:
            skills[draw(st.sampled_from(sorted(skills)))] = draw(st.integers(0, 4))
    skills |= draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4), max_size=4))
    count = draw(st.integers(0, 25 - len(evidence)))
    evidence += [draw(evidence_items(i)) for i in range(count)]
    data = {"name": "Random Person", "as_of": AS_OF.isoformat(), "skills": skills, "evidence": evidence}
    if draw(st.booleans()):
        data["self_assessed_level"] = draw(st.sampled_from(LEVELS))
    if draw(st.booleans()):
        data["org_maturity"] = draw(st.integers(1, 5))
    data["background"] = draw(st.sampled_from(FW.backgrounds))
    return data


def load(data: dict):
    return profile_from_json(json.dumps(data), FW)


def level_index(data: dict, **kwargs) -> int:
    return LEVELS.index(assess(FW, load(data), **kwargs)["level"])


def spec_level(data: dict) -> str:
    """The level by the spec's gate list, computed without the engine."""
    evidence = [e for e in data["evidence"] if date.fromisoformat(e["date"]) <= AS_OF]

    def rating(skill: str) -> int:
        return data["skills"].get(skill, 0)

    def count(
        kind: str, *, users: str | None = None, scope: str | None = None, measurable: bool = False
    ) -> int:
        return sum(
            1
            for e in evidence
            if e["kind"] == kind
            and (users is None or e.get("users") == users)
            and (scope is None or SCOPES.index(e.get("scope", "individual")) >= SCOPES.index(scope))
            and (not measurable or re.search(r"\d", e.get("outcome") or ""))
        )

    gates = {
        "mid": [
            count("shipped_project", users="real") >= 2,
            count("shipped_project", measurable=True) >= 1,
            count("debugging_story") >= 1,
            all(rating(s) >= 2 for s in FUNDAMENTALS),
            any(rating(s) >= 2 for s in ["model_fine_tuning", "llm_api_integration", "rag_systems"]),
        ],
        "senior": [
            count("end_to_end_ownership", scope="team") >= 1,
            count("adr") >= 1,
            rating("code_review") >= 3 and count("code_review") >= 1,
            count("mentoring") >= 1,
            rating("production_ai_architecture") >= 3 and rating("llm_deployment") >= 3,
            all(rating(s) >= 3 for s in FUNDAMENTALS),
        ],
        "staff": [
            count("cross_team_decision", scope="multi_team") >= 1,
            count("internal_platform", scope="multi_team") >= 1,
            count("tech_talk") >= 1,
            all(rating(s) >= 3 for s in MITIGATIONS),
            rating("ai_platform_engineering") >= 3 and rating("ai_strategy") >= 2,
        ],
        "principal": [
            count("ai_roadmap", scope="org") >= 1,
            count("org_standard", scope="org") >= 1,
            count("hiring_criteria") >= 1,
            rating("ai_strategy") >= 4,
        ],
    }
    level = "junior"
    for name in LEVELS[1:]:
        if not all(gates[name]):
            break
        level = name
    return level


@FAST
@given(profiles())
def test_the_level_is_the_one_the_specs_gates_give(data):
    assert assess(FW, load(data))["level"] == spec_level(data)


@FAST
@given(profiles())
def test_the_level_is_the_largest_whose_gates_and_all_below_pass(data):
    result = assess(FW, load(data))

    passed = [gate["passed"] and all(c["passed"] for c in gate["checks"]) for gate in result["gates"]]
    largest = max(i for i in range(len(LEVELS)) if all(passed[: i + 1]))
    assert result["level"] == LEVELS[largest]


@FAST
@given(profiles(), st.data())
def test_adding_an_evidence_item_never_lowers_the_level(data, extra):
    item = extra.draw(evidence_items(len(data["evidence"])))
    before = level_index(data)

    data["evidence"].append(item)

    assert level_index(data) >= before


@FAST
@given(profiles(), st.sampled_from(SKILLS), st.data())
def test_raising_a_rating_never_lowers_the_level(data, skill, extra):
    current = data["skills"].get(skill, 0)
    before = level_index(data)

    data["skills"][skill] = extra.draw(st.integers(current, 4))

    assert level_index(data) >= before


@FAST
@given(profiles())
def test_assess_is_deterministic_and_survives_a_json_round_trip_of_the_profile(data):
    profile = load(data)

    first = assess(FW, profile)
    again = assess(FW, profile)
    round_tripped = assess(FW, profile_from_json(profile.model_dump_json(), FW))

    assert first == again == round_tripped


@FAST
@given(profiles())
def test_every_result_is_json_and_carries_the_framework_hash(data):
    result = assess(FW, load(data))

    assert json.loads(json.dumps(result)) == result
    assert result["framework"]["hash"] == FW.content_hash


@FAST
@given(profiles(), st.sampled_from([None, *LEVELS]))
def test_a_plan_lists_exactly_the_failing_checks_up_to_its_target(data, target):
    result = assess(FW, load(data), target=target)

    by_id = {c["id"]: c for gate in result["gates"] for c in gate["checks"]}
    steps = [step["check"] for step in result["plan"]["steps"]]
    assert not any(by_id[check]["passed"] for check in steps)
    goal = result["plan"]["target"]
    if goal is not None:
        reached, wanted = LEVELS.index(result["level"]), LEVELS.index(goal)
        span = {g["level"] for g in result["gates"][reached + 1 : wanted + 1]}
        failing = [
            c["id"] for g in result["gates"] if g["level"] in span for c in g["checks"] if not c["passed"]
        ]
        assert steps == failing
