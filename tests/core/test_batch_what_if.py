"""A framework what-if over an org: the movers are exactly who `assess` places differently."""

from __future__ import annotations

import pytest
from hypothesis import given

from ladders.core.batch import Mover, what_if
from ladders.core.engine import assess
from ladders.core.facts_arrays import decode_many
from ladders.core.facts_record import encode_profile, tables_for
from ladders.core.framework import Framework
from ladders.core.framework_loader import default_framework, framework_load
from ladders.core.profile import Profile
from tests.core.batch_orgs import (
    AS_OF,
    DEFAULT_LADDER,
    DIFFERENTIAL,
    POINTS_LADDER,
    bench_like_org,
    orgs,
    tightened,
)

FW = default_framework()
POINTS_FW = framework_load(POINTS_LADDER)
WIDER_OWNERSHIP = tightened(DEFAULT_LADDER, "senior", "senior.ownership", scope_at_least="multi_team")
MORE_SHIPPED = tightened(DEFAULT_LADDER, "mid", "mid.shipped", min=4)
MORE_POINTS = tightened(POINTS_LADDER, "engineer_3", "engineer_3.points", at_least=45)


def movers_by_assess(old: Framework, new: Framework, org: list[Profile]) -> list[Mover]:
    levels = [(assess(old, p, as_of=AS_OF)["level"], assess(new, p, as_of=AS_OF)["level"]) for p in org]
    return [Mover(person, a, b) for person, (a, b) in enumerate(levels) if a != b]


def records_of(org: list[Profile], *frameworks: Framework) -> list[bytes]:
    tables = tables_for(*frameworks)
    return [encode_profile(p, tables) for p in org]


@DIFFERENTIAL
@given(orgs(FW))
def test_tightening_a_scope_gives_the_movers_assess_gives(org):
    movers = what_if(FW, WIDER_OWNERSHIP, records_of(org, FW, WIDER_OWNERSHIP), as_of=AS_OF)

    assert movers == movers_by_assess(FW, WIDER_OWNERSHIP, org)


@DIFFERENTIAL
@given(orgs(POINTS_FW))
def test_raising_a_points_total_gives_the_movers_assess_gives(org):
    movers = what_if(POINTS_FW, MORE_POINTS, records_of(org, POINTS_FW, MORE_POINTS), as_of=AS_OF)

    assert movers == movers_by_assess(POINTS_FW, MORE_POINTS, org)


@pytest.mark.parametrize(
    ("old", "new", "made_for"),
    [(FW, MORE_SHIPPED, FW), (MORE_SHIPPED, FW, FW), (POINTS_FW, MORE_POINTS, POINTS_FW)],
    ids=["tightened", "relaxed", "points"],
)
def test_in_an_org_made_like_the_bench_org_someone_moves_and_exactly_as_assess_says(old, new, made_for):
    org = bench_like_org(made_for, 300, seed=21)

    movers = what_if(old, new, records_of(org, old, new), as_of=AS_OF)

    assert movers, "the changed gate moves someone"
    assert movers == movers_by_assess(old, new, org)


def test_arrays_decoded_once_serve_any_number_of_what_ifs():
    org = bench_like_org(FW, 50, seed=4)
    tables = tables_for(FW, MORE_SHIPPED, WIDER_OWNERSHIP)
    arrays = decode_many([encode_profile(p, tables) for p in org], tables)

    for new in (MORE_SHIPPED, WIDER_OWNERSHIP):
        assert what_if(FW, new, arrays, as_of=AS_OF) == movers_by_assess(FW, new, org)
