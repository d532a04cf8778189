"""After "not yet", the author reopens the packet for a new attempt; the first one stays on record."""

from __future__ import annotations

from ladders.promotions.selectors import next_plan_of
from ladders.promotions.services import packet_reopen
from tests.framework_ids import KIND, LEVEL
from tests.promotions.packet_helpers import refused, state_of
from tests.records import add_evidence


def test_the_author_reopens_a_not_yet_packet_as_a_fresh_draft(flow, cast):
    packet = flow.to("not_yet")
    packet = packet_reopen(actor=cast.engineer, packet=packet, revision=packet.revision)
    assert (packet.state, packet.attempt, packet.revision) == ("draft", 2, 6)
    assert (packet.reviewer, packet.auditor, packet.decided_by, packet.decided_at) == (None, None, None, None)
    assert (packet.verdicts, packet.audits, packet.flags, packet.decision) == ({}, {}, [], "")
    event = packet.events.last()
    assert (event.action, event.from_state, event.to_state) == ("reopen", "not_yet", "draft")
    assert event.payload == {"attempt": 1, "decision_reasons": "Write up a debugging story."}


def test_the_next_plan_survives_the_new_attempt(flow, cast):
    packet = flow.to("not_yet")
    packet_reopen(actor=cast.engineer, packet=packet, revision=packet.revision)
    assert next_plan_of(cast.engineer)["reasons"] == "Write up a debugging story."


def test_the_second_attempt_goes_through_all_three_passes_again(flow, cast):
    packet = flow.to("not_yet")
    packet = packet_reopen(actor=cast.engineer, packet=packet, revision=packet.revision)
    add_evidence(cast.engineer, "outage", KIND.debugging_story, outcome="Found the cause")
    packet = flow.decide(flow.audit(flow.review(flow.submit(packet))))
    assert packet.state == "promoted"
    assert all(c["engine_passed"] for c in packet.claims)
    assert next_plan_of(cast.engineer) is None
    assert [e.action for e in packet.events.all()] == [
        "create",
        "submit",
        "review",
        "audit",
        "decline",
        "reopen",
        "submit",
        "review",
        "audit",
        "promote",
    ]


def test_it_refuses_anyone_but_the_author(flow, cast):
    packet = flow.to("not_yet")
    before = state_of(packet)
    for someone in (cast.manager, cast.admin, cast.other_manager, cast.outsider):
        refused(lambda p=someone: packet_reopen(actor=p, packet=packet, revision=packet.revision), 403)
    assert state_of(packet) == before


def test_it_refuses_to_reopen_a_draft(flow, cast):
    packet = flow.create()
    refused(lambda: packet_reopen(actor=cast.engineer, packet=packet, revision=1), 409, "cannot reopen")


def test_it_refuses_to_reopen_a_promoted_packet(flow, cast):
    packet = flow.to("promoted")
    refused(lambda: packet_reopen(actor=cast.engineer, packet=packet, revision=packet.revision), 409)


def test_it_refuses_to_reopen_while_another_packet_is_in_progress(flow, cast):
    declined = flow.to("not_yet")
    flow.create(target=LEVEL.senior)
    refused(
        lambda: packet_reopen(actor=cast.engineer, packet=declined, revision=declined.revision),
        409,
        "already has a promotion packet in progress",
    )


def test_it_refuses_a_stale_reopen(flow, cast):
    packet = flow.to("not_yet")
    refused(lambda: packet_reopen(actor=cast.engineer, packet=packet, revision=packet.revision - 1), 409)
    assert state_of(packet)[0] == "not_yet"
