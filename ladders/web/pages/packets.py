"""The promotion packet pages: the list, a new packet, and one packet with the step that is the viewer's.

Every packet is shown through `packet_view`, the same rows the API and the exports render;
whose turn it is comes from `packet_waits_for` and `packet_step_for`, as the workflow in
`ladders.core.review` says.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_author_packet
from ladders.accounts.selectors import person_for_viewer
from ladders.core.review import ACTS_NEXT, PacketRole, PacketState, Participants, participant_problems
from ladders.leveling.frameworks import active_framework
from ladders.leveling.services import assessment_for
from ladders.promotions.models import Packet
from ladders.promotions.packet_view import packet_target_name, packet_view
from ladders.promotions.selectors import (
    current_level,
    open_packet_of,
    packet_for_viewer,
    packet_step_for,
    packet_waits_for,
    packets_awaiting,
    packets_visible_to,
    targets_above,
)

PACKETS_PER_PAGE = 50

# What the person whose turn it is does next, by packet state (the workflow's own words).
NEXT_STEP = {
    PacketState.DRAFT: "edit and submit",
    PacketState.SUBMITTED: "review the claims",
    PacketState.REVIEWED: "review the review",
    PacketState.AUDITED: "decide",
    PacketState.NOT_YET: "reopen for a new attempt",
}
# The packet page shows what the decider weighs once the review is done, and after a promotion.
SHOWS_CONCERNS = (PacketState.AUDITED, PacketState.PROMOTED)
# The states by name, so templates compare against `states.NOT_YET` rather than a typed string.
STATES = {state.name: state.value for state in PacketState}


def packets_waiting_rows(viewer: Person) -> list[dict[str, Any]]:
    """The packets waiting for `viewer` to act, oldest first, each with its target and next step."""
    return [
        {
            "packet": p,
            "target_name": packet_target_name(p),
            "step": NEXT_STEP.get(PacketState(p.state), ""),
        }
        for p in packets_awaiting(viewer).order_by("updated", "id")
    ]


def packet_list_page(*, viewer: Person, page: int = 1) -> dict[str, Any]:
    paginator = Paginator(packets_visible_to(viewer), PACKETS_PER_PAGE)
    shown = paginator.get_page(page)
    return {
        "awaiting": packets_waiting_rows(viewer),
        "rows": [{"packet": p, "target_name": packet_target_name(p)} for p in shown],
        "page": shown.number,
        "pages": paginator.num_pages,
        "total": paginator.count,
    }


def packet_new_page(*, viewer: Person, person_id: int) -> dict[str, Any]:
    """Who the packet is for, the levels above theirs, and any packet already in progress."""
    person = person_for_viewer(viewer, person_id)
    _, fw = active_framework(person.org)
    result = assessment_for(person)
    return {
        "person": person,
        "framework": fw,
        "result": result,
        "current_level": fw.level_by_id[current_level(fw, person, result)],
        "targets": targets_above(fw, person, result),
        "open_packet": open_packet_of(viewer, person),
        "can_author": can_author_packet(viewer, person),
    }


def _colleagues(packet: Packet) -> list[Person]:
    return list(
        Person.objects.filter(org_id=packet.org_id, user__is_active=True)
        .select_related("team")
        .order_by("name", "pk")
    )


def eligible_reviewers(packet: Packet) -> list[Person]:
    """Everyone the review rules allow as the pass-2 reviewer of this packet."""
    return [
        person
        for person in _colleagues(packet)
        if not participant_problems(
            Participants(subject=packet.subject, author=packet.author, reviewer=person)
        )
    ]


def eligible_auditors(packet: Packet) -> list[Person]:
    """Everyone the review rules allow as the reviewer of the review (pass 3)."""
    manager = packet.author.manager if packet.author else None
    return [
        person
        for person in _colleagues(packet)
        if not participant_problems(
            Participants(
                subject=packet.subject,
                author=packet.author,
                reviewer=packet.reviewer,
                auditor=person,
                author_manager=manager,
            )
        )
    ]


def _waiting_for(packet: Packet) -> str:
    """Whose turn it is, in words; a decision is for any admin who took no part in the packet."""
    if ACTS_NEXT[PacketState(packet.state)] is PacketRole.DECIDER:
        return "an admin"
    return ", ".join(person.name for person in packet_waits_for(packet))


def packet_page(*, viewer: Person, packet_id: int, acting: str | None = None) -> dict[str, Any]:
    """The packet as its viewer sees it, and which step (if any) is the viewer's to take.

    `acting` names the step a form was posted for, so its choices are there to show it again.
    """
    packet = packet_for_viewer(viewer, packet_id)
    view = packet_view(packet)
    step = packet_step_for(viewer, packet)
    context: dict[str, Any] = {
        "packet": packet,
        "view": view,
        "framework": view.framework,
        "target_name": view.target_name,
        "claims": view.claims,
        "evidence": view.evidence,
        "events": view.events,
        "states": STATES,
        "step": step,
        "next_step": NEXT_STEP.get(PacketState(packet.state), ""),
        "waiting_for": _waiting_for(packet),
        "is_subject": viewer.pk == packet.subject_id,
        "concerns": view.concerns if packet.state in SHOWS_CONCERNS else [],
        "review_gaps": view.review_gaps if packet.state == PacketState.AUDITED else [],
    }
    form_step = acting or step
    if form_step == PacketState.DRAFT:
        _, active = active_framework(packet.subject.org)
        context["targets"] = targets_above(active, packet.subject, assessment_for(packet.subject))
        context["reviewers"] = eligible_reviewers(packet)
    elif form_step == PacketState.SUBMITTED:
        context["auditors"] = eligible_auditors(packet)
    return context
