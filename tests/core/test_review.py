"""The triple-pass review rules: who may take part, transitions, and flagged failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from ladders.core.engine import assess
from ladders.core.framework_loader import default_framework
from ladders.core.profile import profile_load
from ladders.core.review import (
    Participants,
    ReviewRuleError,
    packet_claims,
    participant_problems,
    review_flags,
    transition,
)

SAM = Path(__file__).resolve().parents[2] / "examples" / "profiles" / "sam-rivera.yaml"


@pytest.fixture
def claims():
    fw = default_framework()
    return packet_claims(fw, assess(fw, profile_load(SAM, fw)), "senior")


def supported_all(claims):
    return {c["check"]: {"verdict": "supported", "cited": c["evidence"] or ["rag-bot"]} for c in claims}


def test_a_packet_has_one_claim_per_target_check(claims):
    assert [c["check"] for c in claims] == [
        "senior.ownership",
        "senior.adr",
        "senior.review",
        "senior.mentoring",
        "senior.production_ai",
        "senior.fundamentals",
    ]


def test_the_states_follow_the_three_passes_then_the_decision():
    state = "draft"
    for action in ("submit", "review", "audit", "promote"):
        state = transition(state, action)
    assert state == "promoted"
    with pytest.raises(ReviewRuleError, match="must be submitted"):
        transition("draft", "review")


@pytest.mark.parametrize(
    ("people", "problem"),
    [
        (Participants("sam", "sam", reviewer="sam"), "the author cannot review their own packet"),
        (Participants("sam", "max", reviewer="sam"), "nobody reviews their own promotion packet"),
        (
            Participants("sam", "max", reviewer="ana", auditor="ana"),
            "the reviewer cannot review their own review",
        ),
        (
            Participants("sam", "sam", reviewer="ana", auditor="max", author_manager="max"),
            "the author's manager cannot be the reviewer of the review",
        ),
    ],
)
def test_refusals(people, problem):
    assert problem in participant_problems(people)


def test_three_different_people_with_no_manager_in_pass_three_is_allowed():
    assert (
        participant_problems(Participants("sam", "sam", reviewer="ana", auditor="olga", author_manager="max"))
        == []
    )


def test_supported_without_evidence_is_flagged_as_hallucinated(claims):
    verdicts = supported_all(claims)
    verdicts["senior.adr"] = {"verdict": "supported", "cited": []}
    flags = review_flags(claims, verdicts, {"rag-bot"})
    assert {
        "flag": "hallucinated_support",
        "check": "senior.adr",
        "detail": "supported without citing evidence",
    } in flags


def test_supported_citing_missing_evidence_is_flagged(claims):
    verdicts = supported_all(claims)
    verdicts["senior.adr"] = {"verdict": "supported", "cited": ["made-up"]}
    flags = review_flags(claims, verdicts, {"rag-bot"})
    assert any(f["flag"] == "hallucinated_support" and "made-up" in f["detail"] for f in flags)


def test_all_supported_while_the_engine_finds_failures_is_happy_path_bias(claims):
    known = {e for c in claims for e in c["evidence"]} | {"rag-bot"}
    flags = review_flags(claims, supported_all(claims), known)
    assert [f["flag"] for f in flags] == ["happy_path_bias"]
    assert "senior.adr" in flags[0]["detail"]


def test_a_mandatory_check_without_a_verdict_is_constraint_blindness(claims):
    verdicts = {c["check"]: {"verdict": "not_supported", "cited": []} for c in claims}
    del verdicts["senior.production_ai"]
    flags = review_flags(claims, verdicts, set())
    assert flags == [
        {
            "flag": "constraint_blindness",
            "check": "senior.production_ai",
            "detail": "mandatory check has no verdict",
        }
    ]
