"""Where each person stands, from a batch result: the level reached and what the next one lacks.

The team page lists everyone with their level and how many checks stand between them and
the next level. `assess` says the latter as its plan (one step per failing check of the
next level, `plans.plan_for`); this gives the same count for everyone at once from the
batch engine's verdicts, so the page can store it and never assess a row to show it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ladders.core.batch import BatchResult, batch_gates


class Standings(NamedTuple):
    """Per person: the level index reached, and the failing checks of the next level (-1 at the top)."""

    levels: NDArray[np.intp]
    next_checks: NDArray[np.intp]


def standings_of(result: BatchResult) -> Standings:
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
    return Standings(levels=result.levels.astype(np.intp), next_checks=np.where(top, -1, failing))
