"""Pass 1: the author (the person, or someone above them in their chain) drafts and submits."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_author_packet
from ladders.core.review import PacketRole, PacketState, Participants
from ladders.promotions.inputs import text_input
from ladders.promotions.models import Packet
from ladders.promotions.notify import notify
from ladders.promotions.selectors import packet_waits_for
from ladders.promotions.services.steps import (
    locked,
    open_packet_exists,
    record,
    require_colleague,
    require_current,
    require_fair,
    require_in_role,
    require_no_other_open_packet,
    save,
    start_step,
)
from ladders.promotions.services.targets import check_target, engine_view, freeze, require_above_recorded
from ladders.server.errors import Conflict, Forbidden, Invalid


@transaction.atomic
def packet_create(*, actor: Person, person: Person, target: str, narrative: str) -> Packet:
    """A draft packet for `person` to reach `target`, with the engine's claims as of now."""
    if not can_author_packet(actor, person):
        raise Forbidden(
            "only the person or someone in their management chain can write their promotion packet"
        )
    require_no_other_open_packet(person)
    narrative = text_input(narrative, "narrative")
    version, fw, result = engine_view(person)
    check_target(fw, person, result, target)
    packet = Packet(org_id=person.org_id, subject=person, target=target, author=actor, narrative=narrative)
    freeze(packet, version, fw, result)
    try:
        with transaction.atomic():
            packet.save()
    except IntegrityError:  # another request opened one between the check and the insert
        raise open_packet_exists(person) from None
    record(packet, actor, "create", "", {"target": target, "narrative": narrative})
    return packet


@transaction.atomic
def packet_update(
    *, actor: Person, packet: Packet, narrative: str, revision: int, target: str | None = None
) -> Packet:
    """The author edits a draft; a new target (for example after a framework change) re-reads the engine."""
    packet = locked(packet)
    require_in_role(actor, packet, PacketRole.AUTHOR)
    require_current(packet, revision)
    if packet.state != PacketState.DRAFT:
        raise Conflict(f"only a draft can be edited (this packet is {packet.state})")
    packet.narrative = text_input(narrative, "narrative")
    payload: dict[str, Any] = {"narrative": packet.narrative}
    if target is not None and target != packet.target:
        version, fw, result = engine_view(packet.subject)
        check_target(fw, packet.subject, result, target)
        packet.target = target
        freeze(packet, version, fw, result)
        payload["target"] = target
    save(packet)
    record(packet, actor, "update", packet.state, payload)
    return packet


@transaction.atomic
def packet_submit(*, actor: Person, packet: Packet, reviewer: Person | None, revision: int) -> Packet:
    """The author hands the packet to a reviewer; claims and evidence are frozen from now on."""
    packet, before, after = start_step(
        actor, packet, role=PacketRole.AUTHOR, action="submit", revision=revision
    )
    if not packet.narrative.strip():
        raise Invalid("narrative: write the case for promotion before submitting", field="narrative")
    reviewer = require_colleague(packet, reviewer, "reviewer")
    require_fair(Participants(subject=packet.subject, author=packet.author, reviewer=reviewer), "reviewer")
    version, fw, result = engine_view(packet.subject)
    require_above_recorded(fw, packet.subject, packet.target)
    freeze(packet, version, fw, result)
    packet.reviewer = reviewer
    packet.state = after
    save(packet)
    record(
        packet,
        actor,
        "submit",
        before,
        {"reviewer": reviewer.pk, "framework_hash": packet.framework_hash, "claims": packet.claims},
    )
    notify(packet, "submit", actor=actor, to=packet_waits_for(packet))
    return packet
