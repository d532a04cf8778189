"""Calibration's rating figures over many people at once, from packed ratings.

Each person's latest signed-off ratings are packed as one fixed-width record (a self and a
manager rating per framework skill, `MISSING` where there is none on the scale), so a whole
organisation's records join into one people x skills array and the figures of
`ladders.core.calibration` (rating pairs, gaps, the pair counts kappa reads, each rater's
mean) come out of numpy with the same numbers as the per-person functions: every sum is
of small integers, so it is exact in any order.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from ladders.core.calibration import Leniency, on_scale, t95

MISSING = -32768
"""A skill without a rating on the scale (or not rated at all)."""
_DTYPE = np.dtype("<i2")


def pack_ratings(
    own: Mapping[str, object], given: Mapping[str, object], skills: Sequence[str], low: int, high: int
) -> bytes:
    """The self ratings then the manager ratings of `skills`, in order, as little-endian int16.

    A rating off the scale (or of the wrong type) is `MISSING`, as `rated_pairs` and the
    manager's mean leave it out; ratings of skills not in `skills` are dropped.
    """
    values = [v if on_scale(v := own.get(s), low, high) else MISSING for s in skills]
    values += [v if on_scale(v := given.get(s), low, high) else MISSING for s in skills]
    return np.array(values, dtype=_DTYPE).tobytes()


@dataclass
class RatingArrays:
    """People x skills self and manager ratings; `MISSING` where there is none."""

    own: NDArray[np.int16]
    given: NDArray[np.int16]

    @cached_property
    def paired(self) -> NDArray[np.bool_]:
        """Where both rated the skill: the pairs `rated_pairs` lists."""
        return (self.own != MISSING) & (self.given != MISSING)

    @cached_property
    def gaps(self) -> NDArray[np.int16]:
        """Manager minus self where both rated the skill, else 0 (ratings are small: no overflow)."""
        return np.where(self.paired, self.given - self.own, 0).astype(np.int16)


def unpack_ratings(joined: bytes, people: int, skills: int) -> RatingArrays:
    """`people` records of `pack_ratings` over `skills` skills, joined in order."""
    flat = np.frombuffer(joined, dtype=_DTYPE)
    if flat.size != people * 2 * skills:
        raise ValueError(f"expected {people} records of {skills} skills, got {flat.size} values")
    both = flat.reshape(people, 2, skills)
    return RatingArrays(own=both[:, 0, :], given=both[:, 1, :])


def pair_counts(
    ratings: RatingArrays, low: int, high: int, group: NDArray[np.intp] | None = None, groups: int = 1
) -> NDArray[np.int64]:
    """How many (self, manager) pairs of each value there are: groups x k x k (k = scale size).

    `group` gives each person's group (a rater's index; -1 for none, left out), so one call
    counts every rater's pairs; without it everyone is group 0.
    """
    k = high - low + 1
    people = ratings.own.shape[0]
    owner = np.zeros(people, dtype=np.int64) if group is None else group.astype(np.int64)
    keep = ratings.paired & (owner >= 0)[:, None]
    rows, cols = np.nonzero(keep)
    cell = (ratings.own[rows, cols].astype(np.int64) - low) * k + (ratings.given[rows, cols] - low)
    index = owner[rows] * (k * k) + cell
    return np.bincount(index, minlength=groups * k * k).reshape(groups, k, k).astype(np.int64)


def gaps_by_person(ratings: RatingArrays) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per person: the sum of manager minus self over their pairs, and how many pairs."""
    return ratings.gaps.sum(axis=1, dtype=np.int64), ratings.paired.sum(axis=1, dtype=np.int64)


