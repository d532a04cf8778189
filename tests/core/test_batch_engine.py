"""The batch engine gives every person of an org the level and check verdicts `assess` gives them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ladders.core.batch import BatchResult, assess_many
from ladders.core.engine import assess
from ladders.core.facts_arrays import decode_many
from ladders.core.facts_record import FactsRecordError, FactsTables, encode_profile, tables_for
from ladders.core.framework import Framework
from ladders.core.framework_loader import default_framework, framework_load
from ladders.core.profile import Profile
from tests.core.batch_orgs import (
    AS_OF,
    DIFFERENTIAL,
    POINTS_LADDER,
    bench_like_org,
    orgs,
    random_gate_frameworks,
    reference,
)

FW = default_framework()
POINTS_FW = framework_load(POINTS_LADDER)


def batch_of(fw: Framework, org: list[Profile], as_of: date = AS_OF, tables: FactsTables | None = None):
    tables = tables or tables_for(fw)
    return assess_many(fw, decode_many([encode_profile(p, tables) for p in org], tables), as_of=as_of)


def assert_same_as_assess(
    fw: Framework, org: list[Profile], result: BatchResult, as_of: date = AS_OF
) -> None:
    for person, profile in enumerate(org):
        level, checks = reference(fw, profile, as_of)
        assert (result.level_id(person), result.passed[person].tolist()) == (level, checks), (
            f"person {person}"
        )
        if fw.points is not None:
            points = assess(fw, profile, as_of=as_of)["points"]
            assert points is not None and result.points is not None
            assert (int(result.points[person]), result.sub_level(person)) == (
                points["total"],
                points["sub_level"],
            )


@DIFFERENTIAL
@given(orgs(FW))
def test_the_default_ladder_gives_everyone_the_level_and_checks_assess_gives(org):
    result = batch_of(FW, org)

    assert_same_as_assess(FW, org, result)
    assert result.assessed.size == 0, "the batch form answered for everyone itself"


@DIFFERENTIAL
@given(orgs(POINTS_FW))
def test_the_points_ladder_gives_everyone_the_level_checks_points_and_sub_level_assess_gives(org):
    result = batch_of(POINTS_FW, org)

    assert_same_as_assess(POINTS_FW, org, result)
    assert result.assessed.size == 0


@DIFFERENTIAL
@given(random_gate_frameworks().flatmap(lambda fw: st.tuples(st.just(fw), orgs(fw, max_size=8))))
def test_random_gates_of_every_rule_kind_and_filter_give_what_assess_gives(fw_and_org):
    fw, org = fw_and_org

    assert_same_as_assess(fw, org, batch_of(fw, org))


@DIFFERENTIAL
@given(orgs(FW, max_size=6), st.integers(-400, 60))
def test_on_any_date_evidence_from_later_is_left_out_as_assess_leaves_it_out(org, shift):
    as_of = AS_OF + timedelta(days=shift)

    assert_same_as_assess(FW, org, batch_of(FW, org, as_of), as_of)


@pytest.mark.parametrize("ladder", ["default", "points"])
def test_an_org_made_like_the_bench_org_gets_what_assess_gives(ladder):
    fw = FW if ladder == "default" else POINTS_FW
    org = bench_like_org(fw, 300, seed=13)

    result = batch_of(fw, org)

    assert_same_as_assess(fw, org, result)
    assert len(set(result.levels.tolist())) == len(fw.levels), "every level is reached by someone"


def test_records_packed_for_two_frameworks_read_the_same_under_either():
    org = bench_like_org(FW, 60, seed=5)
    both = tables_for(POINTS_FW, FW)

    assert_same_as_assess(FW, org, batch_of(FW, org, tables=both))


def test_records_whose_tables_lack_the_frameworks_ids_are_refused_by_name():
    records = [encode_profile(p, tables_for(FW)) for p in bench_like_org(FW, 3, seed=1)]

    with pytest.raises(FactsRecordError, match="packed without skill 'code_quality'"):
        assess_many(POINTS_FW, decode_many(records, tables_for(FW)), as_of=AS_OF)


def test_the_checks_are_the_gates_in_assessment_order():
    result = batch_of(FW, bench_like_org(FW, 2, seed=2))

    assert list(result.check_ids) == [g.id for lv in FW.levels for g in lv.gates]
    assert result.passed.shape == (2, len(result.check_ids))
