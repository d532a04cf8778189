"""Reads of promotion packets. Visibility is decided here, never in a view or template.

A packet is seen by its subject, its author, its assigned reviewer and reviewer of the
review, the subject's management chain and admins. Anyone else is told it does not
exist (404), exactly as for people.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ladders.accounts.hierarchy import reporting_chain_ids
from ladders.accounts.models import Person
from ladders.accounts.permissions import can_decide_promotions_of, can_see_everyone, promotion_deciders
from ladders.core.framework import Framework, Level
from ladders.core.results import AssessmentResult
from ladders.core.review import (
    ACTS_NEXT,
    MAY_ACT,
    PacketRole,
    PacketState,
    Participants,
    decision_concerns,
    participant_problems,
    review_gaps,
)
from ladders.promotions.models import OPEN_STATES, Packet, PacketEvent

# The packet field that names the person in each role; the decider is not named in advance.
ROLE_FIELDS = {PacketRole.AUTHOR: "author", PacketRole.REVIEWER: "reviewer", PacketRole.AUDITOR: "auditor"}


def packets_visible_to(viewer: Person) -> QuerySet[Packet]:
    base = Packet.objects.filter(org_id=viewer.org_id).select_related(
        "subject", "author", "reviewer", "auditor"
    )
    if can_see_everyone(viewer):
        return base
    return base.filter(
        Q(subject=viewer)
        | Q(author=viewer)
        | Q(reviewer=viewer)
        | Q(auditor=viewer)
        | Q(subject_id__in=reporting_chain_ids(viewer))
    )


def packet_for_viewer(viewer: Person, packet_id: int) -> Packet:
    """The packet, if `viewer` may see it; otherwise 404, exactly as if absent."""
    packet = packets_visible_to(viewer).filter(pk=packet_id).first()
    if packet is None:
        raise Http404("No such promotion packet.")
    return packet


def open_packet_of(viewer: Person, person: Person) -> Packet | None:
    """The packet in progress for `person`, if `viewer` may see it (a person has one at most)."""
    return packets_visible_to(viewer).filter(subject=person, state__in=OPEN_STATES).first()


def current_level(fw: Framework, person: Person, result: AssessmentResult) -> str:
    """The recorded level; the assessed one for someone never levelled under this framework."""
    return person.level if person.level in fw.level_index else result["level"]


def targets_above(fw: Framework, person: Person, result: AssessmentResult) -> list[Level]:
    """The levels a new packet for `person` may aim at: every one above their current level."""
    return fw.levels[fw.level_index[current_level(fw, person, result)] + 1 :]


def packet_participants(packet: Packet, **more: Any) -> Participants:
    """The people of a packet as the review rules see them; `more` adds the one being considered."""
    return Participants(
        subject=packet.subject, author=packet.author, reviewer=packet.reviewer, auditor=packet.auditor, **more
    )


def may_decide(person: Person, packet: Packet) -> bool:
    """An admin of the packet's organisation who is neither its subject nor took part in it."""
    if not can_decide_promotions_of(person, packet.org_id):
        return False
    return not participant_problems(packet_participants(packet, decider=person))


def packet_concerns(packet: Packet) -> list[dict[str, Any]]:
    """What a decider must weigh before promoting: challenged verdicts, failing checks, flags."""
    return decision_concerns(packet.claims, packet.verdicts, packet.audits, packet.flags)


def packet_review_gaps(packet: Packet) -> list[str]:
    """Why the packet cannot be promoted yet: claims without a verdict, verdicts without an audit."""
    return review_gaps(packet.claims, packet.verdicts, packet.audits)


def packets_awaiting(viewer: Person) -> QuerySet[Packet]:
    """Packets waiting for `viewer` to act, as `ACTS_NEXT` says: draft, review, review of the
    review, or decision; a decision waits for every admin who `may_decide` it."""
    waiting = Q(pk__in=[])
    for state, role in ACTS_NEXT.items():
        if role in ROLE_FIELDS:
            waiting |= Q(state=state, **{ROLE_FIELDS[role]: viewer})
        elif role is PacketRole.DECIDER and can_decide_promotions_of(viewer, viewer.org_id):
            deciding = packets_visible_to(viewer).filter(state=state)
            waiting |= Q(pk__in=[packet.pk for packet in deciding if may_decide(viewer, packet)])
    return packets_visible_to(viewer).filter(waiting)


def _people_in_role(packet: Packet, role: PacketRole | None) -> list[Person]:
    if role is None:
        return []
    if role is PacketRole.DECIDER:
        return [person for person in promotion_deciders(packet.org_id) if may_decide(person, packet)]
    person = getattr(packet, ROLE_FIELDS[role])
    return [person] if person is not None else []


def packet_waits_for(packet: Packet) -> list[Person]:
    """Whose turn it is: the people `packets_awaiting` lists this packet for, and whom a step mails."""
    return _people_in_role(packet, ACTS_NEXT[PacketState(packet.state)])


def packet_step_for(viewer: Person, packet: Packet) -> PacketState | None:
    """The state whose step `viewer` may take now (their turn, or the author's new attempt), if any."""
    state = PacketState(packet.state)
    role = MAY_ACT[state]
    if role is PacketRole.DECIDER:
        return state if may_decide(viewer, packet) else None
    if role is not None and getattr(packet, f"{ROLE_FIELDS[role]}_id") == viewer.pk:
        return state
    return None


def packet_events(packet: Packet) -> QuerySet[PacketEvent]:
    """The packet's history, oldest first."""
    return PacketEvent.objects.filter(packet=packet).select_related("actor").order_by("created", "id")


def next_plan_of(person: Person) -> dict[str, Any] | None:
    """What the latest "not yet" asked of `person`, unless a later decision promoted them.

    Read from the append-only history, so reopening the packet for a new attempt keeps it.
    """
    latest = (
        PacketEvent.objects.filter(packet__subject=person, action__in=("promote", "decline"))
        .select_related("actor")
        .order_by("-created", "-id")
        .first()
    )
    if latest is None or latest.action != "decline":
        return None
    return {
        "packet": latest.packet_id,
        "target": latest.payload["target"],
        "reasons": latest.payload["reasons"],
        "decided_by": latest.actor,
        "decided_at": latest.created,
    }
