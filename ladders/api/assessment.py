"""The live assessment of a person: the core engine's result, exactly as the CLI prints it."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from ladders.api.errors import error_responses
from ladders.api.lookups import person_id_path, person_in_reach
from ladders.core.rules import Id
from ladders.leveling import services

router = Router(tags=["assessment"])

EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)


class AssessmentIn(Schema):
    as_of: date | None = Field(
        None,
        ge=EARLIEST,
        le=LATEST,
        description="Assess as of this day (YYYY-MM-DD): later evidence and check-ins are left out. "
        "Default today.",
    )
    target: Id | None = Field(None, description="Plan towards this level id instead of the next one.")


class _Open(Schema):
    """Part of the engine's result; keys not listed here are passed through unchanged."""

    model_config = ConfigDict(extra="allow")


class FrameworkRefOut(_Open):
    id: str
    name: str
    version: str
    hash: str = Field(description="Content hash of the framework version that produced this result.")


class CheckResultOut(_Open):
    id: str
    title: str
    passed: bool
    detail: str
    evidence: list[str] = Field(description="Slugs of the evidence that satisfied the check.")


class GateResultOut(_Open):
    level: str
    name: str
    passed: bool
    checks: list[CheckResultOut]


class PlanStepOut(_Open):
    check: str
    action: str
    evidence_kind: str | None


class PlanOut(_Open):
    target: str | None
    steps: list[PlanStepOut]
    months: list[int] | None = Field(description="[min, max] typical months to the target, if known.")


class PitfallOut(_Open):
    id: str
    detail: str


class AssessmentOut(_Open):
    """The result of `ladders assess --format json` (see docs/assessment.md)."""

    framework: FrameworkRefOut
    person: dict[str, Any]
    as_of: date
    level: str
    level_name: str
    next_level: str | None = Field(description="Null at the top of the ladder.")
    self_assessed_level: str | None
    misread: Literal["over", "under", "accurate"] | None
    gates: list[GateResultOut] = Field(description="Every level's gates, with every check's verdict.")
    plan: PlanOut
    pitfalls: list[PitfallOut]
    growth_ceiling: dict[str, Any] | None = Field(description="Null without an org maturity assessment.")
    compensation: dict[str, Any] | None = Field(description="Null without bands.")
    skills: list[dict[str, Any]]
    points: dict[str, Any] | None
    evidence_after_as_of: list[str]
    evidence_titles: dict[str, str] = Field(
        default_factory=dict, description="Each evidence id of the profile with its title."
    )


@router.get(
    "/people/{person_id}/assessment",
    response={200: AssessmentOut, **error_responses(403, 404, 422)},
    operation_id="assessment_get",
    summary="Assess a person now (or as of a day) against the active framework",
    description="Uses the latest submitted or signed-off check-in and all evidence. An unknown "
    "`target` is a 422.",
)
def assessment_get(request, query: Query[AssessmentIn], person_id: int = person_id_path()):
    # The hot path: the person without their relations (today's stored result needs none),
    # and that result sent as the JSON text it is stored as. The engine's result is already
    # the documented shape (the schema above describes it), so nothing re-validates it.
    person = person_in_reach(request.auth, person_id, related=())
    body = services.assessment_json_for(person, as_of=query.as_of, target=query.target)
    return HttpResponse(body, content_type="application/json")
