"""Who decides and on what: a fourth person, after both passes, and in writing past any concern.

The default packet (see conftest) has one check the engine finds failing; `clean` is a packet
whose every check passes and whose review raised nothing, so promoting it needs no reason.
"""

from __future__ import annotations

import pytest

from ladders.accounts.models import Person, Role
from ladders.accounts.services import person_create
from ladders.leveling.models import AssessmentSnapshot, AuditEvent
from ladders.promotions.selectors import packets_awaiting
from tests.framework_ids import CHECK, LEVEL
from tests.promotions.packet_helpers import (
    Flow,
    confirm_all,
    refused,
    state_of,
    supported_where_the_engine_agrees,
)

WHY = "Two shipped features carry the case; the panel accepts the missing story."


@pytest.fixture
def second_admin(cast) -> Person:
    return person_create(
        org=cast.org, name="Zed Admin", role=Role.ADMIN, password="x" * 12, check_password=False
    )[0]


@pytest.fixture
def clean(cast, record) -> Flow:
    """The engineer with every mid check met: an honest review raises no concern."""
    record(without=())
    return Flow(cast)


def test_an_admin_who_wrote_the_packet_for_their_report_may_not_decide_it(flow, cast, second_admin):
    packet = flow.to("audited", author=cast.admin)
    refused(lambda: flow.decide(packet, justification=WHY), 403, "the author cannot decide their own packet")
    assert state_of(packet) == ("audited", 4, 4)
    assert Person.objects.get(pk=cast.engineer.pk).level == LEVEL.junior
    assert flow.decide(packet, by=second_admin, justification=WHY).state == "promoted"


@pytest.mark.parametrize(
    ("step", "problem"),
    [
        ("reviewer", "the reviewer cannot decide a packet they reviewed"),
        ("auditor", "the reviewer of the review cannot decide the packet they audited"),
    ],
)
def test_an_admin_who_reviewed_may_not_decide(flow, cast, second_admin, step, problem):
    packet = flow.create()
    packet = flow.submit(packet, reviewer=cast.admin if step == "reviewer" else cast.other_manager)
    packet = flow.review(packet, auditor=cast.admin if step == "auditor" else cast.peer)
    packet = flow.audit(packet)
    refused(lambda: flow.decide(packet, "not_yet", "Not yet."), 403, problem)
    assert flow.decide(packet, "not_yet", "Not yet.", by=second_admin).state == "not_yet"


def test_the_admin_who_took_part_is_not_asked_to_decide(flow, cast, second_admin):
    packet = flow.to("audited", author=cast.admin)
    assert packet not in packets_awaiting(cast.admin)
    assert list(packets_awaiting(second_admin)) == [packet]


def test_a_packet_nobody_reviewed_cannot_be_promoted_but_can_be_told_not_yet(flow, cast):
    packet = flow.audit(flow.review(flow.submit(flow.create()), verdicts={}), audits={})
    assert packet.state == "audited"
    refused(lambda: flow.decide(packet, justification=WHY), 409, "claims without a verdict")
    assert not AssessmentSnapshot.objects.exists()
    assert flow.decide(packet, "not_yet", "Ask for a real review.").state == "not_yet"


def test_a_claim_left_without_a_verdict_blocks_promotion(clean):
    packet = clean.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    open_check = packet.claims[0]["check"]
    verdicts[open_check] = {"verdict": None, "comment": "", "cited": []}
    packet = clean.audit(clean.review(packet, verdicts=verdicts))
    refused(lambda: clean.decide(packet, justification=WHY), 409, f"claims without a verdict: {open_check}")


def test_promoting_past_a_check_the_engine_finds_failing_needs_a_justification(flow, cast):
    packet = flow.to("audited")
    message = refused(lambda: flow.decide(packet, justification="  "), 422, "justification")
    assert CHECK.mid_debugging in message
    assert state_of(packet) == ("audited", 4, 4)
    assert Person.objects.get(pk=cast.engineer.pk).level == LEVEL.junior


def test_promoting_past_challenged_verdicts_needs_a_justification(clean):
    packet = clean.to("reviewed")
    challenged = {check: {"audit": "challenged", "comment": "Not convinced."} for check in packet.verdicts}
    packet = clean.audit(packet, audits=challenged)
    message = refused(lambda: clean.decide(packet, justification=""), 422, "justification")
    assert "challenged" in message
    assert clean.decide(packet, justification=WHY).state == "promoted"


def test_promoting_past_a_flag_that_stands_needs_a_justification(clean):
    packet = clean.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    check = packet.claims[0]["check"]
    verdicts[check] = {"verdict": "supported", "comment": "Trust me.", "cited": []}
    packet = clean.review(packet, verdicts=verdicts)
    audits = {**confirm_all(packet), check: {"audit": "confirmed", "comment": "It holds."}}
    packet = clean.audit(packet, audits=audits)
    refused(lambda: clean.decide(packet, justification=""), 422, "hallucinated support")


def test_a_clean_packet_is_promoted_without_a_justification(clean, cast):
    packet = clean.decide(clean.to("audited"), justification="")
    assert packet.state == "promoted" and packet.decision_justification == ""
    assert Person.objects.get(pk=cast.engineer.pk).level == LEVEL.mid


def test_not_yet_needs_no_justification_whatever_the_concerns(flow):
    packet = flow.to("audited")
    assert flow.decide(packet, "not_yet", "Write up a debugging story.", justification="").state == "not_yet"


def test_the_justification_and_the_concerns_are_kept_on_the_packet_its_events_and_the_audit_trail(flow, cast):
    packet = flow.decide(flow.to("audited"), justification=WHY)
    assert packet.decision_justification == WHY
    event = packet.events.last()
    assert event.payload["justification"] == WHY
    assert [(c["concern"], c["check"]) for c in event.payload["concerns"]] == [
        ("engine_failed", CHECK.mid_debugging)
    ]
    trail = AuditEvent.objects.get(action="promotion.decided", person=cast.engineer)
    assert trail.actor == cast.admin and trail.subject == f"promotion packet {packet.pk}"
    assert trail.after["decision"] == "promote" and trail.after["justification"] == WHY
    assert trail.after["concerns"] == event.payload["concerns"]


def test_a_not_yet_is_in_the_audit_trail_too(flow, cast):
    packet = flow.decide(flow.to("audited"), "not_yet", "Write up a debugging story.")
    trail = AuditEvent.objects.get(action="promotion.decided", person=cast.engineer)
    assert (trail.after["decision"], trail.after["reasons"]) == ("not_yet", "Write up a debugging story.")
    assert trail.subject == f"promotion packet {packet.pk}"
