"""Pass 2, the reviewer's verdict on each claim, and pass 3, the review of that review."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ladders.accounts.models import Person
from ladders.core.review import PacketRole, Participants, review_flags
from ladders.promotions.inputs import audits_input, verdicts_input
from ladders.promotions.models import Packet
from ladders.promotions.notify import notify
from ladders.promotions.selectors import packet_waits_for
from ladders.promotions.services.steps import record, require_colleague, require_fair, save, start_step


@transaction.atomic
def packet_review(
    *,
    actor: Person,
    packet: Packet,
    verdicts: dict[str, dict[str, Any]],
    auditor: Person | None,
    revision: int,
) -> Packet:
    """Verdicts by check id: {"verdict": one of VERDICTS, "comment": text, "cited": [evidence ids]}.

    A missing verdict or support without evidence is not refused: it is flagged, because
    catching those is what the reviewer of the review (nominated here) is for.
    """
    packet, before, after = start_step(
        actor, packet, role=PacketRole.REVIEWER, action="review", revision=revision
    )
    clean = verdicts_input(packet, verdicts)
    auditor = require_colleague(packet, auditor, "auditor")
    require_fair(
        Participants(
            subject=packet.subject,
            author=packet.author,
            reviewer=packet.reviewer,
            auditor=auditor,
            author_manager=packet.author.manager if packet.author else None,
        ),
        "auditor",
    )
    packet.verdicts = clean
    packet.flags = review_flags(packet.claims, clean, set(packet.evidence))
    packet.auditor = auditor
    packet.state = after
    save(packet)
    record(packet, actor, "review", before, {"verdicts": clean, "flags": packet.flags, "auditor": auditor.pk})
    notify(packet, "review", actor=actor, to=packet_waits_for(packet))
    return packet


@transaction.atomic
def packet_audit(
    *, actor: Person, packet: Packet, audits: dict[str, dict[str, Any]], revision: int
) -> Packet:
    """Audits by check id: {"audit": "confirmed" or "challenged", "comment": text}.

    Every verdict needs an audit; a challenge, or confirming a verdict the system flagged,
    needs a comment saying why. A claim left without a verdict may be audited too.
    """
    packet, before, after = start_step(
        actor, packet, role=PacketRole.AUDITOR, action="audit", revision=revision
    )
    clean = audits_input(packet, audits)
    packet.audits = clean
    packet.state = after
    save(packet)
    record(packet, actor, "audit", before, {"audits": clean})
    notify(packet, "audit", actor=actor, to=packet_waits_for(packet))
    return packet
