"""Where each person stands, from a batch result: the level reached, what the next one lacks, and
until when that holds.

The team page lists everyone with their level and how many checks stand between them and
the next level. `assess` says the latter as its plan (one step per failing check of the
next level, `plans.plan_for`); this gives the same count for everyone at once from the
batch engine's verdicts, so the page can store it and never assess a row to show it. A
standing depends on the day only through evidence dates, so it also says the first day it
could change: a stored standing is reassessed on that day, not every day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ladders.core.batch import BatchResult, batch_gates
from ladders.core.facts_arrays import FactsArrays
from ladders.core.framework import Framework
from ladders.core.rules import Rule

FOREVER = date.max.toordinal()
"""`valid_until` of someone whose standing no later day can change (no dated evidence to age)."""


class Standings(NamedTuple):
    """Per person: the level index reached, the failing checks of the next level (-1 at the top),
    and the first later day on which either could change (`valid_until`)."""

    levels: NDArray[np.intp]
    next_checks: NDArray[np.intp]
    until: NDArray[np.int64]


def standings_of(result: BatchResult, facts: FactsArrays, as_of: date) -> Standings:
    """Each person's level and the size of `assess`'s plan towards the next level.

    Gates are cumulative and the plan to the next level lists that level's failing checks
    only, so the count is the failing checks of the gates of `level + 1`; at the top of the
    ladder there is no plan (-1).
    """
    fw = result.framework
    gate_level = np.array([gate.level for gate in batch_gates(fw)], dtype=np.intp)
    following = result.levels + 1
    of_next = gate_level[None, :] == following[:, None]
    failing = (of_next & ~result.passed).sum(axis=1).astype(np.intp)
    top = following >= len(fw.levels)
    return Standings(
        levels=result.levels.astype(np.intp),
        next_checks=np.where(top, -1, failing),
        until=valid_until(fw, facts, as_of),
    )


def _rules(rule: Rule) -> Iterator[Rule]:
    yield rule
    for child in [*(rule.all or []), *(rule.any or [])]:
        yield from _rules(child)


def evidence_windows(fw: Framework) -> set[int]:
    """Every `within_days` of an evidence rule of `fw`: the recency windows its gates read."""
    return {
        rule.evidence.within_days
        for level in fw.levels
        for gate in level.gates
        for rule in _rules(gate.rule)
        if rule.evidence is not None and rule.evidence.within_days is not None
    }


def valid_until(fw: Framework, facts: FactsArrays, as_of: date) -> NDArray[np.int64]:
    """Per person, the first day after `as_of` on which their standing could differ (an ordinal).

    With the same facts, a verdict reads the day only in two ways (`batch_rules`): an item
    counts from its own date on, and an item under a `within_days` window stops counting
    the day after the window ends. So the standing on `as_of` holds every day before the
    earliest of those days that is later than `as_of`; `FOREVER` when there is none. The
    differential tests check this against `assess` on the days around each boundary.
    """
    today = as_of.toordinal()
    day = facts.day.astype(np.int64)
    person = facts.item_person
    until = np.full(facts.people, FOREVER, dtype=np.int64)
    for change in [day, *(day + window + 1 for window in sorted(evidence_windows(fw)))]:
        later = change > today
        np.minimum.at(until, person[later], change[later])
    return until
