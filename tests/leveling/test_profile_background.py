"""The server assesses a person with the framework's default background, not its last one.

People are stored with background `none` until someone says otherwise. Under a framework
that lists no `none`, the server used to pick the last background in the list; it now
follows the framework's `default_background`, through the same rule as the CLI.
"""

from __future__ import annotations

import pytest

from ladders.core.errors import InputError
from ladders.leveling.models import FrameworkVersion
from ladders.leveling.services import assessment_for
from tests.leveling.leveling_helpers import edited_framework, upload

BACKGROUNDS = ["software_engineer", "data_scientist", "researcher"]


def without_none(default: str | None):
    def change(data: dict) -> None:
        data["backgrounds"] = list(BACKGROUNDS)
        if default is not None:
            data["default_background"] = default

    return change


def test_a_person_with_no_background_is_assessed_with_the_frameworks_default(acme):
    upload(acme.admin, edited_framework(without_none("data_scientist")), activate=True)
    assert acme.engineer.background == "none"

    result = assessment_for(acme.engineer)

    assert result["person"]["background"] == "data_scientist"  # not "researcher", the last one


def test_a_person_with_a_background_the_framework_knows_keeps_it(acme):
    upload(acme.admin, edited_framework(without_none("data_scientist")), activate=True)
    acme.engineer.background = "researcher"
    acme.engineer.save(update_fields=["background"])

    assert assessment_for(acme.engineer)["person"]["background"] == "researcher"


def test_the_default_background_changes_the_plans_months(acme):
    def faster_for_scientists(data: dict) -> None:
        without_none("data_scientist")(data)
        first = data["transitions"][0]
        first["months_by_background"] = {"data_scientist": [1, 2]}

    upload(acme.admin, edited_framework(faster_for_scientists), activate=True)

    assert assessment_for(acme.engineer)["plan"]["months"] == [1, 2]


def test_a_framework_without_none_or_a_default_background_is_refused_and_nothing_is_stored(acme):
    before = FrameworkVersion.objects.count()

    with pytest.raises(InputError) as caught:
        upload(acme.admin, edited_framework(without_none(None)), activate=True)

    (problem,) = caught.value.problems
    assert problem.field == "backgrounds" and "default_background" in problem.message
    assert FrameworkVersion.objects.count() == before
