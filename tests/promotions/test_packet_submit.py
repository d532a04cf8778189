"""Pass 1 ends: the author submits to a reviewer, and the claims are frozen from then on."""

from __future__ import annotations

from ladders.accounts.models import Organisation
from ladders.accounts.services import person_create
from ladders.promotions.models import Packet
from ladders.promotions.services import packet_submit, packet_update
from tests.framework_ids import CHECK, KIND, LEVEL
from tests.promotions.packet_helpers import refused, state_of
from tests.records import add_evidence


def test_the_author_submits_a_draft_to_a_reviewer(flow, cast):
    packet = flow.submit(flow.create())
    assert (packet.state, packet.reviewer, packet.revision) == ("submitted", cast.other_manager, 2)
    event = packet.events.last()
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "submit",
        "draft",
        "submitted",
        cast.engineer,
    )
    assert event.payload["reviewer"] == cast.other_manager.pk
    assert event.payload["framework_hash"] == packet.framework_hash


def test_submitting_reassembles_the_claims_from_the_engine(flow, cast):
    packet = flow.create()
    add_evidence(cast.engineer, "outage", KIND.debugging_story, title="The 3am outage", outcome="Fixed")
    packet = flow.submit(packet)
    debugging = next(c for c in packet.claims if c["check"] == CHECK.mid_debugging)
    assert debugging["engine_passed"] is True
    assert debugging["evidence"] == ["outage"]
    assert packet.evidence["outage"]["title"] == "The 3am outage"


def test_a_manager_who_authored_the_packet_submits_it(flow, cast):
    packet = flow.submit(flow.create(author=cast.manager))
    assert packet.state == "submitted"


def test_it_refuses_the_author_as_reviewer(flow, cast):
    packet = flow.create(author=cast.manager)
    refused(
        lambda: flow.submit(packet, reviewer=cast.manager), 403, "the author cannot review their own packet"
    )
    assert state_of(packet) == ("draft", 1, 1)


def test_it_refuses_the_subject_as_reviewer_of_their_own_packet(flow, cast):
    packet = flow.create(author=cast.manager)
    refused(
        lambda: flow.submit(packet, reviewer=cast.engineer), 403, "nobody reviews their own promotion packet"
    )


def test_it_refuses_anyone_but_the_author(flow, cast):
    packet = flow.create()
    for someone in (cast.manager, cast.other_manager, cast.admin, cast.outsider):
        refused(
            lambda p=someone: packet_submit(actor=p, packet=packet, reviewer=cast.peer, revision=1),
            403,
            "only the author",
        )
    assert state_of(packet) == ("draft", 1, 1)


def test_it_refuses_a_reviewer_from_another_organisation(flow, cast):
    elsewhere = Organisation.objects.create(name="Elsewhere")
    stranger = person_create(org=elsewhere, name="Sam Stranger", check_password=False, password="x" * 12)[0]
    packet = flow.create()
    refused(lambda: flow.submit(packet, reviewer=stranger), 422, "someone in the organisation")


def test_it_refuses_a_reviewer_who_can_no_longer_sign_in(flow, cast):
    cast.other_manager.user.is_active = False
    cast.other_manager.user.save()
    refused(lambda: flow.submit(flow.create()), 422, "can no longer sign in")


def test_it_refuses_an_empty_narrative(flow, cast):
    packet = flow.create(narrative="   ")
    refused(lambda: flow.submit(packet), 422, "narrative")


def test_it_refuses_to_submit_when_a_sign_off_reached_the_target_meanwhile(flow, cast):
    packet = flow.create()
    cast.engineer.level = LEVEL.mid
    cast.engineer.save()
    refused(lambda: flow.submit(packet), 409, "already Mid, not below Mid")
    packet = packet_update(
        actor=cast.engineer, packet=packet, narrative="Aiming higher.", revision=1, target=LEVEL.senior
    )
    assert flow.submit(packet).state == "submitted"


def test_it_refuses_to_submit_twice(flow, cast):
    packet = flow.to("submitted")
    refused(lambda: flow.submit(packet), 409, "cannot submit a packet that is submitted")


def test_a_stale_submit_is_refused_with_409_and_loses_nothing(
    flow, cast, mailoutbox, django_capture_on_commit_callbacks
):
    loaded = flow.create()
    edited = packet_update(actor=cast.engineer, packet=loaded, narrative="Edited in another tab.", revision=1)
    with django_capture_on_commit_callbacks(execute=True):
        refused(
            lambda: packet_submit(
                actor=cast.engineer, packet=loaded, reviewer=cast.other_manager, revision=1
            ),
            409,
            "changed since you loaded it",
        )
    packet = Packet.objects.get(pk=loaded.pk)
    assert (packet.state, packet.revision, packet.narrative) == ("draft", 2, "Edited in another tab.")
    assert packet.reviewer is None
    assert [e.action for e in packet.events.all()] == ["create", "update"]
    assert mailoutbox == []
    assert flow.submit(edited).state == "submitted"
