"""A plan from the recorded level: after a promotion above the evidence, it leads to the level above it."""

from __future__ import annotations

from ladders.core.engine import marked_level, plan_above


def failing(result, level):
    gate = next(g for g in result["gates"] if g["level"] == level)
    return [c["id"] for c in gate["checks"] if not c["passed"]]


def test_recorded_above_the_evidence_plans_to_the_level_above_the_recorded_one(fw, example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))  # mid on the evidence
    planned = plan_above(fw, result, "senior")
    assert planned["plan"]["target"] == "staff"
    # Gates are cumulative: what senior still lacks comes first, then staff's own checks.
    assert [s["check"] for s in planned["plan"]["steps"]] == failing(result, "senior") + failing(
        result, "staff"
    )
    assert planned["level"] == result["level"] == "mid"


def test_the_skill_marks_follow_the_planned_level(fw, example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))
    engine = {s["id"]: s["next_level_needs"] for s in result["skills"]}
    planned = {s["id"]: s["next_level_needs"] for s in plan_above(fw, result, "senior")["skills"]}
    # Staff asks for platform engineering; senior, the engine's next level for Sam, does not.
    assert (engine["ai_platform_engineering"], planned["ai_platform_engineering"]) == (None, 3)


def test_recorded_at_the_evidence_level_plans_as_the_engine_does(fw, example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))
    assert plan_above(fw, result, "mid")["plan"] == result["plan"]


def test_recorded_at_the_top_has_nothing_to_plan_for(fw, example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))
    assert plan_above(fw, result, fw.levels[-1].id)["plan"] == {"target": None, "steps": [], "months": None}


def test_no_recorded_level_leaves_the_result_as_it_is(fw, example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))
    assert plan_above(fw, result, None) == result
    assert plan_above(fw, result, "no-such-level") == result


def test_the_result_given_is_not_changed(fw, example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))
    kept = {"plan": result["plan"], "skills": [dict(s) for s in result["skills"]]}
    plan_above(fw, result, "senior")
    assert {"plan": result["plan"], "skills": result["skills"]} == kept


def test_the_marked_level_is_the_planned_one_else_the_next_one(fw, example_data, assess_data):
    result = assess_data(example_data("sam-rivera"))
    assert marked_level(result) == result["next_level"] == "senior"
    assert marked_level(plan_above(fw, result, "senior")) == "staff"
    # At the top, the marks say what the recorded level itself needs.
    top = fw.levels[-1].id
    assert marked_level(plan_above(fw, result, top)) == top
