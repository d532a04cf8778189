"""A standing (level, next level's failing checks) is what `assess` says on every day it claims to hold."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ladders.core.batch import assess_many
from ladders.core.engine import assess
from ladders.core.facts_arrays import decode_many
from ladders.core.facts_record import encode_profile, tables_for
from ladders.core.framework import Framework
from ladders.core.framework_loader import default_framework
from ladders.core.profile import Profile
from ladders.core.standings import FOREVER, evidence_windows, standings_of
from tests.core.batch_orgs import (
    AS_OF,
    DEFAULT_LADDER,
    DIFFERENTIAL,
    bench_like_org,
    orgs,
    random_gate_frameworks,
    tightened,
)

FW = default_framework()
EVIDENCE_GATE = next(
    (level.id, gate.id) for level in FW.levels[1:] for gate in level.gates if gate.rule.evidence is not None
)
WINDOWED = tightened(DEFAULT_LADDER, *EVIDENCE_GATE, within_days=90)


def standing_by_assess(fw: Framework, profile: Profile, day: date) -> tuple[int, int]:
    """The level index and the size of the plan to the next level (-1 at the top)."""
    result = assess(fw, profile, as_of=day)
    steps = len(result["plan"]["steps"]) if result["next_level"] else -1
    return fw.level_index[result["level"]], steps


def days_it_claims(until: int, as_of: date) -> list[date]:
    """The assessment day, the day before the claimed change, and a few in between."""
    last = min(until, AS_OF.toordinal() + 2000) - 1
    return sorted(
        {
            as_of,
            date.fromordinal(last),
            *(
                date.fromordinal(d)
                for d in (last - 1, (as_of.toordinal() + last) // 2)
                if d >= as_of.toordinal()
            ),
        }
    )


def assert_standings_hold(fw: Framework, org: list[Profile], as_of: date = AS_OF) -> None:
    tables = tables_for(fw)
    facts = decode_many([encode_profile(p, tables) for p in org], tables)
    standing = standings_of(assess_many(fw, facts, as_of=as_of), facts, as_of)
    for person, profile in enumerate(org):
        stored = (int(standing.levels[person]), int(standing.next_checks[person]))
        until = int(standing.until[person])
        assert until > as_of.toordinal()
        for day in days_it_claims(until, as_of):
            assert standing_by_assess(fw, profile, day) == stored, f"person {person} on {day}"


@DIFFERENTIAL
@given(orgs(FW))
def test_the_default_ladder_standing_is_assess_level_and_plan(org):
    assert_standings_hold(FW, org)


@DIFFERENTIAL
@given(orgs(WINDOWED))
def test_a_windowed_gate_standing_holds_until_an_item_leaves_the_window(org):
    assert evidence_windows(WINDOWED) == {90}
    assert_standings_hold(WINDOWED, org)


@DIFFERENTIAL
@given(st.data())
def test_random_gates_standings_hold_on_every_day_they_claim(data):
    fw = data.draw(random_gate_frameworks())
    assert_standings_hold(fw, data.draw(orgs(fw, max_size=6)))


def standing(fw: Framework, profile: Profile):
    tables = tables_for(fw)
    facts = decode_many([encode_profile(profile, tables)], tables)
    return standings_of(assess_many(fw, facts, as_of=AS_OF), facts, AS_OF)


def test_without_windows_or_later_evidence_a_standing_holds_for_ever():
    profile = bench_like_org(FW, 1, seed=3)[0]
    assert profile.evidence and all(item.date <= AS_OF for item in profile.evidence)
    assert standing(FW, profile).until.tolist() == [FOREVER]


def test_a_later_item_ends_the_standing_on_its_date_and_a_window_the_day_after_it_closes():
    profile = bench_like_org(FW, 1, seed=3)[0]
    later = AS_OF + timedelta(days=10)
    first = profile.evidence[0]
    moved = profile.model_copy(
        update={"evidence": [*profile.evidence, first.model_copy(update={"id": "later", "date": later})]}
    )
    assert standing(FW, moved).until.tolist() == [later.toordinal()]
    recent = profile.model_copy(
        update={"evidence": [first.model_copy(update={"date": AS_OF - timedelta(days=30)})]}
    )
    assert standing(WINDOWED, recent).until.tolist() == [(AS_OF + timedelta(days=61)).toordinal()]
