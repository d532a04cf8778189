"""The checks of single values against a framework, usable without a file: the server calls them.

Each takes plain values and says where a problem is relative to the path it is given, so
a file reports it on its line and a form beside its field, in the same words.
"""

from __future__ import annotations

from datetime import date

import pytest

from ladders.core.errors import InputError, unknown_message
from ladders.core.profile import (
    EvidenceItem,
    Ratings,
    allocation_problems,
    evidence_problems,
    level_problems,
    rating_problems,
)
from ladders.core.validation import value_validate
from ladders.core.yamlsource import SourceMap

FORM = SourceMap("form")


def test_an_unknown_skill_is_named_under_the_path_given(fw):
    (problem,) = rating_problems(fw, {"juggling": 3}, FORM, ("self_ratings",))
    assert problem.field == "self_ratings.juggling"
    assert problem.message == unknown_message("skill", "juggling", fw.skill_by_id)


def test_a_rating_off_the_scale_says_the_scale(fw):
    low, high = fw.rating_scale.min, fw.rating_scale.max
    (problem,) = rating_problems(fw, {fw.skills[0].id: high + 1}, FORM)
    assert (problem.field, problem.message) == (
        f"skills.{fw.skills[0].id}",
        f"rating {high + 1} is outside {low}-{high}",
    )


def test_an_allocation_must_add_up_to_100_and_name_known_activities(fw):
    first = fw.activity_ids[0]
    assert allocation_problems(fw, {first: 100}, FORM) == []
    unknown, total = allocation_problems(fw, {first: 50, "meetings": 10}, FORM)
    assert unknown.field == "time_allocation.meetings" and "unknown activity 'meetings'" in unknown.message
    assert (total.field, total.message) == ("time_allocation", "percentages add up to 60, not 100")


def test_no_level_is_fine_and_an_unknown_one_is_named(fw):
    assert level_problems(fw, "", FORM, ("level",)) == []
    (problem,) = level_problems(fw, "wizard", FORM, ("level",))
    assert problem.message == unknown_message("level", "wizard", fw.level_index)


def test_an_evidence_item_is_checked_field_by_field_and_for_the_future(fw):
    item = EvidenceItem(
        kind="war_story", title="T", date=date(2026, 5, 2), scope="galaxy", skills=["juggling"]
    )
    problems = evidence_problems(fw, item, FORM, today=date(2026, 5, 1))
    assert [p.field for p in problems] == ["kind", "scope", "date", "skills[0]"]


def test_a_plain_value_gets_the_type_errors_a_file_gets(fw):
    with pytest.raises(InputError) as caught:
        value_validate(Ratings, {fw.skills[0].id: 2.5, fw.skills[1].id: True}, FORM, at=("self_ratings",))
    assert [(p.field, p.message) for p in caught.value.problems] == [
        (f"self_ratings.{fw.skills[0].id}", "must be a whole number"),
        (f"self_ratings.{fw.skills[1].id}", "must be a whole number"),
    ]
