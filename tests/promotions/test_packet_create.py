"""Pass 1 begins: a draft packet for a person and a level above theirs, sectioned by the engine."""

from __future__ import annotations

from ladders.leveling.frameworks import active_version
from ladders.promotions.models import Packet
from ladders.promotions.services import packet_create
from tests.framework_ids import CHECK, LEVEL
from tests.promotions.packet_helpers import NARRATIVE, refused


def test_a_person_drafts_their_own_packet_with_one_section_per_check_of_the_target(flow, cast):
    packet = flow.create()
    assert (packet.state, packet.revision, packet.author, packet.subject) == (
        "draft",
        1,
        cast.engineer,
        cast.engineer,
    )
    assert packet.narrative == NARRATIVE
    assert [c["check"] for c in packet.claims] == [
        CHECK.mid_shipped,
        CHECK.mid_outcome,
        CHECK.mid_debugging,
        CHECK.mid_fundamentals,
        CHECK.mid_ai_core,
    ]
    shipped = packet.claims[0]
    assert shipped["engine_passed"] is True
    assert sorted(shipped["evidence"]) == ["shipped-1", "shipped-2"]
    assert packet.evidence["shipped-1"]["outcome"] == "Cut support tickets by 40%"


def test_a_lower_gate_not_yet_passed_gets_a_section_too(flow, cast):
    packet = flow.create(target=LEVEL.senior)
    checks = [c["check"] for c in packet.claims]
    assert checks[0] == CHECK.mid_debugging
    assert [c for c in checks if c.startswith("mid.")] == [CHECK.mid_debugging]
    assert [c for c in checks if c.startswith("senior.")] == [
        CHECK.senior_ownership,
        CHECK.senior_adr,
        CHECK.senior_review,
        CHECK.senior_mentoring,
        CHECK.senior_production_ai,
        CHECK.senior_fundamentals,
    ]


def test_the_packet_records_the_framework_version_it_was_assembled_with(flow, cast):
    packet = flow.create()
    version = active_version(cast.org)
    assert packet.framework == version
    assert packet.framework_hash == version.content_hash == packet.assessment["framework"]["hash"]


def test_the_creation_is_the_first_event(flow, cast):
    packet = flow.create()
    event = packet.events.get()
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "create",
        "",
        "draft",
        cast.engineer,
    )
    assert event.payload == {"target": LEVEL.mid, "narrative": NARRATIVE}


def test_a_manager_drafts_a_packet_for_a_report(flow, cast):
    packet = flow.create(author=cast.manager)
    assert (packet.author, packet.subject) == (cast.manager, cast.engineer)


def test_someone_above_in_the_chain_drafts_one_too(flow, cast):
    assert flow.create(author=cast.admin).author == cast.admin


def test_it_refuses_an_outsider(flow, cast):
    refused(lambda: flow.create(author=cast.outsider), 403, "management chain")
    assert not Packet.objects.exists()


def test_it_refuses_a_manager_of_another_team(flow, cast):
    refused(lambda: flow.create(author=cast.other_manager), 403)


def test_it_refuses_a_level_the_framework_does_not_have(flow):
    message = refused(lambda: flow.create(target="wizard"), 422, "not a level")
    assert "junior, mid, senior" in message


def test_it_refuses_a_target_at_or_below_the_recorded_level(flow, cast):
    refused(lambda: flow.create(target=LEVEL.junior), 422, "already Junior")
    cast.engineer.level = LEVEL.mid
    cast.engineer.save()
    refused(lambda: flow.create(target=LEVEL.mid), 422, "choose a level above it")


def test_without_a_recorded_level_the_assessed_level_is_the_floor(flow, cast):
    cast.engineer.level = ""
    cast.engineer.save()
    refused(lambda: flow.create(target=LEVEL.junior), 422, "already Junior")
    assert flow.create(target=LEVEL.mid).target == LEVEL.mid


def test_it_refuses_a_second_packet_while_one_is_in_progress(flow):
    flow.create()
    refused(lambda: flow.create(target=LEVEL.senior), 409, "already has a promotion packet in progress")
    assert Packet.objects.count() == 1


def test_a_decided_packet_does_not_block_a_new_one(flow):
    flow.to("not_yet")
    assert flow.create(target=LEVEL.mid).state == "draft"


def test_it_refuses_a_narrative_that_is_not_text(flow, cast):
    refused(
        lambda: packet_create(actor=cast.engineer, person=cast.engineer, target=LEVEL.mid, narrative=None),
        422,
        "narrative",
    )