def gaps_by_skill(
    ratings: RatingArrays, people: NDArray[np.bool_] | None = None
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per skill, over the chosen people (default everyone): manager minus self summed, and pairs."""
    gaps, paired = (
        (ratings.gaps, ratings.paired)
        if people is None
        else (
            ratings.gaps[people],
            ratings.paired[people],
        )
    )
    return gaps.sum(axis=0, dtype=np.int64), paired.sum(axis=0, dtype=np.int64)


def manager_means(ratings: RatingArrays) -> NDArray[np.float64]:
    """Per person: the mean of the manager's ratings on the scale; NaN where there is none.

    The sum is of integers, so dividing it once gives what `statistics.fmean` gives.
    """
    rated = ratings.given != MISSING
    total = np.where(rated, ratings.given, 0).sum(axis=1, dtype=np.int64)
    count = rated.sum(axis=1)
    out = np.full(total.shape, np.nan)
    np.divide(total, count, out=out, where=count > 0)
    return out


def rounded_ratios(total: NDArray[np.int64], count: NDArray[np.int64], digits: int) -> NDArray[np.float64]:
    """`round(total / count, digits)` for each pair, by Python's rounding (numpy's differs at ties).

    Rounded once per distinct (total, count), of which there are few.
    """
    if total.size == 0:
        return np.zeros(0)
    width = int(count.max()) + 1
    keys, inverse = np.unique(total * width + count, return_inverse=True)
    values = [round(t / c, digits) for t, c in (divmod(int(key), width) for key in keys.tolist())]
    return np.array(values, dtype=np.float64)[inverse.reshape(-1)]


def leniency_of_arrays(
    managers: Sequence[str] | NDArray[np.int64], levels: Sequence[str], values: NDArray[np.float64]
) -> list[Leniency]:
    """`leniency` of the ratings (managers[i], levels[i], values[i]), exactly, without a Rating each.

    A manager may be given as an int id: it is then the id's text, as a `Rating` holds it.

    The level means, each manager's mean difference and its standard deviation are computed
    exactly, as `statistics.fmean` and `statistics.stdev` compute them (a correctly rounded
    sum, and the correctly rounded square root of the exact sample variance), but over each
    manager's distinct differences with their counts, in integers: a manager's differences
    take few distinct values, since ratings are small integers.
    """
    if len(values) == 0:
        return []
    level_ids, level_of = np.unique(np.asarray(levels, dtype=object).astype(str), return_inverse=True)
    level_of = level_of.reshape(-1)
    level_mean = np.array(
        [
            math.fsum(values[level_of == n].tolist()) / int((level_of == n).sum())
            for n in range(len(level_ids))
        ]
    )
    diffs = values - level_mean[level_of]
    found, found_of = np.unique(np.asarray(managers), return_inverse=True)
    labels = [str(m) for m in found.tolist()]
    names = sorted(labels)  # by the text, as `leniency` sorts (ids as text: "10" before "2")
    rank = np.empty(len(labels), dtype=np.int64)
    rank[sorted(range(len(labels)), key=labels.__getitem__)] = np.arange(len(labels))
    owner = rank[found_of.reshape(-1)]
    distinct, code = np.unique(diffs, return_inverse=True)  # few distinct differences
    code = code.reshape(-1)
    counts = np.bincount(owner * distinct.size + code, minlength=len(names) * distinct.size)
    counts = counts.reshape(len(names), distinct.size)
    ratios = [value.as_integer_ratio() for value in distinct.tolist()]  # once per distinct value
    out = []
    for n, row in enumerate(counts):
        present = np.flatnonzero(row)
        mean, spread, total = _exact_mean_and_stdev(
            [ratios[j] for j in present.tolist()], row[present].tolist()
        )
        half = t95(total - 1) * spread / math.sqrt(total) if total > 1 else math.inf
        out.append(Leniency(names[n], total, mean, mean - half, mean + half))
    return out


def _exact_mean_and_stdev(ratios: list[tuple[int, int]], counts: list[int]) -> tuple[float, float, int]:
    """`fmean` and `stdev` of the multiset (each value, as its integer ratio, repeated its count),
    exactly as they round."""
    shift = max(d.bit_length() for _, d in ratios) - 1  # every denominator is a power of two
    scaled = [n << (shift - (d.bit_length() - 1)) for n, d in ratios]
    n = sum(counts)
    total = sum(c * a for c, a in zip(counts, scaled, strict=True))
    mean = (total / (1 << shift)) / n  # fmean: the correctly rounded sum, then one division
    if n < 2:
        return mean, 0.0, n
    squares = sum(c * a * a for c, a in zip(counts, scaled, strict=True))
    numerator = n * squares - total * total
    denominator = (1 << (2 * shift)) * n * (n - 1)
    common = math.gcd(numerator, denominator)
    return mean, _sqrt_of_fraction(numerator // common, denominator // common), n


_SQRT_BITS = 2 * sys.float_info.mant_dig + 3


def _sqrt_of_fraction(n: int, m: int) -> float:
    """The square root of n/m, correctly rounded (round-to-odd; as `statistics.stdev` rounds it)."""

    def isqrt_rto(n: int, m: int) -> int:
        a = math.isqrt(n // m)
        return a | (a * a * m != n)

    q = (n.bit_length() - m.bit_length() - _SQRT_BITS) // 2
    if q >= 0:
        return (isqrt_rto(n, m << 2 * q) << q) / 1
    return isqrt_rto(n << -2 * q, m) / (1 << -q)
