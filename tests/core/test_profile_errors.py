"""Bad profiles: every problem names the file, the line and the field, and how to fix it."""

from __future__ import annotations

import textwrap

import pytest

from ladders.core.errors import InputError
from ladders.core.profile import profile_from_json, profile_from_text, profile_load


def problems_of(fw, text: str):
    with pytest.raises(InputError) as caught:
        profile_from_text(textwrap.dedent(text).lstrip("\n"), fw, "me.yaml")
    return caught.value.problems


def only_problem(fw, text: str):
    (problem,) = problems_of(fw, text)
    assert problem.source == "me.yaml"
    return problem


EVIDENCE = """
    name: Sam
    evidence:
      - kind: {kind}
        title: Something done
        date: {date}
"""


def evidence(kind: str = "adr", date: str = "2026-01-01", **extra: str) -> str:
    text = EVIDENCE.format(kind=kind, date=date)
    return text + "".join(f"        {key}: {value}\n" for key, value in extra.items())


def test_an_unknown_top_level_key_is_named_on_its_line(fw):
    problem = only_problem(fw, "name: Sam\nyears: 3\n")

    assert (problem.line, problem.column, problem.field) == (2, 1, "years")
    assert "unknown key" in problem.message


def test_an_unknown_evidence_key_is_named_on_its_line(fw):
    problem = only_problem(fw, evidence(colour="red"))

    assert (problem.line, problem.field) == (6, "evidence[0].colour")
    assert "unknown key" in problem.message


def test_an_unknown_skill_id_is_named_on_its_line(fw):
    problem = only_problem(fw, "name: Sam\nskills:\n  error_handling: 2\n  prompt_magic: 3\n")

    assert (problem.line, problem.column, problem.field) == (4, 3, "skills.prompt_magic")
    assert "unknown skill 'prompt_magic'" in problem.message
    assert "error_handling" in problem.message  # says what would be valid


def test_an_unknown_skill_on_evidence_is_named_on_its_line(fw):
    problem = only_problem(fw, evidence(skills="[rag_systems, prompt_magic]"))

    assert (problem.line, problem.field) == (6, "evidence[0].skills[1]")
    assert "unknown skill 'prompt_magic'" in problem.message


def test_an_unknown_evidence_kind_is_named_on_its_line(fw):
    problem = only_problem(fw, evidence(kind="blog_post"))

    assert (problem.line, problem.column, problem.field) == (3, 11, "evidence[0].kind")
    assert "unknown evidence kind 'blog_post'" in problem.message
    assert "shipped_project" in problem.message


def test_an_unknown_scope_is_named_on_its_line(fw):
    problem = only_problem(fw, evidence(scope="galaxy"))

    assert (problem.line, problem.field) == (6, "evidence[0].scope")
    assert "unknown scope 'galaxy'" in problem.message


def test_users_on_a_kind_other_than_shipped_project_is_an_error(fw):
    problem = only_problem(fw, evidence(kind="end_to_end_ownership", users="real"))

    assert (problem.line, problem.field) == (6, "evidence[0].users")
    assert "'users' applies only to kinds with users" in problem.message


def test_users_must_be_real_internal_or_none(fw):
    problem = only_problem(fw, evidence(kind="shipped_project", users="everyone"))

    assert (problem.line, problem.field) == (6, "evidence[0].users")
    assert "'real', 'internal' or 'none'" in problem.message


@pytest.mark.parametrize("rating", [5, -1])
def test_a_rating_outside_zero_to_four_is_named_on_its_line(rating, fw):
    problem = only_problem(fw, f"name: Sam\nskills:\n  rag_systems: 2\n  error_handling: {rating}\n")

    assert (problem.line, problem.field) == (4, "skills.error_handling")
    assert problem.message == f"rating {rating} is outside 0-4"


def test_a_rating_must_be_a_whole_number(fw):
    problem = only_problem(fw, "name: Sam\nskills:\n  error_handling: 2.5\n")

    assert (problem.line, problem.field) == (3, "skills.error_handling")
    assert problem.message == "must be a whole number"


def test_a_date_that_is_not_a_date_is_named_on_its_line(fw):
    problem = only_problem(fw, evidence(date="yesterday"))

    assert (problem.line, problem.column, problem.field) == (5, 11, "evidence[0].date")
    assert "must be a date written as YYYY-MM-DD" in problem.message


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01"])
def test_an_impossible_calendar_date_is_named_on_its_line(day, fw):
    problem = only_problem(fw, evidence(date=day))

    assert (problem.line, problem.column, problem.field) == (5, 11, "evidence[0].date")
    assert day in problem.message


def test_an_impossible_as_of_is_named_on_its_line(fw):
    problem = only_problem(fw, "name: Sam\nas_of: 2026-02-29\n")

    assert (problem.line, problem.field) == (2, "as_of")


def test_an_allocation_that_does_not_add_up_to_100_is_an_error(fw):
    problem = only_problem(fw, "name: Sam\ntime_allocation: {feature_delivery: 50, learning: 40}\n")

    assert (problem.line, problem.field) == (2, "time_allocation")
    assert problem.message == "percentages add up to 90, not 100"


