"""The decision: an admin who took no part promotes or says not yet; after not yet, a new attempt."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_decide_promotions_of
from ladders.core.review import PacketRole, participant_problems
from ladders.leveling.audit import audit
from ladders.leveling.levels import level_record
from ladders.leveling.models import AssessmentSnapshot
from ladders.promotions.inputs import text_input
from ladders.promotions.models import Decision, Packet
from ladders.promotions.notify import notify
from ladders.promotions.selectors import packet_concerns, packet_participants, packet_review_gaps
from ladders.promotions.services.steps import (
    locked,
    next_state,
    record,
    require_current,
    require_no_other_open_packet,
    save,
    start_step,
)
from ladders.promotions.services.targets import engine_view, freeze, require_above_recorded
from ladders.server.errors import Conflict, Forbidden, Invalid


@transaction.atomic
def packet_decide(
    *,
    actor: Person,
    packet: Packet,
    decision: str,
    reasons: str = "",
    justification: str = "",
    revision: int,
) -> Packet:
    """An admin who took no part in the packet promotes (the level changes today, frozen in a
    snapshot) or says not yet, with reasons.

    Promoting needs both review passes done (409 otherwise), and a written justification
    when the review leaves concerns (`decision_concerns`: a challenged verdict, a check the
    engine finds failing, a flag); it is kept on the packet, its event and the audit trail.
    """
    packet = locked(packet)
    if not can_decide_promotions_of(actor, packet.org_id):
        raise Forbidden("only an admin decides a promotion")
    problems = participant_problems(packet_participants(packet, decider=actor))
    if problems:
        raise Forbidden("; ".join(problems))
    require_current(packet, revision)
    action = "promote" if decision == Decision.PROMOTE else "decline"
    before = packet.state
    after = next_state(packet, action)
    if decision not in Decision.values:
        raise Invalid(f"decision: must be one of {', '.join(Decision.values)}", field="decision")
    reasons = text_input(reasons, "reasons")
    justification = text_input(justification, "justification")
    if decision == Decision.NOT_YET and not reasons:
        raise Invalid(
            "reasons: say what is missing; the reasons become the person's next plan", field="reasons"
        )
    concerns = packet_concerns(packet)
    if decision == Decision.PROMOTE:
        gaps = packet_review_gaps(packet)
        if gaps:
            raise Conflict(
                "decision: a packet is promoted only once both review passes are done ("
                + "; ".join(gaps)
                + "); say not yet, or reopen it for a full review",
                field="decision",
            )
        if concerns and not justification:
            raise Invalid(
                "justification: promoting despite these concerns needs a written justification: "
                + "; ".join(f"{c['check'] or 'the review'}: {c['detail']}" for c in concerns),
                field="justification",
            )
    payload: dict[str, Any] = {
        "target": packet.target,
        "decision": decision,
        "reasons": reasons,
        "justification": justification,
        "concerns": concerns,
    }
    if decision == Decision.PROMOTE:
        packet.snapshot = _promote(actor, packet)
        payload["snapshot"] = packet.snapshot.pk
        payload["framework_hash"] = packet.snapshot.framework_hash
    packet.decision = decision
    packet.decision_reasons = reasons
    packet.decision_justification = justification
    packet.decided_by = actor
    packet.decided_at = timezone.now()
    packet.state = after
    save(packet)
    record(packet, actor, action, before, payload)
    audit(
        actor,
        "promotion.decided",
        org_id=packet.org_id,
        person=packet.subject,
        subject=f"promotion packet {packet.pk}",
        after={k: payload[k] for k in ("decision", "target", "reasons", "justification", "concerns")},
    )
    notify(packet, action, actor=actor, to=[packet.subject, packet.author])
    return packet


@transaction.atomic
def packet_reopen(*, actor: Person, packet: Packet, revision: int) -> Packet:
    """After "not yet", the author starts a new attempt; the earlier one stays in the history."""
    packet, before, after = start_step(
        actor, packet, role=PacketRole.AUTHOR, action="reopen", revision=revision
    )
    require_no_other_open_packet(packet.subject, besides=packet)
    previous = {"attempt": packet.attempt, "decision_reasons": packet.decision_reasons}
    packet.attempt += 1
    packet.state = after
    packet.reviewer = packet.auditor = packet.decided_by = packet.decided_at = None
    packet.verdicts, packet.audits, packet.flags = {}, {}, []
    packet.decision = packet.decision_reasons = packet.decision_justification = ""
    version, fw, result = engine_view(packet.subject)
    if packet.target in fw.level_index:
        freeze(packet, version, fw, result)
    save(packet)
    record(packet, actor, "reopen", before, previous)
    notify(packet, "reopen", actor=actor, to=[packet.subject])
    return packet


def _promote(actor: Person, packet: Packet) -> AssessmentSnapshot:
    """Move the person to the target level from today and freeze the assessment it rests on."""
    person = Person.objects.select_for_update().get(pk=packet.subject_id)
    version, fw, result = engine_view(person)
    require_above_recorded(fw, person, packet.target)
    snapshot = level_record(
        actor=actor,
        person=person,
        version=version,
        result=result,
        as_of=timezone.localdate(),
        reason=f"promotion packet {packet.pk}",
        level=packet.target,
    )
    packet.subject = person
    return snapshot
