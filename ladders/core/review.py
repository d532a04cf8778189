"""Promotion packets and the triple-pass review, as rules over plain data.

Pass 1 (generator) drafts the packet, pass 2 (reviewer) gives each claim a verdict citing
evidence, pass 3 (reviewer of the review) confirms or challenges each verdict, and an admin
decides. The rules here say who may take part, which transitions exist, which review
failures to flag, and what a decider must weigh before promoting; the server stores and
enforces them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, get_args

from ladders.core.framework import Framework
from ladders.core.results import AssessmentResult

Verdict = Literal["supported", "not_supported", "insufficient_evidence"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
# What pass 3 says about each verdict; a challenged one is a concern for the decision.
AuditOutcome = Literal["confirmed", "challenged"]
AUDIT_OUTCOMES: tuple[AuditOutcome, ...] = get_args(AuditOutcome)


class PacketState(StrEnum):
    """Where a packet is in its life; the values are what the database and the API store."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    AUDITED = "audited"
    PROMOTED = "promoted"
    NOT_YET = "not_yet"


class PacketRole(StrEnum):
    """The part a person plays in one packet; the decider is any admin who took no other part."""

    AUTHOR = "author"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"
    DECIDER = "decider"


STATES = tuple(state.value for state in PacketState)

# Whose turn it is in each state: the packet waits for them. A decided packet waits for nobody.
ACTS_NEXT: dict[PacketState, PacketRole | None] = {
    PacketState.DRAFT: PacketRole.AUTHOR,
    PacketState.SUBMITTED: PacketRole.REVIEWER,
    PacketState.REVIEWED: PacketRole.AUDITOR,
    PacketState.AUDITED: PacketRole.DECIDER,
    PacketState.PROMOTED: None,
    PacketState.NOT_YET: None,
}
# Who may take the step out of each state: after "not yet" nothing waits, but the author may
# start a new attempt.
MAY_ACT: dict[PacketState, PacketRole | None] = {**ACTS_NEXT, PacketState.NOT_YET: PacketRole.AUTHOR}
OPEN_STATES = tuple(state for state, role in ACTS_NEXT.items() if role is not None)
CLOSED_STATES = tuple(state for state, role in ACTS_NEXT.items() if role is None)

TRANSITIONS = {
    "submit": (PacketState.DRAFT, PacketState.SUBMITTED),
    "review": (PacketState.SUBMITTED, PacketState.REVIEWED),
    "audit": (PacketState.REVIEWED, PacketState.AUDITED),
    "promote": (PacketState.AUDITED, PacketState.PROMOTED),
    "decline": (PacketState.AUDITED, PacketState.NOT_YET),
    "reopen": (PacketState.NOT_YET, PacketState.DRAFT),
}


class ReviewRuleError(ValueError):
    """A review step that the rules forbid; the message says which rule."""


def transition(state: str, action: str) -> PacketState:
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
    decider: Any | None = None


def participant_problems(p: Participants) -> list[str]:
    """Every rule the chosen people break: four different people, no self-review, no self-decision.

    The decider is a fourth person: not the subject, and none of the three who wrote or
    judged the case, so nobody rules on a case they made or reviewed.
    """
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
    if p.decider is not None:
        if p.decider == p.subject:
            problems.append("nobody decides their own promotion")
        if p.decider == p.author:
            problems.append("the author cannot decide their own packet")
        if p.reviewer is not None and p.decider == p.reviewer:
            problems.append("the reviewer cannot decide a packet they reviewed")
        if p.auditor is not None and p.decider == p.auditor:
            problems.append("the reviewer of the review cannot decide the packet they audited")
    return problems


def review_gaps(
    claims: Iterable[dict[str, Any]],
    verdicts: dict[str, dict[str, Any]],
    audits: dict[str, dict[str, Any]],
) -> list[str]:
    """What keeps both review passes from being done; a packet is promoted only without gaps.

    Pass 2 is done when every claim has a verdict, pass 3 when every verdict has an audit.
    A packet the reviewer left without verdicts can still be told "not yet".
    """
    claims = list(claims)
    no_verdict = [c["check"] for c in claims if (verdicts.get(c["check"]) or {}).get("verdict") is None]
    not_audited = [
        c["check"]
        for c in claims
        if c["check"] not in no_verdict and (audits.get(c["check"]) or {}).get("audit") is None
    ]
    gaps = []
    if no_verdict:
        gaps.append("claims without a verdict: " + ", ".join(no_verdict))
    if not_audited:
        gaps.append("verdicts not reviewed in pass three: " + ", ".join(not_audited))
    return gaps


def decision_concerns(
    claims: Iterable[dict[str, Any]],
    verdicts: dict[str, dict[str, Any]],
    audits: dict[str, dict[str, Any]],
    flags: Iterable[dict[str, Any]],
) -> list[dict[str, Any]]:
    """What a decider must weigh before promoting; promoting past any of it needs a justification.

    - challenged: the reviewer of the review challenged a verdict;
    - engine_failed: the engine finds a claimed check not met;
    - flag: a review failure flagged in pass 2 (flags are never withdrawn, so each stands).
    """
    concerns = []
    for claim in claims:
        check = claim["check"]
        if not claim["engine_passed"]:
            concerns.append(
                {
                    "concern": "engine_failed",
                    "check": check,
                    "detail": f"the engine finds this check not met ({claim['detail']})",
                }
            )
        audit = audits.get(check) or {}
        if audit.get("audit") == "challenged":
            verdict = (verdicts.get(check) or {}).get("verdict") or "no verdict"
            concerns.append(
                {
                    "concern": "challenged",
                    "check": check,
                    "detail": f"the verdict ({verdict.replace('_', ' ')}) was challenged: "
                    f"{audit.get('comment') or 'no reason given'}",
                }
            )
    for flag in flags:
        concerns.append(
            {
                "concern": "flag",
                "check": flag.get("check"),
                "detail": f"{flag['flag'].replace('_', ' ')}: {flag['detail']}",
            }
        )
    return concerns


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
