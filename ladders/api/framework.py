"""The organisation's active framework: the ids every other operation uses."""

from __future__ import annotations

from ninja import Field, Router, Schema

from ladders.api.errors import error_responses
from ladders.core.framework import Framework, Skill
from ladders.leveling.frameworks import active_framework

router = Router(tags=["framework"])


class RatingOut(Schema):
    value: int
    name: str
    description: str


class RatingScaleOut(Schema):
    min: int
    max: int
    values: list[RatingOut]


class NamedOut(Schema):
    id: str
    name: str


class CategoryOut(NamedOut):
    description: str | None


class SkillOut(NamedOut):
    category: str
    description: str
    rubric: dict[str, str] = Field(description="Rating (as a string key) to what it looks like.")

    @staticmethod
    def resolve_rubric(obj: Skill) -> dict[str, str]:
        return {str(rating): text for rating, text in obj.rubric.items()}


class EvidenceKindOut(NamedOut):
    type: str = Field(description="practice or learning.")
    description: str
    has_users: bool


class GateOut(Schema):
    id: str
    title: str
    action: str


class LevelOut(NamedOut):
    summary: str | None
    focus: str | None
    scope: str | None
    experience_years: list[float | None] | None
    gates: list[GateOut]


class FrameworkOut(Schema):
    id: str
    name: str
    version: str
    hash: str = Field(description="Content hash; every assessment records the one it used.")
    description: str | None
    rating_scale: RatingScaleOut
    scopes: list[str] = Field(description="Smallest first.")
    backgrounds: list[str]
    activities: list[NamedOut]
    categories: list[CategoryOut]
    skills: list[SkillOut]
    evidence_kinds: list[EvidenceKindOut]
    levels: list[LevelOut] = Field(description="Lowest first.")

    @staticmethod
    def resolve_hash(obj: Framework) -> str:
        return obj.content_hash

    @staticmethod
    def resolve_categories(obj: Framework) -> list:
        return obj.category_list


@router.get(
    "/framework",
    response={200: FrameworkOut, **error_responses(403)},
    operation_id="framework_get",
    summary="The active framework: levels, skills, evidence kinds and scopes",
)
def framework_get(request):
    _version, framework = active_framework(request.auth.org)
    return framework
