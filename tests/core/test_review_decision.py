"""The decision rules: a fourth person decides, both passes come first, and concerns need a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from ladders.core.engine import assess
from ladders.core.framework_loader import default_framework
from ladders.core.profile import profile_load
from ladders.core.review import (
    Participants,
    decision_concerns,
    packet_claims,
    participant_problems,
    review_flags,
    review_gaps,
)

SAM = Path(__file__).resolve().parents[2] / "examples" / "profiles" / "sam-rivera.yaml"
CAST = {"subject": "sam", "author": "max", "reviewer": "olga", "auditor": "petra"}


@pytest.fixture
def claims():
    """Sam's claims for mid: the engine finds every one met."""
    fw = default_framework()
    return packet_claims(fw, assess(fw, profile_load(SAM, fw)), "mid")


def verdicts_for(claims, verdict="supported"):
    return {
        c["check"]: {"verdict": verdict, "comment": "See it.", "cited": c["evidence"] or ["rag-bot"]}
        for c in claims
    }


def audits_for(verdicts, audit="confirmed"):
    return {check: {"audit": audit, "comment": "Checked."} for check in verdicts}


@pytest.mark.parametrize(
    ("decider", "problem"),
    [
        ("sam", "nobody decides their own promotion"),
        ("max", "the author cannot decide their own packet"),
        ("olga", "the reviewer cannot decide a packet they reviewed"),
        ("petra", "the reviewer of the review cannot decide the packet they audited"),
    ],
)
def test_the_decider_is_none_of_the_other_four(decider, problem):
    assert problem in participant_problems(Participants(**CAST, decider=decider))


def test_a_fourth_person_may_decide():
    assert participant_problems(Participants(**CAST, decider="ada")) == []


def test_the_author_deciding_for_their_own_report_is_refused_even_as_the_only_admin():
    people = Participants(subject="eve", author="ada", reviewer="olga", auditor="petra", decider="ada")
    assert participant_problems(people) == ["the author cannot decide their own packet"]


def test_a_review_with_a_verdict_and_an_audit_for_every_claim_is_done(claims):
    verdicts = verdicts_for(claims)
    assert claims and review_gaps(claims, verdicts, audits_for(verdicts)) == []


def test_a_packet_without_any_review_has_gaps_for_every_claim(claims):
    gaps = review_gaps(claims, {}, {})
    assert len(gaps) == 1 and all(c["check"] in gaps[0] for c in claims)
    assert gaps[0].startswith("claims without a verdict")


def test_a_verdict_without_an_audit_is_a_gap(claims):
    verdicts = verdicts_for(claims)
    audits = audits_for(verdicts)
    first = claims[0]["check"]
    del audits[first]
    assert review_gaps(claims, verdicts, audits) == [f"verdicts not reviewed in pass three: {first}"]


def test_a_clean_review_of_checks_the_engine_finds_met_has_no_concerns(claims):
    verdicts = verdicts_for(claims)
    flags = review_flags(claims, verdicts, {e for c in claims for e in c["evidence"]} | {"rag-bot"})
    assert flags == []
    assert decision_concerns(claims, verdicts, audits_for(verdicts), flags) == []


def test_every_challenged_verdict_is_a_concern(claims):
    verdicts = verdicts_for(claims)
    audits = audits_for(verdicts, "challenged")
    concerns = decision_concerns(claims, verdicts, audits, [])
    assert [(c["concern"], c["check"]) for c in concerns] == [("challenged", c["check"]) for c in claims]
    assert "Checked." in concerns[0]["detail"]


def test_a_check_the_engine_finds_failing_is_a_concern(claims):
    claims[1] = {**claims[1], "engine_passed": False, "detail": "0 of 1 found"}
    verdicts = verdicts_for(claims)
    concerns = decision_concerns(claims, verdicts, audits_for(verdicts), [])
    assert [(c["concern"], c["check"]) for c in concerns] == [("engine_failed", claims[1]["check"])]
    assert "0 of 1 found" in concerns[0]["detail"]


def test_every_flag_of_the_review_stands_as_a_concern(claims):
    flag = {"flag": "hallucinated_support", "check": claims[0]["check"], "detail": "supported without citing"}
    verdicts = verdicts_for(claims)
    concerns = decision_concerns(claims, verdicts, audits_for(verdicts), [flag])
    assert [(c["concern"], c["check"]) for c in concerns] == [("flag", claims[0]["check"])]
    assert "supported without citing" in concerns[0]["detail"]
