"""Bad frameworks: every problem is reported at once, with its line and its field path."""

from __future__ import annotations

import copy

import pytest
import yaml

from ladders.core.errors import InputError
from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_from_text, framework_load

TEXT = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
DATA = yaml.safe_load(TEXT)


def problems_of(text: str):
    with pytest.raises(InputError) as caught:
        framework_from_text(text, "ladder.yaml")
    assert all(p.source == "ladder.yaml" for p in caught.value.problems)
    return caught.value.problems


def edited(old: str, new: str) -> tuple[str, int]:
    """The default framework with `old` (found once) replaced, and the line it is on."""
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new), TEXT[: TEXT.index(old)].count("\n") + 1


def changed(edit) -> str:
    """The default framework as data, changed by `edit`, dumped back to YAML."""
    data = copy.deepcopy(DATA)
    edit(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def test_the_default_framework_text_loads_cleanly():
    assert framework_from_text(TEXT).id == "ai-engineer"


def test_an_unknown_skill_in_a_gate_rule_names_the_line_and_the_field_path():
    text, line = edited(
        "skills: {of: [error_handling, input_validation, testable_code], at_least: 2}",
        "skills: {of: [error_handlin, input_validation, testable_code], at_least: 2}",
    )

    (problem,) = problems_of(text)

    assert problem.field == "levels[1].gates[3].rule.skills.of[0]"
    assert (problem.line, problem.column) == (line, 25)
    assert "unknown skill 'error_handlin'" in problem.message


def test_an_unknown_skill_deep_in_a_nested_rule_names_the_whole_path():
    text, line = edited(
        "- skills: {of: [code_review], at_least: 3}", "- skills: {of: [code_reviews], at_least: 3}"
    )

    (problem,) = problems_of(text)

    assert (problem.line, problem.field) == (line, "levels[2].gates[2].rule.all[0].skills.of[0]")


def test_an_unknown_evidence_kind_in_a_gate_rule_is_named():
    text, line = edited("evidence: {kinds: [debugging_story]}", "evidence: {kinds: [war_story]}")

    (problem,) = problems_of(text)

    assert (problem.line, problem.field) == (line, "levels[1].gates[2].rule.evidence.kinds[0]")
    assert "unknown evidence kind 'war_story'" in problem.message


def test_a_duplicate_skill_id_is_named_on_the_second_one():
    text, line = edited("  - id: data_pipelines\n", "  - id: ml_fundamentals\n")

    (problem,) = problems_of(text)

    assert (problem.line, problem.field) == (line, "skills[1].id")
    assert "duplicate skill id 'ml_fundamentals' (first on line" in problem.message


def test_a_rubric_missing_a_rating_is_named():
    text = changed(lambda d: d["skills"][0]["rubric"].pop(3))

    (problem,) = problems_of(text)

    assert problem.field == "skills[0].rubric"
    assert problem.line == line_of(text, "rubric:") + 1  # the first line of the rubric's value
    assert problem.message == "rubric has no line for rating(s) [3]"


def test_a_rubric_line_outside_the_scale_is_named():
    text = changed(lambda d: d["skills"][2]["rubric"].update({7: "Beyond the scale."}))

    (problem,) = problems_of(text)

    assert problem.field == "skills[2].rubric"
    assert "outside the scale 0-4" in problem.message


def test_a_rule_with_two_keys_is_an_error():
    def two_keys(data):
        data["levels"][1]["gates"][2]["rule"]["skills"] = {"of": ["code_review"], "at_least": 1}

    text = changed(two_keys)

    (problem,) = problems_of(text)

    assert problem.field == "levels[1].gates[2].rule"
    assert problem.line == line_of(text, "rule:", after="id: mid.debugging") + 1
    assert (
        "a rule has exactly one of skills, evidence, points, criteria, all, any (found skills, evidence)"
        in problem.message
    )


def test_an_empty_rule_is_an_error():
    text = changed(lambda d: d["levels"][1]["gates"][2].update({"rule": {}}))

    (problem,) = problems_of(text)

    assert problem.field == "levels[1].gates[2].rule"
    assert "a rule has exactly one of" in problem.message


@pytest.mark.parametrize("at_least", [5, 9])
def test_at_least_outside_the_rating_scale_is_an_error(at_least):
    text, line = edited(
        "skills: {of: [ai_strategy], at_least: 4}", f"skills: {{of: [ai_strategy], at_least: {at_least}}}"
    )

    (problem,) = problems_of(text)

    assert (problem.line, problem.field) == (line, "levels[4].gates[3].rule.skills.at_least")
    assert problem.message == "must be within the rating scale 0-4"


def test_an_unknown_category_is_named():
    text, line = edited(
        "  - id: ml_fundamentals\n    name: ML fundamentals\n    category: ai\n",
        "  - id: ml_fundamentals\n    name: ML fundamentals\n    category: aii\n",
    )

    (problem,) = problems_of(text)

    assert (problem.line, problem.field) == (line + 2, "skills[0].category")
    assert "unknown category 'aii'" in problem.message


def test_a_points_rule_without_a_points_table_is_an_error():
    text = changed(lambda d: d["levels"][1]["gates"][3].update({"rule": {"points": {"at_least": 3}}}))

    (problem,) = problems_of(text)

    assert problem.field == "levels[1].gates[3].rule.points"
    assert problem.message == "a points rule needs a top-level 'points' table"


def test_a_points_table_that_decreases_is_an_error():
    text = changed(lambda d: d.update({"points": {"table": {0: 0, 1: 3, 2: 2, 3: 6, 4: 12}}}))

    (problem,) = problems_of(text)

    assert problem.field == "points.table"
    assert problem.line == line_of(text, "table:") + 1  # the line of the table's first entry
    assert problem.message == "points must not decrease as the rating rises"


def test_a_points_table_must_cover_every_rating():
    text = changed(lambda d: d.update({"points": {"table": {0: 0, 1: 1, 2: 3}}}))

    (problem,) = problems_of(text)

    assert problem.field == "points.table"
    assert "one entry per rating [0, 1, 2, 3, 4]" in problem.message


def test_an_unknown_top_level_key_is_named():
    text, _ = edited("format: 1\n", "format: 1\ncolour: red\n")

    (problem,) = problems_of(text)

    assert (problem.line, problem.field) == (2, "colour")


def test_a_transition_must_go_up_the_ladder():
    text, line = edited("  - from: mid\n    to: senior\n", "  - from: mid\n    to: junior\n")

    (problem,) = problems_of(text)

    assert (problem.line, problem.field) == (line + 1, "transitions[1].to")
    assert "'junior' must be a higher level than 'mid'" in problem.message


def test_a_maturity_level_supporting_an_unknown_level_is_named():
    text, line = edited("supports_level: staff", "supports_level: architect")

    (problem,) = problems_of(text)

    assert (problem.line, problem.field) == (line, "maturity.levels[3].supports_level")


def test_every_problem_is_reported_at_once_in_file_order():
    def broken(data):
        data["skills"][1]["id"] = "ml_fundamentals"
        data["skills"][0]["category"] = "aii"
        data["skills"][3]["rubric"].pop(2)
        data["levels"][2]["gates"][0]["rule"]["evidence"]["kinds"] = ["ownership"]
        data["levels"][4]["gates"][3]["rule"]["skills"]["at_least"] = 6

    problems = problems_of(changed(broken))

    assert [p.field for p in problems] == [
        "skills[0].category",
        "skills[1].id",
        "skills[3].rubric",
        "levels[2].gates[0].rule.evidence.kinds[0]",
        "levels[4].gates[3].rule.skills.at_least",
    ]
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_every_shape_problem_is_reported_at_once():
    def broken(data):
        data["colour"] = "red"
        data["skills"][0]["rubric"] = "all good"
        data["evidence_kinds"][0]["type"] = "hobby"

    problems = problems_of(changed(broken))

    assert sorted(p.field for p in problems) == ["colour", "evidence_kinds[0].type", "skills[0].rubric"]


def test_a_missing_framework_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(InputError) as caught:
        framework_load(tmp_path / "ladder.yaml")

    (problem,) = caught.value.problems
    assert (problem.source, problem.message) == (str(tmp_path / "ladder.yaml"), "file not found")


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "the file is empty"), ("- a\n- b\n", "the document must be a mapping of keys")],
)
def test_an_empty_or_non_mapping_framework_is_an_error(text, message):
    (problem,) = problems_of(text)

    assert (problem.line, problem.message) == (1, message)


def test_a_duplicate_key_in_a_framework_is_an_error():
    text, line = edited("  min: 0\n  max: 4\n", "  min: 0\n  max: 4\n  min: 1\n")

    (problem,) = problems_of(text)

    assert (problem.line, problem.field) == (line + 2, "rating_scale.min")
