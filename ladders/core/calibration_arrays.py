"""Calibration's rating figures over many people at once, from packed ratings.

Each person's latest signed-off ratings are packed as one fixed-width record (a self and a
manager rating per framework skill, `MISSING` where there is none on the scale), so a whole
organisation's records join into one people x skills array and the figures of
`ladders.core.calibration` (rating pairs, gaps, the pair counts kappa reads, each rater's
mean) come out of numpy with the same numbers as the per-person functions: every sum is
of small integers, so it is exact in any order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ladders.core.calibration import on_scale

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


@dataclass(frozen=True)
class RatingArrays:
    """People x skills self and manager ratings; `MISSING` where there is none."""

    own: NDArray[np.int16]
    given: NDArray[np.int16]

    @property
    def paired(self) -> NDArray[np.bool_]:
        """Where both rated the skill: the pairs `rated_pairs` lists."""
        return (self.own != MISSING) & (self.given != MISSING)


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
    paired = ratings.paired
    rows, cols = np.nonzero(paired)
    owner = np.zeros(rows.size, dtype=np.intp) if group is None else group[rows]
    keep = owner >= 0
    cell = (ratings.own[rows, cols].astype(np.intp) - low) * k + (ratings.given[rows, cols] - low)
    flat = np.bincount(owner[keep] * k * k + cell[keep], minlength=groups * k * k)
    return flat.reshape(groups, k, k).astype(np.int64)


def gaps_by_person(ratings: RatingArrays) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per person: the sum of manager minus self over their pairs, and how many pairs."""
    paired = ratings.paired
    gap = np.where(paired, ratings.given.astype(np.int64) - ratings.own, 0)
    return gap.sum(axis=1), paired.sum(axis=1).astype(np.int64)


def gaps_by_skill(
    ratings: RatingArrays, people: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per skill, over the chosen people: the sum of manager minus self, and how many pairs."""
    paired = ratings.paired[people]
    gap = np.where(paired, ratings.given[people].astype(np.int64) - ratings.own[people], 0)
    return gap.sum(axis=0), paired.sum(axis=0).astype(np.int64)


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
    pairs = np.stack([total, count], axis=1)
    distinct, inverse = np.unique(pairs, axis=0, return_inverse=True)
    values = np.array([round(int(t) / int(c), digits) for t, c in distinct.tolist()], dtype=np.float64)
    return values[inverse.reshape(-1)]
