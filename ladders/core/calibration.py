"""Calibration statistics: how consistently people are rated, and by whom.

Pure functions over plain numbers, so the same figures come out of the server, the API
and a test computed by hand.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeGuard

# Two-sided 95% critical values of Student's t for small samples (df 1..30); beyond, normal.
_T95 = [
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
]


def t95(df: int) -> float:
    if df < 1:
        return math.inf
    return _T95[df - 1] if df <= len(_T95) else 1.96


def rated_pairs(
    own: Mapping[str, object], given: Mapping[str, object], skills: Collection[str], low: int, high: int
) -> list[tuple[str, int, int]]:
    """(skill, self, manager) for each skill of `skills` that both raters rated on the scale.

    A skill missing from either mapping was not rated: it is left out, never read as the
    floor of the scale, since a pair of floors would count as agreement nobody expressed.
    """
    pairs = []
    for skill, theirs in given.items():
        mine = own.get(skill)
        if skill in skills and on_scale(mine, low, high) and on_scale(theirs, low, high):
            pairs.append((skill, mine, theirs))
    return pairs


def on_scale(value: object, low: int, high: int) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def weighted_kappa(
    pairs: Sequence[tuple[int, int]], low: int, high: int, *, weights: str = "quadratic"
) -> float | None:
    """Weighted Cohen's kappa between two raters (self and manager) on an ordinal scale.

    1 is perfect agreement, 0 is what chance alone would give. Quadratic weights count a
    two-step disagreement four times a one-step one; `weights="linear"` counts it twice.
    None when there is nothing to compare or no variation to agree about.
    """
    if not pairs:
        return None
    if weights not in {"linear", "quadratic"}:
        raise ValueError("weights must be 'linear' or 'quadratic'")
    k = high - low + 1
    if k < 2:
        return None
    observed = [[0.0] * k for _ in range(k)]
    for a, b in pairs:
        if not (low <= a <= high and low <= b <= high):
            raise ValueError(f"rating outside {low}-{high}: {(a, b)}")
        observed[a - low][b - low] += 1
    return kappa_of_counts(observed, weights=weights)


def kappa_of_counts(counts: Sequence[Sequence[float]], *, weights: str = "quadratic") -> float | None:
    """`weighted_kappa` from the pairs already counted: `counts[i][j]` pairs of (low + i, low + j).

    The same arithmetic in the same order, so a whole org's pairs counted at once (by numpy)
    give exactly the kappa of listing them.
    """
    if weights not in {"linear", "quadratic"}:
        raise ValueError("weights must be 'linear' or 'quadratic'")
    k = len(counts)
    observed = [[float(value) for value in row] for row in counts]
    n = sum(sum(row) for row in observed)
    if k < 2 or n == 0:
        return None
    rows = [sum(observed[i]) for i in range(k)]
    cols = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    power = 2 if weights == "quadratic" else 1
    disagreement_obs = 0.0
    disagreement_exp = 0.0
    for i in range(k):
        for j in range(k):
            w = (abs(i - j) / (k - 1)) ** power
            disagreement_obs += w * observed[i][j] / n
            disagreement_exp += w * rows[i] * cols[j] / (n * n)
    if disagreement_exp == 0:
        return None
    return 1 - disagreement_obs / disagreement_exp


@dataclass(frozen=True, slots=True)
class Leniency:
    manager: str
    ratings: int
    mean_difference: float
    low: float
    high: float

    @property
    def significant(self) -> bool:
        """The interval excludes zero: this manager rates differently from the org."""
        return self.low > 0 or self.high < 0


@dataclass(frozen=True, slots=True)
class Rating:
    manager: str
    level: str
    value: float


def leniency(ratings: Iterable[Rating]) -> list[Leniency]:
    """Each manager's mean rating minus the org mean for people at the same level, with a 95% CI.

    Comparing within a level keeps a manager of seniors from looking lenient merely because
    seniors are rated higher. The interval uses Student's t over the manager's differences.
    """
    items = list(ratings)
    by_level: dict[str, list[float]] = defaultdict(list)
    for r in items:
        by_level[r.level].append(r.value)
    level_mean = {level: statistics.fmean(values) for level, values in by_level.items()}
    differences: dict[str, list[float]] = defaultdict(list)
    for r in items:
        differences[r.manager].append(r.value - level_mean[r.level])
    out = []
    for manager, diffs in sorted(differences.items()):
        mean = statistics.fmean(diffs)
        if len(diffs) > 1:
            half = t95(len(diffs) - 1) * statistics.stdev(diffs) / math.sqrt(len(diffs))
        else:
            half = math.inf
        out.append(Leniency(manager, len(diffs), mean, mean - half, mean + half))
    return out
