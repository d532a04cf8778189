"""A framework over a whole org at once: levels, checks and what-ifs from facts arrays.

`assess` stays the reference and the per-person explanation; this module answers the
org-wide questions (who reaches which level, which checks pass, who moves under a new
framework) with numpy over `ladders.core.facts_arrays`, giving the same level and the same
verdict on every check as `assess` for every person. A gate whose rule has no batch form,
and anyone for whom `assess` would not simply answer (a rating outside the points table,
an item whose scope the framework does not rank), is assessed one person at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ladders.core.batch_rules import (
    Bools,
    NotVectorised,
    OrgFacts,
    VectorCheck,
    facts_hold_every_rule,
    vector_rule,
)
from ladders.core.engine import assess
from ladders.core.facts_arrays import FactsArrays, decode_many
from ladders.core.facts_record import FactsTables, profile_of_facts, tables_for
from ladders.core.framework import Framework

Indices = NDArray[np.intp]


@dataclass(frozen=True)
class BatchGate:
    """One gate's batch form; `check` is None when its rule has none."""

    id: str
    level: int
    check: VectorCheck | None


def batch_gates(fw: Framework) -> list[BatchGate]:
    """Every gate of `fw` in level order (the order of the checks in an assessment)."""
    gates = []
    for index, level in enumerate(fw.levels):
        for gate in level.gates:
            try:
                check: VectorCheck | None = vector_rule(gate.rule, fw)
            except NotVectorised:
                check = None
            gates.append(BatchGate(id=gate.id, level=index, check=check))
    return gates


def batch_covers(fw: Framework) -> bool:
    """Whether every gate of `fw` has a batch form.

    When one has none (a rule kind added to the engine but not here), `assess_many` hands
    everyone to `assess` on a profile rebuilt from their facts record, which holds only
    ratings and evidence; a caller with the real profiles at hand should assess those instead.
    """
    return facts_hold_every_rule(fw) and all(gate.check is not None for gate in batch_gates(fw))


@dataclass(frozen=True)
class BatchResult:
    """What `assess` would say about each person's level, checks and points."""

    framework: Framework
    check_ids: tuple[str, ...]
    """The gate ids, in the order of an assessment's checks (the columns of `passed`)."""
    levels: Indices
    """people: the index in `framework.levels` of the level each person reached."""
    passed: Bools
    """people x checks: whether each check passed."""
    points: NDArray[np.int64] | None
    """people: the points total (points frameworks only)."""
    sub_levels: Indices | None
    """people: the index of the sub-level reached in `framework.points.sub_levels`, -1 for none."""
    assessed: Indices
    """The people `assess` answered for, one by one, because the batch form could not."""

    def level_id(self, person: int) -> str:
        return self.framework.levels[int(self.levels[person])].id

    def sub_level(self, person: int) -> str | None:
        if self.sub_levels is None or self.sub_levels[person] < 0 or self.framework.points is None:
            return None
        return self.framework.points.sub_levels[int(self.sub_levels[person])].name


def assess_many(fw: Framework, facts: FactsArrays, *, as_of: date | None = None) -> BatchResult:
    """Everyone's level and checks under `fw` on `as_of` (default today), as `assess` gives them.

    A record carries no date of its own (a profile file's `as_of` is not part of the
    facts), so `as_of` is everyone's: the result is `assess(fw, profile, as_of=as_of)`'s.
    """
    if not facts_hold_every_rule(fw):
        raise NotVectorised(f"framework '{fw.id}' gates on criteria, which facts records do not carry")
    when = as_of or date.today()
    org = OrgFacts(fw, facts, when)
    gates = batch_gates(fw)
    people = facts.people
    passed = np.zeros((people, len(gates)), dtype=bool)
    unsure = np.zeros(people, dtype=bool)
    for column, gate in enumerate(gates):
        if gate.check is None:
            unsure[:] = True
            continue
        verdict = gate.check(org)
        passed[:, column] = verdict.passed
        if verdict.unsure is not None:
            unsure |= verdict.unsure
    levels = _levels_reached(fw, gates, passed)
    points, sub_levels = _points_summary(fw, org, unsure)
    assessed = np.flatnonzero(unsure)
    for person in assessed:
        _assess_one(fw, facts, int(person), when, levels, passed, points, sub_levels)
    return BatchResult(
        framework=fw,
        check_ids=tuple(g.id for g in gates),
        levels=levels,
        passed=passed,
        points=points,
        sub_levels=sub_levels,
        assessed=assessed,
    )