def test_an_unknown_activity_in_the_allocation_is_named(fw):
    problem = only_problem(fw, "name: Sam\ntime_allocation:\n  feature_delivery: 50\n  meetings: 50\n")

    assert (problem.line, problem.field) == (4, "time_allocation.meetings")
    assert "unknown activity 'meetings'" in problem.message


def test_duplicate_evidence_ids_are_an_error_on_the_second(fw):
    problem = only_problem(
        fw,
        """
        name: Sam
        evidence:
          - {id: bot, kind: adr, title: One, date: 2026-01-01}
          - {id: bot, kind: adr, title: Two, date: 2026-02-01}
        """,
    )

    assert (problem.line, problem.field) == (4, "evidence[1].id")
    assert "duplicate evidence id 'bot'" in problem.message


def test_an_id_that_takes_a_default_id_of_another_item_is_an_error(fw):
    first, second = problems_of(
        fw,
        """
        name: Sam
        evidence:
          - {kind: adr, title: One, date: 2026-01-01}
          - {id: e1, kind: adr, title: Two, date: 2026-02-01}
        """,
    )

    assert (first.line, first.field) == (3, "evidence[0]")
    assert "default id 'e1' is taken by another item; give this one an id" in first.message
    assert (second.line, second.field) == (4, "evidence[1].id")


def test_evidence_without_ids_is_numbered_by_position(fw):
    profile = profile_from_text(
        "name: Sam\nevidence:\n"
        "  - {kind: adr, title: One, date: 2026-01-01}\n"
        "  - {id: mine, kind: adr, title: Two, date: 2026-01-01}\n"
        "  - {kind: adr, title: Three, date: 2026-01-01}\n",
        fw,
    )

    assert [item.id for item in profile.evidence] == ["e1", "mine", "e3"]


def test_a_duplicate_yaml_key_is_an_error_rather_than_silently_overwritten(fw):
    problem = only_problem(fw, "name: Sam\nbackground: none\nname: Alex\n")

    assert (problem.line, problem.field) == (3, "name")
    assert "duplicate key 'name' (first defined on line 1)" in problem.message


def test_a_yaml_syntax_error_names_its_line(fw):
    problem = only_problem(fw, "name: Sam\nskills:\n  rag_systems: 2\n bad: 1\n")

    assert problem.line == 4
    assert problem.message.startswith("YAML syntax error")


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_an_empty_file_is_an_error(text, fw):
    problem = only_problem(fw, text)

    assert (problem.line, problem.message) == (1, "the file is empty")


def test_a_missing_file_is_an_error_naming_the_file(fw, tmp_path):
    path = tmp_path / "nobody.yaml"

    with pytest.raises(InputError) as caught:
        profile_load(path, fw)

    (problem,) = caught.value.problems
    assert (problem.source, problem.message) == (str(path), "file not found")


@pytest.mark.parametrize("text", ["- name: Sam\n", "Sam\n", "42\n"])
def test_a_document_that_is_not_a_mapping_is_an_error(text, fw):
    problem = only_problem(fw, text)

    assert (problem.line, problem.field) == (1, "")
    assert problem.message == "the document must be a mapping of keys"


def test_a_profile_needs_a_name(fw):
    problem = only_problem(fw, "skills: {rag_systems: 2}\n")

    assert (problem.field, problem.message) == ("name", "required field is missing")


@pytest.mark.parametrize(
    ("line", "field", "needle"),
    [
        (2, "background", "unknown background 'astronaut'"),
        (3, "self_assessed_level", "unknown level 'wizard'"),
    ],
)
def test_unknown_background_and_level_are_named(line, field, needle, fw):
    problems = problems_of(fw, "name: Sam\nbackground: astronaut\nself_assessed_level: wizard\n")

    problem = next(p for p in problems if p.field == field)
    assert problem.line == line
    assert needle in problem.message


def test_every_problem_is_reported_at_once_in_file_order(fw):
    problems = problems_of(
        fw,
        """
        name: Sam
        skills:
          error_handling: 5
          prompt_magic: 3
        time_allocation: {feature_delivery: 90}
        evidence:
          - {kind: blog, title: One, date: 2026-01-01}
          - {kind: adr, title: Two, date: 2026-01-01, scope: galaxy}
        """,
    )

    assert [(p.line, p.field) for p in problems] == [
        (3, "skills.error_handling"),
        (4, "skills.prompt_magic"),
        (5, "time_allocation"),
        (7, "evidence[0].kind"),
        (8, "evidence[1].scope"),
    ]


def test_a_problem_reads_as_file_line_column_field_and_message(fw):
    problem = only_problem(fw, "name: Sam\nskills: {rag_systems: 7}\n")

    assert str(problem) == "me.yaml:2:23: skills.rag_systems: rating 7 is outside 0-4"


def test_json_profiles_are_checked_against_the_framework_too(fw):
    with pytest.raises(InputError) as caught:
        profile_from_json('{"name": "Sam", "skills": {"rag_systems": 9}}', fw)

    (problem,) = caught.value.problems
    assert (problem.source, problem.field, problem.line) == ("<json>", "skills.rag_systems", None)
