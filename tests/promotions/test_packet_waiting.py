"""Whose turn it is is decided once: the packet list, the packet page and the mails agree."""

from __future__ import annotations

import pytest

from ladders.accounts.models import Person
from ladders.core.review import PacketState
from ladders.promotions.selectors import packet_waits_for, packets_awaiting


def _everyone(cast) -> list[Person]:
    return [cast.admin, cast.manager, cast.engineer, cast.other_manager, cast.outsider, cast.peer]


@pytest.mark.parametrize("state", list(PacketState))
def test_the_people_a_packet_waits_for_are_exactly_those_it_is_listed_as_awaiting(flow, cast, state):
    packet = flow.to(state)
    listed = [person for person in _everyone(cast) if packets_awaiting(person).filter(pk=packet.pk).exists()]
    assert sorted(p.pk for p in packet_waits_for(packet)) == sorted(p.pk for p in listed)


def test_a_draft_waits_for_its_author_and_a_submitted_packet_for_its_reviewer(flow, cast):
    packet = flow.create(author=cast.manager)
    assert packet_waits_for(packet) == [cast.manager]
    packet = flow.submit(packet)
    assert packet_waits_for(packet) == [cast.other_manager]


def test_an_audited_packet_waits_for_every_admin_who_took_no_part_until_decided(flow, cast):
    packet = flow.to("audited")
    assert packet_waits_for(packet) == [cast.admin]
    assert packet_waits_for(flow.decide(packet)) == []


def test_an_audited_packet_the_only_admin_reviewed_waits_for_nobody(flow, cast):
    packet = flow.create()
    packet = flow.submit(packet, reviewer=cast.admin)
    packet = flow.audit(flow.review(packet))
    assert packet_waits_for(packet) == []
    assert not packets_awaiting(cast.admin).filter(pk=packet.pk).exists()


def test_after_not_yet_nobody_is_waited_for(flow):
    assert packet_waits_for(flow.to("not_yet")) == []
