"""Next-level checks failing for want of evidence items are kept apart from those failing on ratings."""

from __future__ import annotations

from ladders.leveling.calibration import calibration_tables
from tests.framework_ids import CHECK, KIND, LEVEL, SKILL
from tests.leveling.leveling_helpers import add_evidence, make_mid, sign_off
from tests.minimum_profiles import MID_RATINGS
from tests.org_fixtures import add_engineer


def gaps_of(tables, person):
    (row,) = [row for row in tables["tables"]["evidence_gaps"] if row["person_id"] == person.pk]
    return {(check, "insufficient evidence") for check in row["insufficient_evidence"]} | {
        (check, "not meeting") for check in row["not_meeting"]
    }


def test_a_junior_missing_a_story_lacks_evidence_and_low_ratings_are_not_meeting(acme):
    add_evidence(acme.engineer, KIND.shipped_project, users="real", outcome="Cut support tickets by 40%")
    add_evidence(acme.engineer, KIND.shipped_project, users="real", outcome="Used daily")
    sign_off(acme.engineer, acme.manager, {SKILL.error_handling: 1})
    assert gaps_of(calibration_tables(viewer=acme.admin), acme.engineer) == {
        (CHECK.mid_debugging, "insufficient evidence"),
        (CHECK.mid_fundamentals, "not meeting"),
        (CHECK.mid_ai_core, "not meeting"),
    }


def test_a_mixed_gate_counts_only_the_part_that_fails(acme):
    # senior.review needs code_review >= 3 and a code_review item.
    no_item = acme.engineer
    low_rating = add_engineer(acme, "Finn Fisher", acme.manager)
    for person in (no_item, low_rating):
        make_mid(person)
    add_evidence(low_rating, KIND.code_review, scope="team")
    sign_off(no_item, acme.manager, {**MID_RATINGS, SKILL.code_review: 3})
    sign_off(low_rating, acme.manager, {**MID_RATINGS, SKILL.code_review: 2})

    tables = calibration_tables(viewer=acme.admin)
    assert (CHECK.senior_review, "insufficient evidence") in gaps_of(tables, no_item)
    assert (CHECK.senior_review, "not meeting") not in gaps_of(tables, no_item)
    assert (CHECK.senior_review, "not meeting") in gaps_of(tables, low_rating)
    assert (CHECK.senior_review, "insufficient evidence") not in gaps_of(tables, low_rating)
    common = {
        (CHECK.senior_ownership, "insufficient evidence"),
        (CHECK.senior_adr, "insufficient evidence"),
        (CHECK.senior_mentoring, "insufficient evidence"),
        (CHECK.senior_production_ai, "not meeting"),
        (CHECK.senior_fundamentals, "not meeting"),
    }
    assert common < gaps_of(tables, no_item) and common < gaps_of(tables, low_rating)
    summary = {row["check"]: row for row in tables["tables"]["evidence_gaps_by_check"]}
    assert summary[CHECK.senior_review]["insufficient_evidence"] == 1
    assert summary[CHECK.senior_review]["not_meeting"] == 1
    assert summary[CHECK.senior_adr] == {
        "level": LEVEL.senior,
        "check": CHECK.senior_adr,
        "title": summary[CHECK.senior_adr]["title"],
        "insufficient_evidence": 2,
        "not_meeting": 0,
    }


def test_a_row_lists_only_the_next_levels_checks_in_framework_order(acme):
    (row,) = calibration_tables(viewer=acme.manager)["tables"]["evidence_gaps"]
    assert row["person_id"] == acme.engineer.pk and row["next_level"] == LEVEL.mid
    assert row["insufficient_evidence"] == [CHECK.mid_shipped, CHECK.mid_outcome, CHECK.mid_debugging]
    assert row["not_meeting"] == [CHECK.mid_fundamentals, CHECK.mid_ai_core]
