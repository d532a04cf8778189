"""Promotion packets and the triple-pass review, as rules over plain data.

Pass 1 (generator) drafts the packet, pass 2 (reviewer) gives each claim a verdict citing
evidence, pass 3 (reviewer of the review) confirms or challenges each verdict, and an admin
decides. The rules here say who may take part, which transitions exist, and which review
failures to flag; the server stores and enforces them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ladders.core.framework import Framework
from ladders.core.results import AssessmentResult

VERDICTS = ("supported", "not_supported", "insufficient_evidence")
STATES = ("draft", "submitted", "reviewed", "audited", "promoted", "not_yet")
TRANSITIONS = {
    "submit": ("draft", "submitted"),
    "review": ("submitted", "reviewed"),
    "audit": ("reviewed", "audited"),
    "promote": ("audited", "promoted"),
    "decline": ("audited", "not_yet"),
    "reopen": ("not_yet", "draft"),
}


class ReviewRuleError(ValueError):
    """A review step that the rules forbid; the message says which rule."""


def transition(state: str, action: str) -> str:
    if action not in TRANSITIONS:
        raise ReviewRuleError(f"unknown action '{action}'")
    source, target = TRANSITIONS[action]
    if state != source:
        raise ReviewRuleError(f"cannot {action} a packet that is {state} (it must be {source})")
    return target


def packet_claims(fw: Framework, result: AssessmentResult, target: str) -> list[dict[str, Any]]:
    """One claim per check of the target level, plus every lower check not yet passed."""
    goal = fw.level_index[target]
    claims = []
    for index, gate in enumerate(result["gates"]):
        if index > goal:
            break
        for check in gate["checks"]:
            if index == goal or not check["passed"]:
                claims.append(
                    {
                        "check": check["id"],
                        "level": gate["level"],
                        "title": check["title"],
                        "engine_passed": check["passed"],
                        "detail": check["detail"],
                        "evidence": list(check["evidence"]),
                    }
                )
    return claims


@dataclass(frozen=True, slots=True)
class Participants:
    subject: Any
    author: Any
    reviewer: Any | None = None
    auditor: Any | None = None
    author_manager: Any | None = None


def participant_problems(p: Participants) -> list[str]:
    """Every rule the chosen people break: three different people, no self-review."""
    problems = []
    if p.reviewer is not None:
        if p.reviewer == p.author:
            problems.append("the author cannot review their own packet")
        if p.reviewer == p.subject:
            problems.append("nobody reviews their own promotion packet")
    if p.auditor is not None:
        if p.auditor == p.reviewer:
            problems.append("the reviewer cannot review their own review")
        if p.auditor == p.author:
            problems.append("the author cannot be the reviewer of the review")
        if p.auditor == p.subject:
            problems.append("nobody reviews their own promotion packet")
        if p.author_manager is not None and p.auditor == p.author_manager:
            problems.append("the author's manager cannot be the reviewer of the review")
    return problems


def review_flags(
    claims: Iterable[dict[str, Any]],
    verdicts: dict[str, dict[str, Any]],
    known_evidence: set[str],
) -> list[dict[str, Any]]:
    """Review failures for pass 3 to look at.

    - hallucinated_support: "supported" citing no evidence, or evidence the person lacks;
    - happy_path_bias: every claim "supported" while the engine finds a failing check;
    - constraint_blindness: a mandatory check left without a verdict.
    """
    claims = list(claims)
    flags = []
    for claim in claims:
        verdict = verdicts.get(claim["check"])
        if verdict is None or verdict.get("verdict") is None:
            flags.append(
                {
                    "flag": "constraint_blindness",
                    "check": claim["check"],
                    "detail": "mandatory check has no verdict",
                }
            )
            continue
        if verdict["verdict"] == "supported":
            cited = list(verdict.get("cited") or [])
            unknown = [c for c in cited if c not in known_evidence]
            if not cited:
                flags.append(
                    {
                        "flag": "hallucinated_support",
                        "check": claim["check"],
                        "detail": "supported without citing evidence",
                    }
                )
            elif unknown:
                flags.append(
                    {
                        "flag": "hallucinated_support",
                        "check": claim["check"],
                        "detail": f"cites evidence that does not exist: {', '.join(unknown)}",
                    }
                )
    given = [verdicts.get(c["check"], {}).get("verdict") for c in claims]
    failing = [c["check"] for c in claims if not c["engine_passed"]]
    if claims and all(v == "supported" for v in given) and failing:
        flags.append(
            {
                "flag": "happy_path_bias",
                "check": None,
                "detail": "every claim marked supported while the engine finds failing checks: "
                + ", ".join(failing),
            }
        )
    return flags
