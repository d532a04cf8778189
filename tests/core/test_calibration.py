"""Calibration statistics against values computed by hand."""

from __future__ import annotations

import math

import pytest

from ladders.core.calibration import Rating, leniency, rated_pairs, t95, weighted_kappa

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


SKILLS = ("a", "b", "c", "d", "e", "f", "g")
SELF = {"a": 0, "b": 1, "c": 2, "d": 2, "e": 1}  # f and g not self-rated
MANAGER = {"a": 0, "b": 1, "c": 2, "d": 1, "f": 0}  # e and g not rated by the manager


def test_only_skills_both_raters_rated_are_compared():
    assert rated_pairs(SELF, MANAGER, SKILLS, 0, 2) == [("a", 0, 0), ("b", 1, 1), ("c", 2, 2), ("d", 2, 1)]


def test_kappa_leaves_out_skills_someone_did_not_rate():
    """Kappa over the four skills both rated, 0-2 scale, quadratic weights (1/4 a step, 1 two steps).

    Pairs (0,0) (1,1) (2,2) (2,1): observed disagreement (1/4)/4 = 1/16.
    Self marginals 0:1 1:1 2:2, manager 0:1 1:2 2:1; expected disagreement
    (1/4·1·2 + 1·1·1 + 1/4·1·1 + 1/4·1·1 + 1·2·1 + 1/4·2·2)/16 = 5/16; kappa = 1 - 1/5 = 0.8.

    Reading the unrated e, f and g as the floor 0 would add (1,0) (0,0) (0,0): observed
    (2/4)/7 = 1/14; marginals self 0:3 1:2 2:2, manager 0:4 1:2 2:1; expected 16/49;
    kappa = 1 - 49/224 = 25/32 = 0.78125, agreement nobody expressed.
    """
    pairs = [(mine, theirs) for _, mine, theirs in rated_pairs(SELF, MANAGER, SKILLS, 0, 2)]
    assert weighted_kappa(pairs, 0, 2) == pytest.approx(0.8)
    floored = [(SELF.get(s, 0), MANAGER.get(s, 0)) for s in SKILLS]
    assert weighted_kappa(floored, 0, 2) == pytest.approx(25 / 32)


def test_ratings_off_the_scale_or_of_unknown_skills_are_not_compared():
    own = {"a": 1, "b": True, "c": 3, "z": 1}
    given = {"a": 1, "b": 1, "c": 1, "z": 1}
    assert rated_pairs(own, given, SKILLS, 0, 2) == [("a", 1, 1)]


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
