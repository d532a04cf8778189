"""The gates of the default ladder: each passes at exactly its minimum and fails one short.

Every profile here starts from `profile_data(level)`, which meets each gate up to `level`
with nothing to spare, so a single change shows where the boundary of a gate lies.
"""

from __future__ import annotations

from datetime import date

import pytest

from ladders.core.engine import assess

BELOW = {"mid": "junior", "senior": "mid", "staff": "senior", "principal": "staff"}


def failing_up_to(result, checks, level):
    levels = [g["level"] for g in result["gates"]]
    wanted = {g["level"] for g in result["gates"][: levels.index(level) + 1]}
    return [c["id"] for g in result["gates"] if g["level"] in wanted for c in g["checks"] if not c["passed"]]


# --- passing at the minimum -------------------------------------------------------------

MINIMUM_EVIDENCE = {
    "mid.shipped": ["shipped-1", "shipped-2"],
    "mid.outcome": ["shipped-1"],
    "mid.debugging": ["debugging"],
    "senior.ownership": ["ownership"],
    "senior.adr": ["adr"],
    "senior.review": ["review"],
    "senior.mentoring": ["mentoring"],
    "staff.cross_team": ["cross-team"],
    "staff.platform": ["platform"],
    "staff.influence": ["talk"],
    "principal.roadmap": ["roadmap"],
    "principal.standards": ["standard"],
    "principal.hiring": ["hiring"],
}


@pytest.mark.parametrize("level", ["mid", "senior", "staff", "principal"])
def test_exactly_the_minimum_of_every_gate_reaches_the_level(level, profile_data, assess_data, checks):
    result = assess_data(profile_data(level))

    assert result["level"] == level
    assert failing_up_to(result, checks, level) == []


@pytest.mark.parametrize(("gate", "ids"), MINIMUM_EVIDENCE.items())
def test_an_evidence_gate_lists_the_evidence_that_satisfied_it(gate, ids, profile_data, assess_data, checks):
    result = assess_data(profile_data("principal"))

    assert checks(result)[gate]["passed"]
    assert checks(result)[gate]["evidence"] == ids


def test_a_skills_gate_lists_the_evidence_tagged_with_its_skills(profile_data, assess_data, checks):
    result = assess_data(profile_data("mid"))

    assert checks(result)["mid.ai_core"]["evidence"] == ["shipped-1"]
    assert checks(result)["mid.fundamentals"]["evidence"] == ["debugging"]


# --- mid --------------------------------------------------------------------------------


def test_mid_needs_two_shipped_projects_with_real_users(profile_data, assess_data, checks):
    result = assess_data(profile_data("mid").without("shipped-2"))

    check = checks(result)["mid.shipped"]
    assert not check["passed"]
    assert check["evidence"] == ["shipped-1"]
    assert "1 found, 2 needed" in check["detail"]
    assert "real users" in check["detail"]
    assert result["level"] == "junior"


@pytest.mark.parametrize("users", ["internal", "none", None])
def test_a_shipped_project_without_real_users_does_not_count_for_mid(
    users, profile_data, assess_data, checks
):
    result = assess_data(profile_data("mid").change("shipped-2", users=users))

    assert not checks(result)["mid.shipped"]["passed"]
    assert checks(result)["mid.shipped"]["evidence"] == ["shipped-1"]
    assert result["level"] == "junior"


def test_shipped_work_of_another_kind_does_not_count_as_a_shipped_project(profile_data, assess_data, checks):
    data = profile_data("mid").without("shipped-2").add("owned", "end_to_end_ownership", scope="team")

    assert not checks(assess_data(data))["mid.shipped"]["passed"]


def test_mid_needs_one_shipped_project_with_a_number_in_its_outcome(profile_data, assess_data, checks):
    result = assess_data(profile_data("mid").change("shipped-1", outcome="Cut support tickets a lot"))

    check = checks(result)["mid.outcome"]
    assert not check["passed"]
    assert "0 found, 1 needed" in check["detail"]
    assert "measurable outcome" in check["detail"]
    assert result["level"] == "junior"


def test_a_shipped_project_without_any_outcome_is_not_measurable(profile_data, assess_data, checks):
    result = assess_data(profile_data("mid").change("shipped-1", outcome=None))

    assert not checks(result)["mid.outcome"]["passed"]


