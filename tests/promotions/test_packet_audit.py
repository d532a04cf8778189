"""Pass 3: the reviewer of the review confirms or challenges every verdict."""

from __future__ import annotations

import pytest

from ladders.promotions.services import packet_audit
from tests.framework_ids import CHECK
from tests.promotions.packet_helpers import confirm_all, refused, state_of, supported_where_the_engine_agrees


def test_the_auditor_confirms_every_verdict(flow, cast):
    packet = flow.to("reviewed")
    packet = flow.audit(packet)
    assert (packet.state, packet.revision) == ("audited", 4)
    assert packet.audits[CHECK.mid_shipped] == {"audit": "confirmed", "comment": "Checked."}
    event = packet.events.last()
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "audit",
        "reviewed",
        "audited",
        cast.peer,
    )
    assert event.payload == {"audits": packet.audits}


def test_a_confirmation_needs_no_comment(flow):
    packet = flow.to("reviewed")
    audits = {check: {"audit": "confirmed"} for check in packet.verdicts}
    assert flow.audit(packet, audits=audits).audits[CHECK.mid_outcome] == {
        "audit": "confirmed",
        "comment": "",
    }


def test_a_challenge_with_a_comment_is_stored(flow):
    packet = flow.to("reviewed")
    audits = confirm_all(packet)
    audits[CHECK.mid_ai_core] = {"audit": "challenged", "comment": "One RAG project is thin for this."}
    assert flow.audit(packet, audits=audits).audits[CHECK.mid_ai_core]["audit"] == "challenged"


def test_it_refuses_a_challenge_without_a_comment(flow):
    packet = flow.to("reviewed")
    audits = confirm_all(packet)
    audits[CHECK.mid_ai_core] = {"audit": "challenged", "comment": " "}
    refused(lambda: flow.audit(packet, audits=audits), 422, "say why the verdict is challenged")
    assert state_of(packet) == ("reviewed", 3, 3)


def test_it_refuses_to_confirm_a_flagged_verdict_without_saying_why(flow):
    packet = flow.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    verdicts[CHECK.mid_outcome]["cited"] = []
    packet = flow.review(packet, verdicts=verdicts)
    audits = confirm_all(packet)
    audits[CHECK.mid_outcome] = {"audit": "confirmed", "comment": ""}
    refused(lambda: flow.audit(packet, audits=audits), 422, "this verdict was flagged")
    audits[CHECK.mid_outcome]["comment"] = "The outcome is in the project write-up."
    assert flow.audit(packet, audits=audits).state == "audited"


def test_it_refuses_an_audit_that_leaves_a_verdict_out(flow):
    packet = flow.to("reviewed")
    audits = confirm_all(packet)
    del audits[CHECK.mid_outcome]
    refused(lambda: flow.audit(packet, audits=audits), 422, r"missing: mid\.outcome")


def test_a_claim_the_reviewer_skipped_may_be_challenged_too(flow):
    packet = flow.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    del verdicts[CHECK.mid_fundamentals]
    packet = flow.review(packet, verdicts=verdicts)
    audits = confirm_all(packet)
    audits[CHECK.mid_fundamentals] = {
        "audit": "challenged",
        "comment": "The reviewer skipped this mandatory check.",
    }
    assert CHECK.mid_fundamentals in flow.audit(packet, audits=audits).audits


@pytest.mark.parametrize(
    ("audits", "message"),
    [
        ({"mid.nonsense": {"audit": "confirmed"}}, "not a claim of this packet"),
        ({CHECK.mid_shipped: {"audit": "approved"}}, "audit must be one of confirmed, challenged"),
        ({CHECK.mid_shipped: "confirmed"}, "audit must be one of"),
        ("confirmed", "mapping of check id"),
    ],
)
def test_it_refuses_malformed_audits(flow, audits, message):
    packet = flow.to("reviewed")
    refused(lambda: flow.audit(packet, audits=audits), 422, message)


def test_it_refuses_anyone_but_the_assigned_auditor(flow, cast):
    packet = flow.to("reviewed")
    for someone in (cast.engineer, cast.manager, cast.other_manager, cast.admin, cast.outsider):
        refused(
            lambda p=someone: packet_audit(actor=p, packet=packet, audits=confirm_all(packet), revision=3),
            403,
            "only the assigned reviewer of the review",
        )
    assert state_of(packet) == ("reviewed", 3, 3)


def test_before_the_review_nobody_is_assigned_to_audit(flow, cast):
    packet = flow.to("submitted")
    refused(lambda: packet_audit(actor=cast.peer, packet=packet, audits={}, revision=2), 403)


def test_it_refuses_to_audit_twice(flow):
    packet = flow.to("audited")
    refused(lambda: flow.audit(packet), 409, "cannot audit a packet that is audited")


def test_it_refuses_a_stale_audit(flow, cast):
    packet = flow.to("reviewed")
    refused(lambda: packet_audit(actor=cast.peer, packet=packet, audits=confirm_all(packet), revision=2), 409)
    assert state_of(packet) == ("reviewed", 3, 3)
