"""Pass 2: the assigned reviewer gives each claim a verdict and nominates the reviewer of the review."""

from __future__ import annotations

import pytest

from ladders.promotions.services import packet_review
from tests.framework_ids import CHECK
from tests.promotions.packet_helpers import refused, state_of, supported_where_the_engine_agrees


def test_the_reviewer_stores_a_verdict_per_claim_and_nominates_pass_three(flow, cast):
    packet = flow.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    packet = flow.review(packet, verdicts=verdicts)
    assert (packet.state, packet.auditor, packet.revision) == ("reviewed", cast.peer, 3)
    assert packet.verdicts[CHECK.mid_shipped] == verdicts[CHECK.mid_shipped]
    assert packet.verdicts[CHECK.mid_debugging]["verdict"] == "insufficient_evidence"
    assert packet.flags == []
    event = packet.events.last()
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "review",
        "submitted",
        "reviewed",
        cast.other_manager,
    )
    assert event.payload["auditor"] == cast.peer.pk
    assert event.payload["verdicts"] == packet.verdicts


def test_it_refuses_anyone_but_the_assigned_reviewer(flow, cast):
    packet = flow.to("submitted")
    for someone in (cast.engineer, cast.manager, cast.admin, cast.peer, cast.outsider):
        refused(
            lambda p=someone: packet_review(
                actor=p, packet=packet, verdicts={}, auditor=cast.outsider, revision=packet.revision
            ),
            403,
            "only the assigned reviewer",
        )
    assert state_of(packet) == ("submitted", 2, 2)


def test_it_refuses_the_reviewer_as_reviewer_of_their_own_review(flow, cast):
    packet = flow.to("submitted")
    refused(
        lambda: flow.review(packet, auditor=cast.other_manager),
        403,
        "the reviewer cannot review their own review",
    )
    assert state_of(packet) == ("submitted", 2, 2)


def test_it_refuses_the_authors_manager_as_pass_three(flow, cast):
    packet = flow.to("submitted")
    refused(
        lambda: flow.review(packet, auditor=cast.manager), 403, "the author's manager cannot be the reviewer"
    )


def test_it_refuses_the_author_as_pass_three(flow, cast):
    packet = flow.to("submitted", author=cast.manager)
    refused(
        lambda: flow.review(packet, auditor=cast.manager),
        403,
        "the author cannot be the reviewer of the review",
    )


def test_it_refuses_the_subject_as_pass_three(flow, cast):
    packet = flow.to("submitted", author=cast.manager)
    refused(
        lambda: flow.review(packet, auditor=cast.engineer), 403, "nobody reviews their own promotion packet"
    )


def test_when_the_manager_wrote_it_their_manager_cannot_be_pass_three(flow, cast):
    packet = flow.to("submitted", author=cast.manager)
    refused(lambda: flow.review(packet, auditor=cast.admin), 403, "the author's manager")


@pytest.mark.parametrize(
    ("verdicts", "message"),
    [
        ({"mid.nonsense": {"verdict": "supported", "comment": "x"}}, "not a claim of this packet"),
        ({CHECK.mid_shipped: {"verdict": "probably", "comment": "x"}}, "verdict must be one of supported"),
        ({CHECK.mid_shipped: {"verdict": "supported", "comment": ""}}, "add a comment"),
        (
            {CHECK.mid_shipped: {"verdict": "supported", "comment": "x", "cited": "shipped-1"}},
            "list of evidence ids",
        ),
        ({CHECK.mid_shipped: "supported"}, "must be a mapping"),
        ([CHECK.mid_shipped], "mapping of check id"),
    ],
)
def test_it_refuses_malformed_verdicts(flow, cast, verdicts, message):
    packet = flow.to("submitted")
    refused(lambda: flow.review(packet, verdicts=verdicts), 422, message)
    assert state_of(packet) == ("submitted", 2, 2)


def test_it_refuses_to_review_a_draft_or_a_reviewed_packet(flow, cast):
    packet = flow.to("reviewed")
    refused(lambda: flow.review(packet), 409, "cannot review a packet that is reviewed")


def test_it_refuses_a_stale_review(flow, cast):
    packet = flow.to("submitted")
    verdicts = supported_where_the_engine_agrees(packet)
    refused(
        lambda: packet_review(
            actor=cast.other_manager, packet=packet, verdicts=verdicts, auditor=cast.peer, revision=1
        ),
        409,
    )
    assert state_of(packet) == ("submitted", 2, 2)
