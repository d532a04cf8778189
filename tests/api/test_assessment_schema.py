"""The API's assessment schema describes the engine's result, not a copy that drifts from it.

The route sends the stored result as it is, so the OpenAPI document is only true while
every field it names is a field `ladders.core.results` declares, at the same place.
"""

from __future__ import annotations

from typing import get_type_hints, is_typeddict

from pydantic import BaseModel

from ladders.api.assessment import (
    AssessmentOut,
    CheckResultOut,
    FrameworkRefOut,
    GateResultOut,
    PitfallOut,
    PlanOut,
    PlanStepOut,
)
from ladders.core.results import (
    AssessmentResult,
    CheckResult,
    FrameworkRef,
    GateResult,
    PitfallResult,
    Plan,
    PlanStep,
)

PAIRS: list[tuple[type[BaseModel], type]] = [
    (AssessmentOut, AssessmentResult),
    (FrameworkRefOut, FrameworkRef),
    (GateResultOut, GateResult),
    (CheckResultOut, CheckResult),
    (PlanOut, Plan),
    (PlanStepOut, PlanStep),
    (PitfallOut, PitfallResult),
]


def test_the_top_level_of_the_schema_lists_every_result_field_in_order():
    assert list(AssessmentOut.model_fields) == list(get_type_hints(AssessmentResult))


def test_every_field_the_schema_names_is_declared_by_the_result():
    for schema, declared in PAIRS:
        assert is_typeddict(declared)
        undeclared = set(schema.model_fields) - set(get_type_hints(declared))
        assert undeclared == set(), f"{schema.__name__} names {undeclared}, not in {declared.__name__}"
