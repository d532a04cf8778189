"""Calibration's figures over packed ratings are the per-person functions' figures, exactly."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladders.core.calibration import Rating, kappa_of_counts, leniency, rated_pairs, weighted_kappa
from ladders.core.calibration_arrays import (
    gaps_by_person,
    leniency_of_arrays,
    manager_means,
    pack_ratings,
    pair_counts,
    unpack_ratings,
)

SKILLS = ["a", "b", "c", "d"]
LOW, HIGH = 0, 4
rating = st.one_of(st.integers(-1, 5), st.booleans(), st.none(), st.just("3"))
ratings = st.dictionaries(st.sampled_from([*SKILLS, "retired"]), rating, max_size=5)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ratings, ratings), max_size=12))
def test_packed_pairs_means_and_kappa_equal_the_per_person_functions(people):
    packed = unpack_ratings(
        b"".join(pack_ratings(own, given, SKILLS, LOW, HIGH) for own, given in people),
        len(people),
        len(SKILLS),
    )
    pairs = [rated_pairs(own, theirs, SKILLS, LOW, HIGH) for own, theirs in people]
    total, count = gaps_by_person(packed)
    assert count.tolist() == [len(p) for p in pairs]
    assert total.tolist() == [sum(m - s for _, s, m in p) for p in pairs]
    means = manager_means(packed)
    for (_, theirs), mean in zip(people, means.tolist(), strict=True):
        values = [v for k, v in theirs.items() if k in SKILLS and type(v) is int and LOW <= v <= HIGH]
        assert (mean == sum(values) / len(values)) if values else np.isnan(mean)
    every = [(s, m) for p in pairs for _, s, m in p]
    assert kappa_of_counts(pair_counts(packed, LOW, HIGH)[0].tolist()) == weighted_kappa(every, LOW, HIGH)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1", "2", "10", "3"]),
            st.sampled_from(["junior", "mid", "senior"]),
            st.builds(lambda t, c: t / c, st.integers(0, 40), st.integers(1, 10)),
        ),
        max_size=40,
    )
)
def test_leniency_over_arrays_is_leniency_over_ratings(items):
    expected = leniency([Rating(m, level, value) for m, level, value in items])
    found = leniency_of_arrays(
        [m for m, _, _ in items],
        [lv for _, lv, _ in items],
        np.array([v for *_, v in items], dtype=np.float64),
    )
    assert found == expected


def test_leniency_over_arrays_is_exact_for_large_groups_of_repeated_values():
    import random

    rng = random.Random(13)
    items = [
        (str(rng.randrange(5)), rng.choice(["junior", "mid"]), rng.randrange(0, 41) / rng.randrange(1, 13))
        for _ in range(5000)
    ]
    expected = leniency([Rating(m, level, value) for m, level, value in items])
    values = np.array([v for *_, v in items], dtype=np.float64)
    assert leniency_of_arrays([m for m, _, _ in items], [lv for _, lv, _ in items], values) == expected