@pytest.mark.parametrize("outcome", ["Saves 12 hours/week", "Answers 3x faster", "Saves $20k a year", "40%"])
def test_any_number_makes_an_outcome_measurable(outcome, profile_data, assess_data, checks):
    data = profile_data("mid").change("shipped-1", outcome=outcome)

    assert checks(assess_data(data))["mid.outcome"]["evidence"] == ["shipped-1"]


def test_a_measured_outcome_on_another_kind_does_not_count_for_mid_outcome(profile_data, assess_data, checks):
    data = profile_data("mid").change("shipped-1", outcome="Users like it")
    data.change("debugging", outcome="Latency fell by 80%")

    assert not checks(assess_data(data))["mid.outcome"]["passed"]


def test_mid_needs_a_debugging_story(profile_data, assess_data, checks):
    result = assess_data(profile_data("mid").without("debugging"))

    check = checks(result)["mid.debugging"]
    assert not check["passed"]
    assert check["detail"] == "0 found, 1 needed: Debugging story"
    assert result["level"] == "junior"


@pytest.mark.parametrize(
    ("skill", "name"),
    [
        ("error_handling", "Error handling"),
        ("input_validation", "Input validation"),
        ("testable_code", "Testable code"),
    ],
)
def test_mid_needs_each_fundamental_at_two(skill, name, profile_data, assess_data, checks):
    result = assess_data(profile_data("mid").rate(**{skill: 1}))

    check = checks(result)["mid.fundamentals"]
    assert not check["passed"]
    assert f"{name} 1" in check["detail"]
    assert check["detail"].endswith(f"raise {name}")
    assert result["level"] == "junior"


def test_a_fundamental_left_unrated_counts_as_zero(profile_data, assess_data, checks):
    data = profile_data("mid")
    del data["skills"]["testable_code"]

    result = assess_data(data)

    assert "Testable code 0" in checks(result)["mid.fundamentals"]["detail"]
    assert result["level"] == "junior"


@pytest.mark.parametrize("skill", ["model_fine_tuning", "llm_api_integration", "rag_systems"])
def test_mid_needs_any_one_core_ai_skill_at_two(skill, profile_data, assess_data, checks):
    data = profile_data("mid")
    del data["skills"]["rag_systems"]

    result = assess_data(data.rate(**{skill: 2}))

    assert checks(result)["mid.ai_core"]["passed"]
    assert result["level"] == "mid"


def test_mid_fails_when_every_core_ai_skill_is_below_two(profile_data, assess_data, checks):
    data = profile_data("mid").rate(rag_systems=1, model_fine_tuning=1, llm_api_integration=1)

    result = assess_data(data)

    check = checks(result)["mid.ai_core"]
    assert not check["passed"]
    assert "needs at least one ≥ 2" in check["detail"]
    assert result["level"] == "junior"


# --- senior -----------------------------------------------------------------------------


def test_senior_needs_end_to_end_ownership_at_team_scope(profile_data, assess_data, checks):
    result = assess_data(profile_data("senior").change("ownership", scope="feature"))

    check = checks(result)["senior.ownership"]
    assert not check["passed"]
    assert check["evidence"] == []
    assert "scope ≥ team" in check["detail"]
    assert result["level"] == "mid"


@pytest.mark.parametrize("scope", ["multi_team", "org", "company"])
def test_ownership_at_a_larger_scope_than_team_counts(scope, profile_data, assess_data, checks):
    result = assess_data(profile_data("senior").change("ownership", scope=scope))

    assert checks(result)["senior.ownership"]["passed"]


def test_evidence_without_a_scope_is_individual_sized(profile_data, assess_data, checks):
    result = assess_data(profile_data("senior").change("ownership", scope=None))

    assert not checks(result)["senior.ownership"]["passed"]


def test_senior_needs_an_adr(profile_data, assess_data, checks):
    result = assess_data(profile_data("senior").without("adr"))

    assert checks(result)["senior.adr"]["detail"] == "0 found, 1 needed: Architecture decision record"
    assert result["level"] == "mid"


def test_senior_needs_code_review_rated_three(profile_data, assess_data, checks):
    result = assess_data(profile_data("senior").rate(code_review=2))

    check = checks(result)["senior.review"]
    assert not check["passed"]
    assert "Code review 2 (needs ≥ 3)" in check["detail"]
    assert result["level"] == "mid"


def test_code_review_rated_three_without_code_review_evidence_fails(profile_data, assess_data, checks):
    result = assess_data(profile_data("senior").without("review"))

    check = checks(result)["senior.review"]
    assert not check["passed"]
    assert "0 found, 1 needed: Code review" in check["detail"]
    assert result["level"] == "mid"


