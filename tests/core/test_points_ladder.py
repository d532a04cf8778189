"""A second, point-based ladder runs on the same engine (examples/points-ladder.yaml)."""

from __future__ import annotations

import pytest

from ladders.core.framework_loader import framework_load

TABLE = {0: 0, 1: 1, 2: 3, 3: 6, 4: 12, 5: 20}
CATEGORIES = {
    "engineering": ["code_quality", "testing_practice", "system_design", "operability"],
    "delivery": ["scoping", "execution", "product_judgement", "risk_management"],
    "people": ["coaching", "feedback", "collaboration", "interviewing"],
    "organisation": ["technical_direction", "process_improvement", "knowledge_sharing", "team_health"],
}


@pytest.fixture(scope="module")
def points_fw(examples):
    return framework_load(examples / "points-ladder.yaml")


@pytest.fixture
def lee(example_data):
    return example_data("examples/points-profile.yaml")


@pytest.fixture
def assess_points(assess_data, points_fw):
    def run(data, **kwargs):
        return assess_data(data, framework=points_fw, **kwargs)

    return run


def by_hand(skills: dict[str, int]) -> dict[str, int]:
    return {
        category: sum(TABLE[skills.get(s, 0)] for s in members) for category, members in CATEGORIES.items()
    }


def test_the_points_ladder_validates(points_fw):
    assert points_fw.id == "points-ladder"
    assert [lv.id for lv in points_fw.levels] == [f"engineer_{i}" for i in range(1, 6)]
    assert len(points_fw.skills) == 16
    assert points_fw.points.table == TABLE
    assert len(points_fw.points.sub_levels) == 15
    assert points_fw.content_hash.startswith("sha256:")


def test_the_points_ladder_has_the_skills_by_category_this_test_counts_with(points_fw):
    assert points_fw.skills_by_category == CATEGORIES


def test_lee_is_engineer_3_at_sub_level_3_2(lee, assess_points):
    result = assess_points(lee)

    assert by_hand(lee["skills"]) == {"engineering": 18, "delivery": 13, "people": 10, "organisation": 6}
    assert result["level"] == "engineer_3"
    assert result["points"] == {
        "total": 47,
        "by_category": {"engineering": 18, "delivery": 13, "people": 10, "organisation": 6},
        "sub_level": "3.2",
    }
    assert result["misread"] == "accurate"


def test_lee_misses_engineer_4_on_points_and_on_a_team_scoped_design(lee, assess_points, checks):
    result = assess_points(lee)

    assert checks(result)["engineer_4.points"]["detail"] == (
        "47 points (needs 58); Engineering 18 (needs 12); Delivery 13 (needs 12); People 10 (needs 6)"
    )
    assert not checks(result)["engineer_4.design"]["passed"]
    assert [s["check"] for s in result["plan"]["steps"]] == ["engineer_4.points", "engineer_4.design"]
    assert result["plan"]["target"] == "engineer_4"


@pytest.mark.parametrize(
    ("skill", "before", "after"),
    [
        ("interviewing", 0, 1),
        ("coaching", 1, 2),
        ("feedback", 2, 3),
        ("code_quality", 3, 4),
        ("execution", 3, 5),
    ],
)
def test_raising_one_rating_raises_the_total_by_the_table_difference(
    skill, before, after, lee, assess_points
):
    assert lee["skills"][skill] == before
    total_before = assess_points(lee)["points"]["total"]

    total_after = assess_points(lee.rate(**{skill: after}))["points"]["total"]

    assert total_after - total_before == TABLE[after] - TABLE[before]


def test_the_sub_level_is_read_off_the_total(lee, assess_points):
    # 47 + (6 - 1) for risk_management 1 -> 3 and + (3 - 1) for coaching 1 -> 2 = 54: sub-level 3.3
    result = assess_points(lee.rate(risk_management=3, coaching=2))

    assert (result["points"]["total"], result["points"]["sub_level"]) == (54, "3.3")


def test_enough_points_and_a_team_scoped_design_reach_engineer_4(lee, assess_points):
    lee.rate(interviewing=3, technical_direction=3, team_health=2).change("export-design", scope="team")
    # 47 + 6 + 5 + 2 = 60 >= 58; engineering 18, delivery 13, people 16
    result = assess_points(lee)

    assert result["points"]["total"] == 60
    assert result["level"] == "engineer_4"


def test_a_category_minimum_blocks_a_level_whatever_the_total(profile_data, assess_points, checks):
    delivery_and_people = {s: 3 for s in CATEGORIES["delivery"]} | {s: 2 for s in CATEGORIES["people"]}
    data = profile_data("junior", skills=delivery_and_people)

    blocked = assess_points(data)

    assert blocked["points"]["total"] == 36  # 4 x 6 + 4 x 3: the engineer_3 total
    assert checks(blocked)["engineer_3.points"]["detail"] == (
        "36 points (needs 36); Engineering 0 (needs 6); Delivery 24 (needs 6)"
    )
    assert blocked["level"] == "engineer_2"

    unblocked = assess_points(data.rate(code_quality=3))

    assert unblocked["level"] == "engineer_3"


def test_one_point_short_of_the_total_blocks_a_level(profile_data, assess_points):
    skills = {"code_quality": 3, "testing_practice": 2, "scoping": 3, "execution": 1}  # 6 + 3 + 6 + 1 = 16
    data = profile_data("junior", skills=skills)

    assert assess_points(data)["level"] == "engineer_1"
    assert assess_points(data.rate(interviewing=1))["level"] == "engineer_2"


def test_the_default_ladder_has_no_points_summary(profile_data, assess_data):
    assert assess_data(profile_data("mid"))["points"] is None