def _levels_reached(fw: Framework, gates: list[BatchGate], passed: Bools) -> Indices:
    """Gates are cumulative: the climb stops below the first level with a failing check."""
    level_passed = np.ones((len(passed), len(fw.levels)), dtype=bool)
    for index in range(len(fw.levels)):
        columns = [j for j, g in enumerate(gates) if g.level == index]
        if columns:
            level_passed[:, index] = passed[:, columns].all(axis=1)
    climbed: Indices = np.logical_and.accumulate(level_passed, axis=1).sum(axis=1)
    return np.maximum(climbed - 1, 0).astype(np.intp)


def _points_summary(
    fw: Framework, org: OrgFacts, unsure: Bools
) -> tuple[NDArray[np.int64] | None, Indices | None]:
    """The points total over every category and the sub-level it reaches (`engine._points_summary`)."""
    if fw.points is None:
        return None, None
    columns = org.columns(s for c in fw.category_list for s in fw.skills_by_category.get(c.id, []))
    total = org.points[:, columns].sum(axis=1)
    unsure |= org.pointless[:, columns].any(axis=1)
    return total, _sub_level_of(fw, total)


def _sub_level_of(fw: Framework, total: NDArray[np.int64]) -> Indices:
    assert fw.points is not None
    reached = np.full(len(total), -1, dtype=np.intp)
    for index, sub in enumerate(fw.points.sub_levels):
        reached[total >= sub.at_least] = index
    return reached


def _assess_one(
    fw: Framework,
    facts: FactsArrays,
    person: int,
    as_of: date,
    levels: Indices,
    passed: Bools,
    points: NDArray[np.int64] | None,
    sub_levels: Indices | None,
) -> None:
    """Fill one person's row from `assess` itself (which raises where it would raise)."""
    result = assess(fw, profile_of_facts(facts.person(person)), as_of=as_of)
    levels[person] = fw.level_index[result["level"]]
    passed[person] = [check["passed"] for gate in result["gates"] for check in gate["checks"]]
    summary = result["points"]
    if points is not None and sub_levels is not None and summary is not None:
        points[person] = summary["total"]
        sub_levels[person] = _sub_level_of(fw, np.array([summary["total"]]))[0]


class Mover(NamedTuple):
    """A person whose level differs between two frameworks."""

    person: int
    old_level: str
    new_level: str


def what_if(
    old_fw: Framework,
    new_fw: Framework,
    records: Sequence[bytes] | FactsArrays,
    *,
    tables: FactsTables | None = None,
    as_of: date | None = None,
) -> list[Mover]:
    """Who would change level if `new_fw` replaced `old_fw`, in the order of `records`.

    `records` are facts records packed against `tables` (default: the tables of both
    frameworks, `tables_for(old_fw, new_fw)`), or arrays already decoded from them.
    """
    facts = (
        records
        if isinstance(records, FactsArrays)
        else decode_many(records, tables or tables_for(old_fw, new_fw))
    )
    when = as_of or date.today()
    old = assess_many(old_fw, facts, as_of=when)
    new = assess_many(new_fw, facts, as_of=when)
    old_ids = np.array([level.id for level in old_fw.levels], dtype=object)[old.levels]
    new_ids = np.array([level.id for level in new_fw.levels], dtype=object)[new.levels]
    moved = np.flatnonzero(old_ids != new_ids)
    return [Mover(int(p), old_ids[p], new_ids[p]) for p in moved]