def test_senior_needs_mentoring(profile_data, assess_data, checks):
    result = assess_data(profile_data("senior").without("mentoring"))

    assert checks(result)["senior.mentoring"]["detail"] == "0 found, 1 needed: Mentoring"
    assert result["level"] == "mid"


@pytest.mark.parametrize(
    ("skill", "name"),
    [("production_ai_architecture", "Production AI architecture"), ("llm_deployment", "LLM deployment")],
)
def test_senior_needs_production_ai_skills_at_three(skill, name, profile_data, assess_data, checks):
    result = assess_data(profile_data("senior").rate(**{skill: 2}))

    check = checks(result)["senior.production_ai"]
    assert not check["passed"]
    assert check["detail"].endswith(f"raise {name}")
    assert result["level"] == "mid"


@pytest.mark.parametrize("skill", ["error_handling", "input_validation", "testable_code"])
def test_senior_needs_each_fundamental_at_three(skill, profile_data, assess_data, checks):
    result = assess_data(profile_data("senior").rate(**{skill: 2}))

    assert failing_up_to(result, checks, "senior") == ["senior.fundamentals"]
    assert checks(result)["mid.fundamentals"]["passed"]
    assert result["level"] == "mid"


# --- staff ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "gate"), [("cross-team", "staff.cross_team"), ("platform", "staff.platform")]
)
def test_staff_needs_multi_team_scope(item, gate, profile_data, assess_data, checks):
    result = assess_data(profile_data("staff").change(item, scope="team"))

    check = checks(result)[gate]
    assert not check["passed"]
    assert "scope ≥ multi_team" in check["detail"]
    assert result["level"] == "senior"


def test_staff_needs_a_tech_talk(profile_data, assess_data, checks):
    result = assess_data(profile_data("staff").without("talk"))

    assert checks(result)["staff.influence"]["detail"] == "0 found, 1 needed: Tech talk"
    assert result["level"] == "senior"


@pytest.mark.parametrize(
    "skill", ["hallucination_mitigation", "happy_path_bias_mitigation", "constraint_blindness_mitigation"]
)
def test_staff_needs_each_llm_failure_mode_skill_at_three(skill, profile_data, assess_data, checks):
    result = assess_data(profile_data("staff").rate(**{skill: 2}))

    assert not checks(result)["staff.llm_failure_modes"]["passed"]
    assert result["level"] == "senior"


@pytest.mark.parametrize(
    ("ratings", "missing"),
    [
        ({"ai_platform_engineering": 2}, "AI platform engineering 2 (needs ≥ 3)"),
        ({"ai_strategy": 1}, "AI strategy 1 (needs ≥ 2)"),
    ],
)
def test_staff_needs_platform_engineering_at_three_and_strategy_at_two(
    ratings, missing, profile_data, assess_data, checks
):
    result = assess_data(profile_data("staff").rate(**ratings))

    check = checks(result)["staff.platform_skills"]
    assert not check["passed"]
    assert missing in check["detail"]
    assert result["level"] == "senior"


# --- principal --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "gate"), [("roadmap", "principal.roadmap"), ("standard", "principal.standards")]
)
def test_principal_needs_org_scope(item, gate, profile_data, assess_data, checks):
    result = assess_data(profile_data("principal").change(item, scope="multi_team"))

    check = checks(result)[gate]
    assert not check["passed"]
    assert "scope ≥ org" in check["detail"]
    assert result["level"] == "staff"


def test_principal_needs_hiring_criteria(profile_data, assess_data, checks):
    result = assess_data(profile_data("principal").without("hiring"))

    assert checks(result)["principal.hiring"]["detail"] == "0 found, 1 needed: Hiring criteria"
    assert result["level"] == "staff"


def test_principal_needs_ai_strategy_at_four(profile_data, assess_data, checks):
    result = assess_data(profile_data("principal").rate(ai_strategy=3))

    check = checks(result)["principal.strategy"]
    assert check["detail"] == "AI strategy 3 (needs ≥ 4)"
    assert failing_up_to(result, checks, "principal") == ["principal.strategy"]
    assert result["level"] == "staff"


# --- one short of any gate drops exactly one level ------------------------------------------

