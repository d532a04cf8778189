"""`ladders framework lint`: what loads but misleads, with lines; errors exit 1."""

from __future__ import annotations

import pytest

from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from tests.checklist_ladder import CHECKLIST_YAML
from tests.example_files import POINTS_LADDER


def _write(tmp_path, text: str):
    path = tmp_path / "ladder.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


@pytest.mark.parametrize("path", [DEFAULT_FRAMEWORK, POINTS_LADDER], ids=["ai-engineer", "points-ladder"])
def test_the_shipped_frameworks_lint_clean(ladders, path):
    result = ladders("framework", "lint", path)
    assert result.exit_code == 0, result.stdout
    assert " 0 errors, 0 warnings" in result.stdout
    assert "warning:" not in result.stdout


def test_unused_skills_are_information_not_failures(ladders):
    result = ladders("framework", "lint", DEFAULT_FRAMEWORK)
    assert "info: skills[0].id: skill" in result.stdout
    assert result.exit_code == 0


def test_a_points_gate_asking_more_than_the_scale_allows_makes_its_level_and_those_above_unreachable(
    ladders, tmp_path
):
    text = POINTS_LADDER.read_text(encoding="utf-8")
    bad = text.replace("points: {at_least: 17}", "points: {at_least: 5800}", 1)
    assert bad != text
    path = _write(tmp_path, bad)
    result = ladders("framework", "lint", path)
    assert result.exit_code == 1
    line = _line_of(bad, "at_least: 5800")
    assert f"{path}:{line}:" in result.stdout and "cannot be reached" in result.stdout
    assert "the most possible is" in result.stdout


def test_repeated_rubric_lines_gateless_levels_and_repeated_criteria_are_warnings_with_lines(
    ladders, tmp_path
):
    bad = CHECKLIST_YAML.replace(
        "rubric: {1: Helps a teammate, 2: Helps a team}", "rubric: {1: Helps, 2: helps}"
    )
    bad = bad.replace(
        "    gates:\n      - id: three.criteria\n        title: Level three craft checklist\n"
        "        rule: {criteria: {topics: [craft]}}\n        action: Meet the level three craft list\n",
        "    gates: []\n",
    )
    bad = bad.replace("text: Measures before optimising", "text: Splits a change into  reviewable steps")
    path = _write(tmp_path, bad)
    result = ladders("framework", "lint", path)
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert f"{path}:{_line_of(bad, 'rubric: {1: Helps, 2: helps}')}:" in out
    assert "the rubric line for rating 2 repeats rating 1" in out
    assert f"{path}:{_line_of(bad, 'id: three')}:" in out and "level 'three' has no gates" in out
    assert f"{path}:{_line_of(bad, 'id: craft.2.3')}:" in out and "repeats 'craft.2.1' at level 'two'" in out
    assert "0 errors, 3 warnings" in out


def test_a_criteria_gate_with_nothing_to_read_is_a_warning(ladders, tmp_path):
    bad = CHECKLIST_YAML.replace(
        "rule: {criteria: {topics: [craft]}}", "rule: {criteria: {topics: [craft], level: one, share: 1.0}}"
    )
    bad = bad.replace(
        "  - {id: craft.1.1, topic: craft, level: one, text: Writes a test for each change}\n", ""
    )
    result = ladders("framework", "lint", _write(tmp_path, bad))
    assert "gate 'three.criteria' reads criteria but there are none" in result.stdout


def test_a_file_that_does_not_load_is_bad_input_not_a_lint(ladders, tmp_path, assert_bad_input):
    assert_bad_input(ladders("framework", "lint", _write(tmp_path, "format: 2\n")), "format")
