"""Organisation AI maturity: the largest L with at least 6 of the 8 phases rated L or more."""

from __future__ import annotations

import pytest
import yaml

from ladders.core.errors import InputError
from ladders.core.maturity import answers_from_text, answers_load, maturity_assess, maturity_level

PHASES = [
    "planning",
    "design",
    "coding",
    "code_review",
    "testing",
    "deployment",
    "operations",
    "documentation",
]
ACME = [3, 2, 4, 3, 3, 2, 2, 3]


def answers_text(ratings: list[int], org: str = "Acme") -> str:
    return yaml.safe_dump({"org": org, "phases": dict(zip(PHASES, ratings, strict=True))}, sort_keys=False)


def assessed(fw, ratings: list[int]) -> dict:
    return maturity_assess(fw, answers_from_text(answers_text(ratings), fw))


@pytest.mark.parametrize(
    ("ratings", "level"),
    [
        pytest.param(ACME, 2, id="acme: all 8 at 2+, only 5 at 3+"),
        pytest.param([1] * 8, 1, id="all at 1"),
        pytest.param([5] * 8, 5, id="all at 5"),
        pytest.param([2, 2, 2, 2, 2, 2, 1, 1], 2, id="exactly 6 at 2"),
        pytest.param([2, 2, 2, 2, 2, 1, 1, 1], 1, id="only 5 at 2"),
        pytest.param([5, 5, 5, 5, 5, 5, 1, 1], 5, id="6 at 5 carry the two laggards"),
        pytest.param([5, 5, 5, 5, 5, 4, 1, 1], 4, id="5 at 5 and one at 4"),
        pytest.param([5, 1, 1, 1, 1, 1, 1, 1], 1, id="one advanced phase carries nothing"),
        pytest.param([4, 4, 3, 3, 3, 3, 2, 5], 3, id="6 at 3+, 3 at 4+"),
    ],
)
def test_the_org_level_is_the_largest_l_with_six_phases_at_l_or_more(ratings, level, fw):
    assert maturity_level(ratings, 6, 5) == level
    assert assessed(fw, ratings)["level"] == level


def test_the_acme_example_is_experimental_with_a_mid_growth_ceiling(fw, examples):
    result = maturity_assess(fw, answers_load(examples / "maturity-acme.yaml", fw))

    assert result["org"] == "Acme"
    assert (result["level"], result["name"]) == (2, "Experimental")
    assert result["phases"] == dict(zip(PHASES, ACME, strict=True))
    assert result["growth_ceiling"] == {"level": "mid", "name": "Mid"}


def test_next_lists_the_phases_below_the_next_level(fw, examples):
    result = maturity_assess(fw, answers_load(examples / "maturity-acme.yaml", fw))

    assert result["next"] == {
        "level": 3,
        "name": "Intentional",
        "phases_to_raise": 1,
        "phases_below": [
            {"phase": "design", "rating": 2},
            {"phase": "deployment", "rating": 2},
            {"phase": "operations", "rating": 2},
        ],
    }


def test_raising_one_phase_named_in_next_raises_the_level(fw):
    raised = list(ACME)
    raised[PHASES.index("design")] = 3

    assert assessed(fw, raised)["level"] == 3


def test_phases_are_reported_in_framework_order_whatever_the_file_order(fw):
    text = "org: Acme\nphases:\n" + "".join(f"  {p}: 3\n" for p in reversed(PHASES))

    result = maturity_assess(fw, answers_from_text(text, fw))

    assert list(result["phases"]) == PHASES


def test_the_top_maturity_has_no_next_step(fw):
    result = assessed(fw, [5] * 8)

    assert (result["name"], result["next"]) == ("AI-First", None)
    assert result["growth_ceiling"] == {"level": "principal", "name": "Principal"}


@pytest.mark.parametrize(
    ("level", "name", "ceiling"),
    [
        (1, "Reactive", "junior"),
        (2, "Experimental", "mid"),
        (3, "Intentional", "senior"),
        (4, "Strategic", "staff"),
        (5, "AI-First", "principal"),
    ],
)
def test_each_maturity_level_supports_growth_up_to_the_level_at_its_position(level, name, ceiling, fw):
    result = assessed(fw, [level] * 8)

    assert (result["level"], result["name"], result["growth_ceiling"]["level"]) == (level, name, ceiling)


# --- bad answers ------------------------------------------------------------------------


def problems_of(fw, text):
    with pytest.raises(InputError) as caught:
        answers_from_text(text, fw, "answers.yaml")
    return caught.value.problems


def test_a_missing_phase_is_named(fw):
    text = answers_text(ACME).replace("  design: 2\n", "")

    (problem,) = problems_of(fw, text)

    assert problem.field == "phases"
    assert problem.line == 3
    assert "phase 'design' is not rated" in problem.message


def test_an_unknown_phase_is_named_on_its_line(fw):
    text = answers_text(ACME) + "  marketing: 2\n"

    (problem,) = problems_of(fw, text)

    assert (problem.field, problem.line, problem.source) == ("phases.marketing", 11, "answers.yaml")
    assert "unknown phase 'marketing'" in problem.message


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_one_to_five_is_named_on_its_line(rating, fw):
    ratings = list(ACME)
    ratings[PHASES.index("coding")] = rating

    (problem,) = problems_of(fw, answers_text(ratings))

    assert (problem.field, problem.line) == ("phases.coding", 5)
    assert f"rating {rating} is outside 1-5" in problem.message


def test_every_bad_phase_is_reported_at_once(fw):
    text = answers_text(ACME).replace("coding: 4", "coding: 9").replace("  design: 2\n", "") + "  sales: 1\n"

    assert sorted(p.field for p in problems_of(fw, text)) == ["phases", "phases.coding", "phases.sales"]


def test_answers_need_the_org_name(fw):
    (problem,) = problems_of(fw, answers_text(ACME).replace("org: Acme\n", ""))

    assert problem.field == "org"
    assert problem.message == "required field is missing"


# --- the growth ceiling in an assessment ------------------------------------------------


@pytest.mark.parametrize(
    ("org_maturity", "ceiling"), [(1, "junior"), (2, "mid"), (3, "senior"), (4, "staff"), (5, "principal")]
)
def test_an_assessment_carries_the_growth_ceiling_of_the_org(
    org_maturity, ceiling, profile_data, assess_data
):
    result = assess_data(profile_data("senior", org_maturity=org_maturity))

    growth = result["growth_ceiling"]
    assert (growth["org_maturity"], growth["level"]) == (org_maturity, ceiling)
    assert growth["at_ceiling"] is (org_maturity <= 3)


def test_sam_rivera_is_at_the_ceiling_of_an_experimental_org(example_data, assess_data):
    assert assess_data(example_data("sam-rivera"))["growth_ceiling"] == {
        "org_maturity": 2,
        "maturity_name": "Experimental",
        "level": "mid",
        "level_name": "Mid",
        "at_ceiling": True,
    }


def test_no_org_maturity_means_no_growth_ceiling(profile_data, assess_data):
    assert assess_data(profile_data("mid"))["growth_ceiling"] is None


@pytest.mark.parametrize("org_maturity", [0, 6])
def test_org_maturity_outside_one_to_five_is_a_profile_error(org_maturity, profile_data, make_profile):
    with pytest.raises(InputError) as caught:
        make_profile(profile_data("mid", org_maturity=org_maturity))

    (problem,) = caught.value.problems
    assert problem.field == "org_maturity"
    assert problem.message == "must be between 1 and 5"
