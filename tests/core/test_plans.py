"""Growth plans: the failing checks between here and the target, and how long it typically takes."""

from __future__ import annotations

import pytest

from ladders.core.errors import InputError


def failing(result, level):
    gate = next(g for g in result["gates"] if g["level"] == level)
    return [c["id"] for c in gate["checks"] if not c["passed"]]


def test_the_plan_lists_each_failing_check_of_the_next_level(example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))

    plan = result["plan"]
    assert plan["target"] == "senior"
    assert [s["check"] for s in plan["steps"]] == failing(result, "senior")
    assert [s["check"] for s in plan["steps"]] == [
        "senior.ownership",
        "senior.adr",
        "senior.review",
        "senior.production_ai",
    ]


def test_each_step_carries_the_gate_action_and_the_evidence_kind_that_satisfies_it(
    fw, example_data, assess_data
):
    steps = assess_data(example_data("sam-rivera"))["plan"]["steps"]

    actions = {gate.id: gate.action for level in fw.levels for gate in level.gates}
    assert all(step["action"] == actions[step["check"]] for step in steps)
    assert {s["check"]: s["evidence_kind"] for s in steps} == {
        "senior.ownership": "end_to_end_ownership",
        "senior.adr": "adr",
        "senior.review": "code_review",
        "senior.production_ai": None,  # a skills gate: no evidence kind satisfies it on its own
    }


def test_a_step_says_what_is_missing(profile_data, assess_data):
    result = assess_data(profile_data("mid").add("adr", "adr"))

    step = next(s for s in result["plan"]["steps"] if s["check"] == "senior.ownership")
    assert step["missing"] == "0 found, 1 needed: End-to-end ownership with scope ≥ team"
    assert step["level"] == "senior"


def test_a_plan_never_lists_a_passing_check(profile_data, assess_data):
    data = profile_data("mid").add("adr", "adr").add("mentoring", "mentoring")

    steps = [s["check"] for s in assess_data(data)["plan"]["steps"]]

    assert "senior.adr" not in steps
    assert "senior.mentoring" not in steps
    assert steps == ["senior.ownership", "senior.review", "senior.production_ai", "senior.fundamentals"]


def test_a_target_two_levels_up_includes_the_skipped_levels_failing_checks(example_data, assess_data):
    result = assess_data(example_data("sam-rivera"), target="staff")

    plan = result["plan"]
    assert plan["target"] == "staff"
    assert [s["check"] for s in plan["steps"]] == failing(result, "senior") + failing(result, "staff")
    assert {s["level"] for s in plan["steps"]} == {"senior", "staff"}
    assert plan["months"] == [48, 84]


def test_a_target_at_the_current_level_needs_nothing(profile_data, assess_data):
    plan = assess_data(profile_data("senior"), target="senior")["plan"]

    assert plan == {"target": "senior", "steps": [], "months": [0, 0]}


def test_an_unknown_target_is_an_input_error(profile_data, assess_data):
    with pytest.raises(InputError) as caught:
        assess_data(profile_data("mid"), target="architect")

    (problem,) = caught.value.problems
    assert problem.field == "target"
    assert "unknown target level 'architect'" in problem.message


@pytest.mark.parametrize(
    ("background", "months"),
    [("software_engineer", [3, 5]), ("data_scientist", [8, 12]), ("researcher", [8, 12]), ("none", [8, 12])],
)
def test_junior_to_mid_is_quicker_for_software_engineers(background, months, profile_data, assess_data):
    plan = assess_data(profile_data("junior", background=background))["plan"]

    assert plan["target"] == "mid"
    assert plan["months"] == months


@pytest.mark.parametrize("background", ["software_engineer", "data_scientist"])
def test_mid_to_senior_takes_24_to_36_months_whatever_the_background(background, profile_data, assess_data):
    assert assess_data(profile_data("mid", background=background))["plan"]["months"] == [24, 36]


@pytest.mark.parametrize(("level", "months"), [("senior", [24, 48]), ("staff", [24, 48])])
def test_senior_to_staff_and_staff_to_principal_take_24_to_48_months(
    level, months, profile_data, assess_data
):
    assert assess_data(profile_data(level))["plan"]["months"] == months


@pytest.mark.parametrize(
    ("background", "months"), [("software_engineer", [27, 41]), ("researcher", [32, 48])]
)
def test_junior_to_senior_sums_the_steps(background, months, profile_data, assess_data):
    plan = assess_data(profile_data("junior", background=background), target="senior")["plan"]

    assert plan["months"] == months


def test_at_the_top_level_there_is_no_target(profile_data, assess_data):
    plan = assess_data(profile_data("principal"))["plan"]

    assert plan == {"target": None, "steps": [], "months": None}


# --- the skills listing: what each skill needs for the next level -------------------------


def needs_of(result):
    return {s["id"]: (s["rating"], s["next_level_needs"]) for s in result["skills"]}


def test_the_skills_listing_gives_each_skill_the_rating_the_next_levels_gates_ask_for(
    example_data, assess_data
):
    needs = needs_of(assess_data(example_data("sam-rivera")))

    assert len(needs) == 44
    assert needs["production_ai_architecture"] == (2, 3)
    assert needs["llm_deployment"] == (2, 3)
    assert needs["code_review"] == (2, 3)
    assert needs["error_handling"] == (3, 3)
    assert needs["accessibility"] == (0, None)  # no gate up to senior names it


def test_a_skill_of_an_any_of_gate_already_passed_is_not_reported_short(example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))
    assert next(c for g in result["gates"] for c in g["checks"] if c["id"] == "mid.ai_core")["passed"]

    rating, needs = needs_of(result)["model_fine_tuning"]

    assert needs is None or rating >= needs
