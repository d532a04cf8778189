"""Two people acting on the same copy of a packet at once: one wins, the other gets 409 and changes nothing.

Needs real row locks, so it runs on PostgreSQL only (SQLite serialises whole-database writes).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from ladders.promotions.models import Packet
from ladders.promotions.services import packet_submit, packet_update
from ladders.server.errors import ServiceError
from tests.framework_ids import LEVEL

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (LADDERS_TEST_DATABASE=postgres)"
)


def race(**calls: Callable[[], Packet]) -> dict[str, object]:
    """Start every call at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: dict[str, object] = {}

    def run(name: str, call: Callable[[], Packet]) -> None:
        try:
            barrier.wait()
            outcomes[name] = call().state
        except ServiceError as error:
            outcomes[name] = error.status
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_a_submit_racing_an_edit_of_the_same_revision_loses_one_cleanly(flow, cast):
    packet = flow.create()
    outcomes = race(
        submit=lambda: packet_submit(
            actor=cast.engineer, packet=packet, reviewer=cast.other_manager, revision=1
        ),
        edit=lambda: packet_update(actor=cast.engineer, packet=packet, narrative="Edited.", revision=1),
    )
    stored = Packet.objects.get(pk=packet.pk)
    assert (stored.revision, stored.events.count()) == (2, 2)
    if outcomes["submit"] == 409:
        assert outcomes["edit"] == "draft"
        assert (stored.state, stored.narrative, stored.reviewer) == ("draft", "Edited.", None)
    else:
        assert (outcomes["submit"], outcomes["edit"]) == ("submitted", 409)
        assert (stored.state, stored.reviewer) == ("submitted", cast.other_manager)


@pytest.mark.django_db(transaction=True)
def test_two_packets_started_at_once_for_one_person_leave_one(flow, cast):
    outcomes = race(
        mine=lambda: flow.create(),
        managers=lambda: flow.create(author=cast.manager, target=LEVEL.senior),
    )
    assert sorted(map(str, outcomes.values())) == ["409", "draft"]
    assert Packet.objects.filter(subject=cast.engineer).count() == 1
