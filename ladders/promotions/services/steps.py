"""What every step of a packet's review shares: the lock, the checks in order, the history.

A step locks the packet, asks who is asking, whether the caller's copy is current and
whether the workflow allows the step from the packet's state; it saves with a new
revision and appends one `PacketEvent`.
"""

from __future__ import annotations

from typing import Any

from ladders.accounts.models import Person
from ladders.core.review import (
    PacketRole,
    PacketState,
    Participants,
    ReviewRuleError,
    participant_problems,
    transition,
)
from ladders.leveling.services import StaleEdit
from ladders.promotions.models import OPEN_STATES, Packet, PacketEvent
from ladders.promotions.selectors import ROLE_FIELDS
from ladders.server.errors import Conflict, Forbidden, Invalid, ServiceError


def locked(packet: Packet) -> Packet:
    return (
        Packet.objects.select_for_update(of=("self",))
        .select_related("subject", "subject__org", "author", "author__manager", "reviewer", "auditor")
        .get(pk=packet.pk)
    )


# Who is refused a step that is another role's, in words.
NOT_YOURS = {
    PacketRole.AUTHOR: "only the author of the packet can do this",
    PacketRole.REVIEWER: "only the assigned reviewer can review this packet",
    PacketRole.AUDITOR: "only the assigned reviewer of the review can audit this packet",
}


def require_in_role(actor: Person, packet: Packet, role: PacketRole) -> None:
    if getattr(packet, f"{ROLE_FIELDS[role]}_id") != actor.pk:
        raise Forbidden(NOT_YOURS[role])


def start_step(
    actor: Person, packet: Packet, *, role: PacketRole, action: str, revision: int
) -> tuple[Packet, str, PacketState]:
    """Lock the packet and check, in order, that `actor` holds `role` in it (403), that their copy
    is current (409) and that the workflow allows `action` now (409).

    Returns the locked packet, the state it is in and the state the step moves it to.
    """
    packet = locked(packet)
    require_in_role(actor, packet, role)
    require_current(packet, revision)
    return packet, packet.state, next_state(packet, action)


def require_current(packet: Packet, revision: int) -> None:
    if revision != packet.revision:
        raise StaleEdit()


def next_state(packet: Packet, action: str) -> PacketState:
    try:
        return transition(packet.state, action)
    except ReviewRuleError as error:
        raise Conflict(str(error)) from None


def require_colleague(packet: Packet, person: Person | None, field: str) -> Person:
    """`person`, once they are known to be an active member of the packet's organisation."""
    if not isinstance(person, Person) or person.org_id != packet.org_id:
        raise Invalid(f"{field}: choose someone in the organisation", field=field)
    if not person.user.is_active:
        raise Invalid(f"{field}: {person.name} can no longer sign in", field=field)
    return person


def require_fair(people: Participants, field: str) -> None:
    problems = participant_problems(people)
    if problems:
        raise Forbidden(f"{field}: " + "; ".join(problems), field=field)


def require_no_other_open_packet(person: Person, *, besides: Packet | None = None) -> None:
    others = Packet.objects.filter(subject_id=person.pk, state__in=OPEN_STATES)
    if besides is not None:
        others = others.exclude(pk=besides.pk)
    if others.exists():
        raise open_packet_exists(person)


def open_packet_exists(person: Person) -> ServiceError:
    return Conflict(f"{person.name} already has a promotion packet in progress; finish or decide it first")


def save(packet: Packet) -> None:
    packet.revision += 1
    packet.save()


def record(packet: Packet, actor: Person, action: str, from_state: str, payload: dict[str, Any]) -> None:
    PacketEvent.objects.create(
        packet=packet,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=packet.state,
        payload=payload,
    )
