"""`ladders assess` with bad input: exit code 2 and a message that names the file, line and field.

Each broken file is an example profile with one edit, so the line an error should point at
is the line of that edit.
"""

from __future__ import annotations

from datetime import date, timedelta

from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from tests.example_files import BANDS, EXAMPLES, SAM
from tests.framework_ids import KIND, SKILL

# --- the profile ------------------------------------------------------------------------


def test_a_missing_profile_file_is_named(ladders, assert_bad_input, tmp_path):
    missing = tmp_path / "nobody.yaml"

    assert_bad_input(ladders("assess", missing), f"{missing}: file not found")


def test_a_yaml_syntax_error_points_at_its_line(ladders, assert_bad_input, broken_copy, line_of):
    profile = broken_copy(SAM, "    kind: incident\n", "    kind: incident\n      misindented: 1\n")

    line = line_of(profile, "misindented")
    assert_bad_input(ladders("assess", profile), f"{profile}:{line}:", "YAML syntax error")


def test_an_unknown_evidence_kind_points_at_its_line_and_field(
    ladders, assert_bad_input, broken_copy, line_of
):
    profile = broken_copy(SAM, "kind: debugging_story", "kind: war_story")

    line = line_of(profile, "war_story")
    assert_bad_input(
        ladders("assess", profile),
        f"{profile}:{line}:",
        "evidence[2].kind",
        "unknown evidence kind 'war_story'",
        KIND.debugging_story,  # the kinds it could have been
    )


def test_a_rating_above_the_scale_points_at_the_skill(ladders, assert_bad_input, broken_copy, line_of):
    profile = broken_copy(SAM, "  rag_systems: 3", "  rag_systems: 7")

    line = line_of(profile, "rag_systems: 7")
    assert_bad_input(
        ladders("assess", profile), f"{profile}:{line}:", "skills.rag_systems", "rating 7", "0-4"
    )


def test_a_time_allocation_that_does_not_add_up_to_100_is_refused(
    ladders, assert_bad_input, broken_copy, line_of
):
    profile = broken_copy(SAM, "feature_delivery: 65", "feature_delivery: 55")

    result = ladders("assess", profile)

    assert_bad_input(result, "time_allocation", "90", "100")
    block = line_of(profile, "time_allocation:")
    assert f"{profile}:{block}:" in result.stderr or f"{profile}:{block + 1}:" in result.stderr


def test_an_unknown_key_is_named_with_its_line(ladders, assert_bad_input, broken_copy, line_of):
    profile = broken_copy(SAM, "years_experience: 3.5", "years_experiense: 3.5")

    line = line_of(profile, "years_experiense")
    assert_bad_input(ladders("assess", profile), f"{profile}:{line}:", "years_experiense", "unknown key")


def test_a_date_that_is_not_a_date_points_at_its_field(ladders, assert_bad_input, broken_copy, line_of):
    profile = broken_copy(SAM, "date: 2026-04-10", "date: last spring")

    line = line_of(profile, "last spring")
    assert_bad_input(ladders("assess", profile), f"{profile}:{line}:", "evidence[2].date", "YYYY-MM-DD")


def test_an_impossible_calendar_date_points_at_its_line_and_field(
    ladders, assert_bad_input, broken_copy, line_of
):
    profile = broken_copy(SAM, "date: 2026-04-10", "date: 2026-02-30")

    line = line_of(profile, "2026-02-30")
    assert_bad_input(ladders("assess", profile), f"{profile}:{line}:", "evidence[2].date")


def test_evidence_dated_after_today_is_refused_on_its_line(ladders, assert_bad_input, broken_copy, line_of):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    profile = broken_copy(SAM, "date: 2026-04-10", f"date: {tomorrow}")

    line = line_of(profile, tomorrow)
    assert_bad_input(
        ladders("assess", profile),
        f"{profile}:{line}:",
        "evidence[2].date",
        f"{tomorrow} is in the future",
    )


def test_assessing_as_of_the_first_day_of_year_one_is_not_a_crash(ladders):
    result = ladders("assess", SAM, "--as-of", "0001-01-01", "--format", "json")

    assert result.exit_code == 0, result.stderr
    assert '"as_of": "0001-01-01"' in result.stdout


def test_every_problem_of_a_profile_is_reported_at_once(ladders, assert_bad_input, broken_copy, tmp_path):
    once = broken_copy(SAM, "  rag_systems: 3", "  rag_systems: 7", name="once.yaml")
    twice = broken_copy(once, "kind: debugging_story", "kind: war_story")

    assert_bad_input(ladders("assess", twice), SKILL.rag_systems, "war_story", "2 problems found.")


# --- the options ------------------------------------------------------------------------


def test_an_unknown_target_level_lists_the_levels(ladders, assert_bad_input):
    assert_bad_input(
        ladders("assess", SAM, "--target", "cto"),
        "--target",
        "unknown level 'cto'",
        "junior, mid, senior, staff, principal",
    )


def test_an_as_of_that_is_not_a_date_says_how_to_write_one(ladders, assert_bad_input):
    assert_bad_input(ladders("assess", SAM, "--as-of", "2026-13-01"), "--as-of", "2026-13-01", "YYYY-MM-DD")


def test_a_band_for_an_unknown_level_points_at_its_line(ladders, assert_bad_input, broken_copy, line_of):
    bands = broken_copy(BANDS, "{level: staff,", "{level: cto,")

    line = line_of(bands, "level: cto")
    assert_bad_input(
        ladders("assess", SAM, "--bands", bands), f"{bands}:{line}:", "bands[3].level", "unknown level 'cto'"
    )


def test_a_band_with_a_malformed_currency_points_at_its_field(
    ladders, assert_bad_input, broken_copy, line_of
):
    bands = broken_copy(
        BANDS, "{level: mid, market: us, currency: USD", "{level: mid, market: us, currency: usd"
    )

    line = line_of(bands, "currency: usd")
    assert_bad_input(ladders("assess", SAM, "--bands", bands), f"{bands}:{line}:", "bands[1].currency")


def test_a_missing_bands_file_is_named(ladders, assert_bad_input, tmp_path):
    missing = tmp_path / "bands.yaml"

    assert_bad_input(ladders("assess", SAM, "--bands", missing), f"{missing}: file not found")


def test_a_framework_with_an_unknown_skill_in_a_gate_is_refused(
    ladders, assert_bad_input, broken_copy, line_of
):
    framework = broken_copy(
        DEFAULT_FRAMEWORK,
        "of: [error_handling, input_validation, testable_code], at_least: 2}",
        "of: [error_handling, input_validaton, testable_code], at_least: 2}",
    )

    line = line_of(framework, "input_validaton")
    assert_bad_input(
        ladders("assess", "--framework", framework, SAM),
        f"{framework}:{line}:",
        "levels[1].gates[3].rule.skills.of[1]",
        "unknown skill 'input_validaton'",
    )


def test_a_profile_for_another_ladder_is_refused_by_the_framework_it_is_assessed_on(
    ladders, assert_bad_input
):
    result = ladders("assess", "--framework", EXAMPLES / "points-ladder.yaml", SAM)

    assert_bad_input(result, f"{SAM}:", "skills.rag_systems", "unknown skill 'rag_systems'")