ONE_SHORT = {
    "mid.shipped": lambda d: d.change("shipped-2", users="internal"),
    "mid.outcome": lambda d: d.change("shipped-1", outcome="Popular"),
    "mid.debugging": lambda d: d.without("debugging"),
    "mid.fundamentals": lambda d: d.rate(input_validation=1),
    "mid.ai_core": lambda d: d.rate(rag_systems=1),
    "senior.ownership": lambda d: d.change("ownership", scope="feature"),
    "senior.adr": lambda d: d.without("adr"),
    "senior.review": lambda d: d.rate(code_review=2),
    "senior.mentoring": lambda d: d.without("mentoring"),
    "senior.production_ai": lambda d: d.rate(llm_deployment=2),
    "senior.fundamentals": lambda d: d.rate(testable_code=2),
    "staff.cross_team": lambda d: d.change("cross-team", scope="team"),
    "staff.platform": lambda d: d.change("platform", scope="team"),
    "staff.influence": lambda d: d.without("talk"),
    "staff.llm_failure_modes": lambda d: d.rate(hallucination_mitigation=2),
    "staff.platform_skills": lambda d: d.rate(ai_platform_engineering=2),
    "principal.roadmap": lambda d: d.change("roadmap", scope="multi_team"),
    "principal.standards": lambda d: d.change("standard", scope="multi_team"),
    "principal.hiring": lambda d: d.without("hiring"),
    "principal.strategy": lambda d: d.rate(ai_strategy=3),
}


def test_the_one_short_table_covers_every_gate_of_the_framework(fw):
    assert set(ONE_SHORT) == {gate.id for level in fw.levels for gate in level.gates}


@pytest.mark.parametrize("gate", ONE_SHORT)
def test_one_short_of_a_gate_fails_only_that_check_and_drops_one_level(
    gate, profile_data, assess_data, checks
):
    level = gate.split(".")[0]
    result = assess_data(ONE_SHORT[gate](profile_data(level)))

    assert failing_up_to(result, checks, level) == [gate]
    assert checks(result)[gate]["detail"]
    assert result["level"] == BELOW[level]


# --- gates are cumulative ---------------------------------------------------------------


def test_every_senior_gate_passing_does_not_help_when_a_mid_gate_fails(profile_data, assess_data):
    result = assess_data(profile_data("senior").without("debugging"))

    gates = {g["level"]: g["passed"] for g in result["gates"]}
    assert gates["senior"] is True
    assert gates["mid"] is False
    assert result["level"] == "junior"


def test_principal_gates_passing_alone_leave_a_person_junior(profile_data, assess_data):
    data = profile_data("principal").without("shipped-1", "shipped-2")

    result = assess_data(data)

    assert [g["passed"] for g in result["gates"]] == [True, False, True, True, True]
    assert result["level"] == "junior"


def test_junior_has_no_gates_and_an_empty_profile_is_junior(profile_data, assess_data):
    result = assess_data(profile_data("junior"))

    assert result["gates"][0] == {"level": "junior", "name": "Junior", "passed": True, "checks": []}
    assert result["level"] == "junior"
    assert result["next_level"] == "mid"


def test_the_top_level_has_no_next_level(profile_data, assess_data):
    result = assess_data(profile_data("principal"))

    assert result["level"] == "principal"
    assert result["next_level"] is None


# --- the date of the assessment -----------------------------------------------------------


def test_evidence_dated_after_as_of_is_ignored_and_listed(profile_data, assess_data, checks):
    data = profile_data("mid").change("shipped-2", date=date(2026, 11, 2))

    result = assess_data(data)

    assert checks(result)["mid.shipped"]["evidence"] == ["shipped-1"]
    assert result["evidence_after_as_of"] == ["shipped-2"]
    assert result["level"] == "junior"


def test_evidence_dated_on_as_of_counts(profile_data, assess_data):
    result = assess_data(profile_data("mid").change("shipped-2", date=date(2026, 11, 1)))

    assert result["evidence_after_as_of"] == []
    assert result["level"] == "mid"


def test_as_of_given_to_assess_overrides_the_profile(fw, profile_data, make_profile):
    profile = make_profile(profile_data("mid").change("debugging", date=date(2026, 7, 1)))

    before = assess(fw, profile, as_of=date(2026, 6, 30))
    after = assess(fw, profile, as_of=date(2026, 7, 1))

    assert before["as_of"] == "2026-06-30"
    assert before["evidence_after_as_of"] == ["debugging"]
    assert before["level"] == "junior"
    assert after["level"] == "mid"


def test_without_as_of_the_assessment_is_dated_today(fw, profile_data, make_profile):
    data = profile_data("mid")
    del data["as_of"]

    result = assess(fw, make_profile(data))

    assert result["as_of"] == date.today().isoformat()
