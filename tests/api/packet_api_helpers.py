"""Helpers for the packet API tests: a packet walked to any state through the services, honest reviews.

Eve (the engineer) writes her own packet for mid, Olga (the other manager) reviews it,
Oscar (an engineer on another team) reviews the review and Ada (the admin) decides: four
different people, as the review rules want. Max, Eve's manager, may not review the review.
"""

from __future__ import annotations

from typing import Any

from ladders.promotions import services
from ladders.promotions.models import Packet
from tests.framework_ids import LEVEL

TARGET = LEVEL.mid
NARRATIVE = "Eve ships features real users rely on and owns them end to end."
NOT_YET_REASONS = "Write up a debugging story from the on-call rotation."
# Eve has no debugging story, a check the engine finds failing: promoting her needs a reason.
JUSTIFICATION = "Her incident write-ups cover the debugging story; the panel accepts them."


def honest_verdicts(claims: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Support what the engine finds, citing its evidence; call everything else insufficient.

    `claims` as stored on the packet or as `GET /packets/{id}` shows them (evidence as objects).
    """
    verdicts = {}
    for claim in claims:
        cited = [e if isinstance(e, str) else e["id"] for e in claim["evidence"]]
        if claim["engine_passed"] and cited:
            verdicts[claim["check"]] = {"verdict": "supported", "comment": f"See {cited[0]}.", "cited": cited}
        else:
            verdicts[claim["check"]] = {
                "verdict": "insufficient_evidence",
                "comment": "Nothing shows it yet.",
            }
    return verdicts


def confirmations(verdicts: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {check: {"audit": "confirmed", "comment": "Checked against the evidence."} for check in verdicts}


def walk_packet(acme, state: str = "draft") -> Packet:
    """Eve's packet for mid, walked through the services up to `state`."""
    packet = services.packet_create(
        actor=acme.engineer, person=acme.engineer, target=TARGET, narrative=NARRATIVE
    )
    steps = {
        "draft": lambda p: services.packet_submit(
            actor=acme.engineer, packet=p, reviewer=acme.other_manager, revision=p.revision
        ),
        "submitted": lambda p: services.packet_review(
            actor=acme.other_manager,
            packet=p,
            verdicts=honest_verdicts(p.claims),
            auditor=acme.outsider,
            revision=p.revision,
        ),
        "reviewed": lambda p: services.packet_audit(
            actor=acme.outsider, packet=p, audits=confirmations(p.verdicts), revision=p.revision
        ),
        "audited": lambda p: services.packet_decide(
            actor=acme.admin,
            packet=p,
            decision="promote" if state == "promoted" else "not_yet",
            reasons="" if state == "promoted" else NOT_YET_REASONS,
            justification=JUSTIFICATION if state == "promoted" else "",
            revision=p.revision,
        ),
    }
    while packet.state != state:
        packet = steps[packet.state](packet)
    return packet
