"""Who sees a packet: subject, author, reviewer, reviewer of the review, the subject's chain, admins."""

from __future__ import annotations

import pytest
from django.http import Http404

from ladders.accounts.models import Organisation, Role
from ladders.accounts.services import person_create
from ladders.promotions.selectors import (
    packet_events,
    packet_for_viewer,
    packets_awaiting,
    packets_visible_to,
)

SEES = ("engineer", "manager", "other_manager", "peer", "admin")


@pytest.mark.parametrize("who", SEES)
def test_everyone_in_the_packet_and_above_the_subject_sees_it(flow, cast, who):
    packet = flow.to("reviewed")
    viewer = getattr(cast, who)
    assert list(packets_visible_to(viewer)) == [packet]
    assert packet_for_viewer(viewer, packet.pk) == packet


def test_an_outsider_sees_nothing_and_is_told_the_packet_does_not_exist(flow, cast):
    packet = flow.to("reviewed")
    assert list(packets_visible_to(cast.outsider)) == []
    with pytest.raises(Http404):
        packet_for_viewer(cast.outsider, packet.pk)


def test_a_reviewer_sees_a_draft_only_once_it_is_submitted_to_them(flow, cast):
    packet = flow.create()
    assert list(packets_visible_to(cast.other_manager)) == []
    flow.submit(packet)
    assert list(packets_visible_to(cast.other_manager)) == [packet]


def test_an_admin_of_another_organisation_sees_nothing(flow, cast):
    packet = flow.create()
    elsewhere = Organisation.objects.create(name="Elsewhere")
    admin = person_create(
        org=elsewhere, name="Other Admin", role=Role.ADMIN, password="x" * 12, check_password=False
    )[0]
    assert list(packets_visible_to(admin)) == []
    with pytest.raises(Http404):
        packet_for_viewer(admin, packet.pk)


def test_an_unknown_id_is_404(cast):
    with pytest.raises(Http404):
        packet_for_viewer(cast.admin, 999_999)


def test_each_person_is_waiting_on_the_step_that_is_theirs(flow, cast):
    packet = flow.create()
    assert list(packets_awaiting(cast.engineer)) == [packet]
    packet = flow.submit(packet)
    assert (list(packets_awaiting(cast.engineer)), list(packets_awaiting(cast.other_manager))) == (
        [],
        [packet],
    )
    packet = flow.review(packet)
    assert list(packets_awaiting(cast.peer)) == [packet]
    packet = flow.audit(packet)
    assert list(packets_awaiting(cast.admin)) == [packet]
    assert list(packets_awaiting(cast.manager)) == []
    flow.decide(packet)
    assert list(packets_awaiting(cast.admin)) == []


def test_the_history_reads_oldest_first(flow):
    packet = flow.to("audited")
    assert [e.action for e in packet_events(packet)] == ["create", "submit", "review", "audit"]
