"""Pitfalls: warnings that do not block a level, each shown firing and not firing at its edge."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

AS_OF = date(2026, 11, 1)
ACTIVITIES = ["feature_delivery", "system_design", "cross_team", "code_review", "mentoring", "learning"]


def days_ago(n: int) -> date:
    return AS_OF - timedelta(days=n)


def learner(profile_data, *ages: int):
    data = profile_data("junior")
    kinds = ["course", "certification", "paper"]
    for i, age in enumerate(ages):
        data.add(f"learn-{i + 1}", kinds[i % 3], date=days_ago(age))
    return data


# --- theory_without_shipping ------------------------------------------------------------


def test_three_learning_items_in_182_days_without_practice_is_theory_without_shipping(
    profile_data, assess_data, pitfalls
):
    result = assess_data(learner(profile_data, 10, 60, 120))

    found = pitfalls(result)["theory_without_shipping"]
    assert found["evidence"] == ["learn-1", "learn-2", "learn-3"]
    assert found["detail"] == "3 learning items and no practice evidence in the 182 days before 2026-11-01"
    assert found["advice"]


def test_learning_exactly_182_days_old_is_inside_the_window(profile_data, assess_data, pitfalls):
    result = assess_data(learner(profile_data, 10, 60, 182))

    assert "theory_without_shipping" in pitfalls(result)


def test_learning_183_days_old_is_outside_the_window(profile_data, assess_data, pitfalls):
    result = assess_data(learner(profile_data, 10, 60, 183))

    assert "theory_without_shipping" not in pitfalls(result)


def test_two_learning_items_are_not_theory_without_shipping(profile_data, assess_data, pitfalls):
    result = assess_data(learner(profile_data, 10, 60))

    assert "theory_without_shipping" not in pitfalls(result)


@pytest.mark.parametrize("kind", ["debugging_story", "incident", "tech_talk", "shipped_project"])
def test_any_practice_in_the_window_means_no_theory_without_shipping(
    kind, profile_data, assess_data, pitfalls
):
    data = learner(profile_data, 10, 60, 120).add("practice", kind, date=days_ago(182))

    assert "theory_without_shipping" not in pitfalls(assess_data(data))


def test_practice_older_than_the_window_does_not_offset_recent_learning(profile_data, assess_data, pitfalls):
    data = learner(profile_data, 10, 60, 120).add("old-work", "shipped_project", date=days_ago(183))

    assert "theory_without_shipping" in pitfalls(assess_data(data))


def test_evidence_after_as_of_counts_neither_as_learning_nor_as_practice(profile_data, assess_data, pitfalls):
    data = learner(profile_data, 10, 60).add("future-course", "course", date=AS_OF + timedelta(days=1))
    assert "theory_without_shipping" not in pitfalls(assess_data(data))

    data = learner(profile_data, 10, 60, 120).add("future-work", "adr", date=AS_OF + timedelta(days=1))
    assert "theory_without_shipping" in pitfalls(assess_data(data))


def test_the_window_ends_at_the_as_of_given_to_assess(profile_data, assess_data, pitfalls):
    data = learner(profile_data, 10, 60, 120)

    result = assess_data(data, as_of=AS_OF + timedelta(days=200))

    assert "theory_without_shipping" not in pitfalls(result)


# --- no_measurable_outcome --------------------------------------------------------------


def test_shipped_projects_without_a_number_are_listed(profile_data, assess_data, pitfalls):
    data = profile_data("junior")
    data.add("measured", "shipped_project", users="real", outcome="Saved 12 hours a week")
    data.add("vague", "shipped_project", title="Chat helper", users="real", outcome="People like it")
    data.add("silent", "shipped_project", title="Tagger", users="internal")

    found = pitfalls(assess_data(data))["no_measurable_outcome"]

    assert found["evidence"] == ["vague", "silent"]
    assert found["detail"] == "no number in the outcome of: vague (Chat helper); silent (Tagger)"


def test_every_shipped_project_measured_means_no_missing_outcome(profile_data, assess_data, pitfalls):
    data = profile_data("junior").add("measured", "shipped_project", outcome="3x faster")

    assert "no_measurable_outcome" not in pitfalls(assess_data(data))


def test_only_shipped_projects_need_a_measured_outcome(profile_data, assess_data, pitfalls):
    data = profile_data("junior").add("decision", "adr").add("story", "debugging_story", outcome="Fixed")

    assert "no_measurable_outcome" not in pitfalls(assess_data(data))


# --- no_time_on_next_level_work ---------------------------------------------------------


def allocation(*zero: str) -> dict[str, int]:
    """100% spread over the activities not named, with 0% on those named."""
    rest = [a for a in ACTIVITIES if a not in zero]
    share = {a: 100 // len(rest) for a in rest}
    share[rest[0]] += 100 - sum(share.values())
    return {a: share.get(a, 0) for a in ACTIVITIES}


@pytest.mark.parametrize(
    ("level", "zero", "detail"),
    [
        ("junior", "feature_delivery", "0% of time on Feature delivery, which Mid work needs"),
        ("mid", "system_design", "0% of time on System design, which Senior work needs"),
        ("mid", "cross_team", "0% of time on Cross-team work, which Senior work needs"),
        ("senior", "cross_team", "0% of time on Cross-team work, which Staff work needs"),
        ("senior", "mentoring", "0% of time on Mentoring, which Staff work needs"),
        ("staff", "cross_team", "0% of time on Cross-team work, which Principal work needs"),
    ],
)
def test_no_time_on_an_activity_the_next_level_needs_is_a_pitfall(
    level, zero, detail, profile_data, assess_data, pitfalls
):
    result = assess_data(profile_data(level, time_allocation=allocation(zero)))

    assert pitfalls(result)["no_time_on_next_level_work"]["detail"] == detail


def test_both_senior_activities_at_zero_are_named_together(profile_data, assess_data, pitfalls):
    result = assess_data(profile_data("mid", time_allocation=allocation("system_design", "cross_team")))

    assert pitfalls(result)["no_time_on_next_level_work"]["detail"] == (
        "0% of time on System design, Cross-team work, which Senior work needs"
    )


@pytest.mark.parametrize(
    ("level", "zero"),
    [
        ("junior", ["system_design", "cross_team", "mentoring"]),
        ("mid", ["feature_delivery", "mentoring"]),
        ("senior", ["feature_delivery", "system_design"]),
        ("staff", ["mentoring", "system_design", "feature_delivery"]),
    ],
)
def test_time_on_every_activity_the_next_level_needs_is_enough(
    level, zero, profile_data, assess_data, pitfalls
):
    result = assess_data(profile_data(level, time_allocation=allocation(*zero)))

    assert "no_time_on_next_level_work" not in pitfalls(result)


def test_an_activity_left_out_of_the_allocation_counts_as_zero(profile_data, assess_data, pitfalls):
    result = assess_data(profile_data("junior", time_allocation={"learning": 100}))

    assert "no_time_on_next_level_work" in pitfalls(result)


def test_no_time_allocation_means_no_time_pitfall(profile_data, assess_data, pitfalls):
    assert "no_time_on_next_level_work" not in pitfalls(assess_data(profile_data("mid")))


def test_the_top_level_has_no_next_level_work_to_miss(profile_data, assess_data, pitfalls):
    data = profile_data("principal", time_allocation={"feature_delivery": 100})

    assert "no_time_on_next_level_work" not in pitfalls(assess_data(data))


# --- org_ceiling ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "below", "at"),
    [("junior", 1, 2), ("mid", 2, 3), ("senior", 3, 4), ("staff", 4, 5)],
)
def test_org_maturity_below_the_next_level_position_is_a_ceiling(
    level, below, at, profile_data, assess_data, pitfalls
):
    assert "org_ceiling" in pitfalls(assess_data(profile_data(level, org_maturity=below)))
    assert "org_ceiling" not in pitfalls(assess_data(profile_data(level, org_maturity=at)))


def test_the_org_ceiling_names_the_maturity_and_the_levels(profile_data, assess_data, pitfalls):
    result = assess_data(profile_data("mid", org_maturity=2))

    assert pitfalls(result)["org_ceiling"]["detail"] == (
        "org AI maturity 2 (Experimental) supports growth up to Mid, below Senior"
    )


def test_no_org_ceiling_at_the_top_level(profile_data, assess_data, pitfalls):
    assert "org_ceiling" not in pitfalls(assess_data(profile_data("principal", org_maturity=1)))


def test_no_org_ceiling_without_org_maturity(profile_data, assess_data, pitfalls):
    assert "org_ceiling" not in pitfalls(assess_data(profile_data("junior")))


# --- together ---------------------------------------------------------------------------


def test_pitfalls_do_not_change_the_level(profile_data, assess_data, pitfalls):
    data = profile_data("mid", org_maturity=1, time_allocation={"learning": 100})
    data.change("shipped-2", outcome="Well liked")

    result = assess_data(data)

    assert result["level"] == "mid"
    assert list(pitfalls(result)) == ["no_measurable_outcome", "no_time_on_next_level_work", "org_ceiling"]


def test_a_profile_with_nothing_wrong_has_no_pitfalls(profile_data, assess_data):
    data = profile_data("mid", org_maturity=3, time_allocation=allocation())
    data.change("shipped-2", outcome="Drafts 90% of replies")

    assert assess_data(data)["pitfalls"] == []


def test_the_junior_learner_example_shows_theory_without_shipping(example_data, assess_data, pitfalls):
    result = assess_data(example_data("junior-learner"))

    found = pitfalls(result)["theory_without_shipping"]
    assert found["evidence"] == ["llm-apps-course", "cloud-ml-cert", "rag-paper", "agents-course"]
