"""Promotion fixtures: a cast of people with email addresses, and a packet walked to any state.

The subject is acme's engineer, recorded as a junior whose evidence and check-in meet the
mid gates except the debugging story, so one claim fails in the engine. The engineer writes
their own packet, the other manager reviews it, a peer on another team reviews the review
and the admin decides. Each test changes only what it is about.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.framework_ids import LEVEL
from tests.org_fixtures import acme, peer, signed_in  # noqa: F401  (fixtures shared by server tests)
from tests.promotions.packet_helpers import Cast, Flow
from tests.records import give_record


@pytest.fixture
def cast(acme, peer) -> Cast:  # noqa: F811  (the acme and peer fixtures, imported above)
    people = [acme.admin, acme.manager, acme.engineer, acme.other_manager, acme.outsider, peer]
    for person in people:
        person.user.email = f"{person.user.username}@acme.test"
        person.user.save(update_fields=["email"])
    acme.engineer.level = LEVEL.junior
    acme.engineer.save(update_fields=["level"])
    return Cast(acme.org, *people)


@pytest.fixture
def record(cast, profile_data) -> Callable[..., None]:
    """`record(without=...)` gives the engineer the mid minimum, minus the evidence named."""

    def give(level: str = LEVEL.mid, *, without: tuple[str, ...] = ("debugging",)) -> None:
        give_record(cast.engineer, profile_data(level), without=without)

    return give


@pytest.fixture
def flow(cast, record) -> Flow:
    record()
    return Flow(cast)
