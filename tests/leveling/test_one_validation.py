"""The server refuses a bad value with the message a profile file gets for it: one rule set.

Pages and the API both save through the services, so each case is checked at the service:
the same value written in a profile file (the CLI's path) and sent to the server must be
refused in the same words, on the field it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ladders.core.errors import InputError
from ladders.leveling import services
from ladders.server.errors import ServiceError
from tests.framework_ids import KIND, LEVEL
from tests.leveling.leveling_helpers import QUARTER, WORK_DATE

ITEM = {"kind": KIND.debugging_story, "title": "Flaky retriever", "date": WORK_DATE}


def _evidence(**fields: Any) -> tuple[dict[str, Any], Callable]:
    item = {**ITEM, **fields}

    def save(acme):
        services.evidence_create(actor=acme.engineer, person=acme.engineer, data=item)

    return {"evidence": [item]}, save


def _checkin(profile_key: str, value: Any, **fields: Any) -> tuple[dict[str, Any], Callable]:
    def save(acme):
        services.checkin_save(actor=acme.engineer, person=acme.engineer, quarter=QUARTER, **fields)

    return {profile_key: value}, save


def _sign_off(ratings: dict[str, Any]) -> tuple[dict[str, Any], Callable]:
    def save(acme):
        checkin = services.checkin_save(
            actor=acme.engineer, person=acme.engineer, quarter=QUARTER, self_ratings={}, submit=True
        )
        services.checkin_sign_off(actor=acme.manager, checkin=checkin, manager_ratings=ratings)

    return {"skills": ratings}, save


CASES: dict[str, Callable[[Any], tuple[str, tuple[dict[str, Any], Callable]]]] = {
    "an unknown evidence kind": lambda fw: ("kind", _evidence(kind="war_story")),
    "an unknown scope": lambda fw: ("scope", _evidence(scope="galaxy")),
    "an unknown skill on evidence": lambda fw: ("skills", _evidence(skills=[fw.skills[0].id, "juggling"])),
    "users on a kind without users": lambda fw: (
        "users",
        _evidence(kind=next(k.id for k in fw.evidence_kinds if not k.has_users), users="real"),
    ),
    "an unknown skill in the ratings": lambda fw: (
        "self_ratings",
        _checkin("skills", {"juggling": 3}, self_ratings={"juggling": 3}),
    ),
    "a rating above the scale": lambda fw: (
        "self_ratings",
        _checkin("skills", {fw.skills[0].id: 7}, self_ratings={fw.skills[0].id: 7}),
    ),
    "a rating that is not a whole number": lambda fw: (
        "self_ratings",
        _checkin("skills", {fw.skills[0].id: 2.5}, self_ratings={fw.skills[0].id: 2.5}),
    ),
    "a manager's rating above the scale": lambda fw: ("manager_ratings", _sign_off({fw.skills[0].id: 9})),
    "an unknown activity": lambda fw: (
        "time_allocation",
        _checkin("time_allocation", {"meetings": 100}, self_ratings={}, time_allocation={"meetings": 100}),
    ),
    "an allocation that does not add up to 100": lambda fw: (
        "time_allocation",
        _checkin(
            "time_allocation",
            {fw.activity_ids[0]: 90},
            self_ratings={},
            time_allocation={fw.activity_ids[0]: 90},
        ),
    ),
    "an unknown self-assessed level": lambda fw: (
        "self_assessed_level",
        _checkin("self_assessed_level", "wizard", self_ratings={}, self_assessed_level="wizard"),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_server_refuses_a_value_in_the_words_a_profile_file_gets(
    case, acme, fw, profile_data, make_profile
):
    field, (profile_fields, save) = CASES[case](fw)
    with pytest.raises(InputError) as in_a_file:
        make_profile(profile_data(LEVEL.junior, **profile_fields))
    (problem,) = in_a_file.value.problems
    with pytest.raises(ServiceError) as on_the_server:
        save(acme)
    assert on_the_server.value.status == 422
    assert on_the_server.value.field == field
    assert problem.message in str(on_the_server.value)
