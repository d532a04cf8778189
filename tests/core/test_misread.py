"""Misread: the self-assessed level against the level the evidence supports."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("assessed", "claimed", "misread"),
    [
        ("junior", "mid", "over"),
        ("mid", "principal", "over"),
        ("senior", "junior", "under"),
        ("staff", "senior", "under"),
        ("junior", "junior", "accurate"),
        ("senior", "senior", "accurate"),
        ("principal", "principal", "accurate"),
    ],
)
def test_self_assessment_is_compared_with_the_assessed_level(
    assessed, claimed, misread, profile_data, assess_data
):
    result = assess_data(profile_data(assessed, self_assessed_level=claimed))

    assert result["level"] == assessed
    assert result["self_assessed_level"] == claimed
    assert result["misread"] == misread


def test_no_self_assessment_means_no_misread(profile_data, assess_data):
    result = assess_data(profile_data("senior"))

    assert result["self_assessed_level"] is None
    assert result["misread"] is None


def test_sam_rivera_thinks_he_is_senior_and_is_mid(example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))

    assert (result["level"], result["self_assessed_level"], result["misread"]) == ("mid", "senior", "over")
