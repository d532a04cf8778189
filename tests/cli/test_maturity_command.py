"""`ladders maturity`: an organisation's AI maturity from an answers file or a guided questionnaire."""

from __future__ import annotations

import json

import yaml

from ladders.core.framework_loader import default_framework
from ladders.core.maturity import answers_load
from tests.example_files import MATURITY_ACME
from tests.framework_ids import LEVEL


def acme_ratings() -> list[str]:
    """Acme's ratings in the order the questionnaire asks for the phases."""
    phases = yaml.safe_load(MATURITY_ACME.read_text(encoding="utf-8"))["phases"]
    return [str(phases[phase.id]) for phase in default_framework().maturity.phases]


def report(stdout: str) -> dict:
    """The JSON report; the test runner echoes typed answers to stdout before it."""
    return json.loads(stdout[stdout.index("{") :])


# --- from a file ------------------------------------------------------------------------


def test_acme_is_at_level_2_experimental_in_text(ladders):
    result = ladders("maturity", MATURITY_ACME)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Acme: AI maturity 2 (Experimental)")
    assert "Growth ceiling: this maturity supports growth up to Mid." in result.stdout
    assert "To reach 3 (Intentional): raise 1 more phase(s) to 3 or above" in result.stdout


def test_acme_is_at_level_2_experimental_in_json(ladders):
    result = ladders("maturity", MATURITY_ACME, "--format", "json")

    data = json.loads(result.stdout)
    assert (data["level"], data["name"]) == (2, "Experimental")
    assert len(data["phases"]) == 8
    assert data["growth_ceiling"]["level"] == LEVEL.mid
    assert data["next"]["level"] == 3
    assert {p["phase"] for p in data["next"]["phases_below"]} == {"design", "deployment", "operations"}


def test_an_answers_file_with_a_missing_phase_and_a_rating_of_6_is_refused(
    ladders, assert_bad_input, broken_copy, line_of
):
    without_testing = broken_copy(MATURITY_ACME, "  testing: 3\n", "", "answers.yaml")
    answers = broken_copy(without_testing, "design: 2", "design: 6")

    result = ladders("maturity", answers)

    assert_bad_input(
        result,
        f"{answers}:{line_of(answers, 'design: 6')}:",
        "phases.design",
        "rating 6 is outside 1-5",
        "phase 'testing' is not rated",
        "2 problems found.",
    )
    missing = next(line for line in result.stderr.splitlines() if "'testing'" in line)
    block = line_of(answers, "phases:")
    assert f"{answers}:{block}:" in missing or f"{answers}:{block + 1}:" in missing  # the key or its block


def test_an_unknown_phase_is_named_with_its_line(ladders, assert_bad_input, broken_copy, line_of):
    answers = broken_copy(MATURITY_ACME, "  coding: 4", "  vibes: 4")

    assert_bad_input(
        ladders("maturity", answers), f"{answers}:{line_of(answers, 'vibes')}:", "unknown phase 'vibes'"
    )


def test_maturity_refuses_formats_it_has_no_report_for(ladders, assert_bad_input):
    assert_bad_input(ladders("maturity", MATURITY_ACME, "--format", "html"), "--format")


# --- interactive ------------------------------------------------------------------------


def test_the_questionnaire_explains_every_rating_and_every_phase(ladders):
    model = default_framework().maturity

    result = ladders("maturity", input="\n".join(["Acme", *acme_ratings()]) + "\n")

    assert result.exit_code == 0, result.stderr
    for level in model.levels:
        assert f"{level.value} {level.name}: {level.description}" in result.stderr
    for phase in model.phases:
        assert f"{phase.name}: {phase.description}" in result.stderr
    assert "Acme: AI maturity 2 (Experimental)" in result.stdout


def test_the_questionnaire_saves_answers_that_load_back_to_the_same_result(ladders, tmp_path):
    saved = tmp_path / "acme.yaml"

    typed = ladders(
        "maturity", "--save", saved, "--format", "json", input="\n".join(["Acme", *acme_ratings()]) + "\n"
    )
    reloaded = ladders("maturity", saved, "--format", "json")

    assert typed.exit_code == 0, typed.stderr
    assert report(typed.stdout)["level"] == 2
    assert answers_load(saved, default_framework()) == answers_load(MATURITY_ACME, default_framework())
    assert json.loads(reloaded.stdout) == json.loads(
        ladders("maturity", MATURITY_ACME, "--format", "json").stdout
    )
    assert json.loads(reloaded.stdout)["level"] == 2


def test_a_rating_outside_1_to_5_is_asked_again(ladders):
    ratings = acme_ratings()

    result = ladders("maturity", "--format", "json", input="\n".join(["Acme", "6", "zero", *ratings]) + "\n")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("enter a whole number from 1 to 5") == 2
    assert report(result.stdout)["level"] == 2


def test_questions_cut_short_stop_with_exit_130_and_write_nothing(ladders, tmp_path):
    saved = tmp_path / "answers.yaml"

    result = ladders("maturity", "--save", saved, input="Acme\n3\n")

    assert result.exit_code == 130
    assert "nothing was written" in result.stderr
    assert not saved.exists()
