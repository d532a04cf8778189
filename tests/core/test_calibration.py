"""Calibration statistics against values computed by hand."""

from __future__ import annotations

import math

import pytest

from ladders.core.calibration import Rating, leniency, t95, weighted_kappa

PAIRS = [(0, 0), (1, 1), (2, 2), (1, 2)]


def test_quadratic_weighted_kappa_matches_the_hand_computed_value():
    # Observed disagreement 0.25/4 = 0.0625; expected 5/16 = 0.3125; kappa = 1 - 0.2.
    assert weighted_kappa(PAIRS, 0, 2) == pytest.approx(0.8)


def test_linear_weighted_kappa_matches_the_hand_computed_value():
    # Observed 0.5/4 = 0.125; expected 7/16 = 0.4375; kappa = 1 - 2/7.
    assert weighted_kappa(PAIRS, 0, 2, weights="linear") == pytest.approx(5 / 7)


def test_perfect_agreement_is_one_and_no_pairs_is_none():
    assert weighted_kappa([(0, 0), (3, 3), (4, 4)], 0, 4) == pytest.approx(1.0)
    assert weighted_kappa([], 0, 4) is None


def test_systematic_disagreement_is_below_zero():
    assert weighted_kappa([(0, 4), (4, 0), (1, 3), (3, 1)], 0, 4) < 0


def test_a_rating_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="outside"):
        weighted_kappa([(0, 5)], 0, 4)


def test_leniency_compares_each_manager_with_the_org_at_the_same_level():
    ratings = [
        Rating("ana", "mid", 3),
        Rating("ana", "mid", 3),
        Rating("ana", "senior", 4),
        Rating("ben", "mid", 1),
        Rating("ben", "mid", 1),
        Rating("ben", "senior", 2),
    ]
    by_manager = {row.manager: row for row in leniency(ratings)}
    # mid mean 2, senior mean 3: ana is +1 on each rating, ben -1.
    assert by_manager["ana"].mean_difference == pytest.approx(1.0)
    assert by_manager["ben"].mean_difference == pytest.approx(-1.0)
    assert by_manager["ana"].significant and by_manager["ben"].significant


def test_leniency_interval_uses_student_t():
    ratings = [
        Rating("ana", "mid", 3.0),
        Rating("ana", "mid", 2.5),
        Rating("ben", "mid", 1.5),
        Rating("ben", "mid", 1.0),
    ]
    ana = next(row for row in leniency(ratings) if row.manager == "ana")
    # mid mean 2.0; ana's differences 1.0 and 0.5: mean 0.75, sd 0.35355, df 1 (t = 12.706).
    half = 12.706 * 0.3535534 / math.sqrt(2)
    assert ana.mean_difference == pytest.approx(0.75)
    assert (ana.low, ana.high) == pytest.approx((0.75 - half, 0.75 + half), rel=1e-4)
    assert not ana.significant


def test_a_single_rating_has_an_unbounded_interval():
    (only,) = leniency([Rating("ana", "mid", 3)])
    assert only.low == -math.inf and only.high == math.inf
    assert t95(0) == math.inf and t95(100) == 1.96
