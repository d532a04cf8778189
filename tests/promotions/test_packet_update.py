"""The author edits a draft; nobody else does, and nothing but a draft is edited."""

from __future__ import annotations

from ladders.promotions.services import packet_update
from tests.framework_ids import CHECK, LEVEL
from tests.promotions.packet_helpers import refused, state_of


def test_the_author_rewrites_the_narrative_of_a_draft(flow, cast):
    packet = flow.create()
    packet = packet_update(actor=cast.engineer, packet=packet, narrative="  A better case.  ", revision=1)
    assert (packet.narrative, packet.revision) == ("A better case.", 2)
    event = packet.events.last()
    assert (event.action, event.from_state, event.to_state) == ("update", "draft", "draft")
    assert event.payload == {"narrative": "A better case."}


def test_a_new_target_re_reads_the_engine(flow, cast):
    packet = flow.create()
    packet = packet_update(
        actor=cast.engineer, packet=packet, narrative="Aiming higher.", revision=1, target=LEVEL.senior
    )
    assert packet.target == LEVEL.senior
    assert any(c["check"] == CHECK.senior_adr for c in packet.claims)


def test_it_refuses_a_new_target_that_is_not_above_the_current_level(flow, cast):
    packet = flow.create()
    refused(
        lambda: packet_update(
            actor=cast.engineer, packet=packet, narrative="x", revision=1, target=LEVEL.junior
        ),
        422,
        "target",
    )


def test_it_refuses_anyone_but_the_author(flow, cast):
    packet = flow.create(author=cast.manager)
    before = state_of(packet)
    for someone in (cast.engineer, cast.admin, cast.outsider):
        refused(lambda p=someone: packet_update(actor=p, packet=packet, narrative="x", revision=1), 403)
    assert state_of(packet) == before


def test_it_refuses_a_stale_edit(flow, cast):
    packet = flow.create()
    packet_update(actor=cast.engineer, packet=packet, narrative="First.", revision=1)
    refused(lambda: packet_update(actor=cast.engineer, packet=packet, narrative="Second.", revision=1), 409)
    packet.refresh_from_db()
    assert packet.narrative == "First."


def test_it_refuses_to_edit_a_submitted_packet(flow, cast):
    packet = flow.to("submitted")
    refused(
        lambda: packet_update(actor=cast.engineer, packet=packet, narrative="x", revision=packet.revision),
        409,
        "only a draft",
    )
