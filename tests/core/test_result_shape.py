"""The engine's result has exactly the shape `ladders.core.results` declares.

TypedDicts are not checked at run time, so this test is what keeps the declaration true:
every key present with a value of its declared type, no undeclared key, and the keys in
the declared order (the order the JSON prints).
"""

from __future__ import annotations

import types
from datetime import date
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from ladders.core.compensation import bands_load
from ladders.core.engine import assess
from ladders.core.framework_loader import framework_load
from ladders.core.profile import profile_load
from ladders.core.results import AssessmentResult

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PROFILES = sorted((EXAMPLES / "profiles").glob("*.yaml"))


def shape_problems(value: Any, hint: Any, path: str = "result") -> list[str]:
    """Where `value` departs from the type `hint`, one line per departure."""
    origin = get_origin(hint)
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not a {hint.__name__}"]
        fields = get_type_hints(hint)
        problems = [f"{path}.{key}: missing" for key in hint.__required_keys__ - value.keys()]
        problems += [f"{path}.{key}: not declared in {hint.__name__}" for key in value.keys() - fields.keys()]
        declared = [key for key in value if key in fields]
        if declared != [key for key in fields if key in value]:
            problems.append(f"{path}: keys {declared} are not in the declared order {list(fields)}")
        for key in fields.keys() & value.keys():
            problems += shape_problems(value[key], fields[key], f"{path}.{key}")
        return problems
    if origin in (Union, types.UnionType):
        alternatives = [shape_problems(value, option, path) for option in get_args(hint)]
        return [] if any(not found for found in alternatives) else min(alternatives, key=len)
    if origin is Literal:
        return [] if value in get_args(hint) else [f"{path}: {value!r} is not one of {get_args(hint)}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: {type(value).__name__}, not a list"]
        (item,) = get_args(hint)
        return [problem for i, v in enumerate(value) for problem in shape_problems(v, item, f"{path}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not a dict"]
        key_type, value_type = get_args(hint)
        return [
            problem
            for k, v in value.items()
            for problem in shape_problems(k, key_type, f"{path} key")
            + shape_problems(v, value_type, f"{path}[{k!r}]")
        ]
    if hint is type(None):
        return [] if value is None else [f"{path}: {value!r}, not None"]
    wanted = (int, float) if hint is float else hint  # an int is an acceptable float
    if (isinstance(value, bool) and hint is not bool) or not isinstance(value, wanted):
        return [f"{path}: {value!r} is not a {hint.__name__}"]
    return []


@pytest.fixture(scope="module")
def default_fw():
    return framework_load(None)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_each_example_result_has_the_declared_shape(default_fw, path):
    result = assess(default_fw, profile_load(path, default_fw))

    assert shape_problems(result, AssessmentResult) == []


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_the_pay_section_has_the_declared_shape(default_fw, path):
    result = assess(
        default_fw, profile_load(path, default_fw), bands=bands_load(EXAMPLES / "bands-us.yaml", default_fw)
    )

    assert result["compensation"] is not None
    assert shape_problems(result, AssessmentResult) == []


def test_a_plan_past_a_level_and_an_empty_past_have_the_declared_shape(default_fw):
    sam = profile_load(EXAMPLES / "profiles" / "sam-rivera.yaml", default_fw)

    assert shape_problems(assess(default_fw, sam, target="principal"), AssessmentResult) == []
    assert shape_problems(assess(default_fw, sam, as_of=date(2020, 1, 1)), AssessmentResult) == []


def test_a_points_ladder_result_has_the_declared_shape():
    points = framework_load(EXAMPLES / "points-ladder.yaml")
    result = assess(points, profile_load(EXAMPLES / "points-profile.yaml", points))

    assert result["points"] is not None
    assert shape_problems(result, AssessmentResult) == []


def test_the_shape_check_notices_an_undeclared_key_a_missing_one_and_a_wrong_type(default_fw):
    result: Any = assess(default_fw, profile_load(EXAMPLES / "profiles" / "sam-rivera.yaml", default_fw))
    result["gates"][1]["checks"][0]["colour"] = "red"
    del result["plan"]["months"]
    result["skills"][0]["rating"] = "2"

    assert sorted(shape_problems(result, AssessmentResult)) == [
        "result.gates[1].checks[0].colour: not declared in CheckResult",
        "result.plan.months: missing",
        "result.skills[0].rating: '2' is not a int",
    ]
