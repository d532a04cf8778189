"""The history of a packet is append-only: every step adds one event, and none is changed or removed."""

from __future__ import annotations

import pytest

from ladders.promotions.models import PacketEvent
from tests.framework_ids import LEVEL
from tests.promotions.packet_helpers import refused


def test_each_step_adds_one_event_with_the_states_it_moved_between(flow, cast):
    packet = flow.to("promoted")
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in packet.events.all()] == [
        ("create", "", "draft", cast.engineer),
        ("submit", "draft", "submitted", cast.engineer),
        ("review", "submitted", "reviewed", cast.other_manager),
        ("audit", "reviewed", "audited", cast.peer),
        ("promote", "audited", "promoted", cast.admin),
    ]


def test_an_event_cannot_be_changed(flow):
    event = flow.create().events.get()
    event.payload = {"target": LEVEL.principal}
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        PacketEvent.objects.filter(pk=event.pk).update(action="promote")
    event.refresh_from_db()
    assert event.payload["target"] == LEVEL.mid


def test_an_event_cannot_be_deleted(flow):
    event = flow.create().events.get()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    with pytest.raises(ValueError, match="append-only"):
        PacketEvent.objects.all().delete()
    assert PacketEvent.objects.filter(pk=event.pk).exists()


def test_a_refused_step_adds_no_event(flow, cast):
    packet = flow.create()
    refused(lambda: flow.submit(packet, reviewer=cast.engineer), 403)
    assert packet.events.count() == 1
