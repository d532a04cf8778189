"""The shape of a framework file: levels, skills, evidence kinds, gates and the rest.

These models check each value on its own. Checks that span the file (a gate naming an
unknown skill, duplicate ids, a rubric line missing for a rating) live in
`ladders.core.framework_loader`, which also computes the content hash.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from ladders.core.detection import Detection
from ladders.core.rules import Id, IdList, Rule
from ladders.core.validation import Strict, free_text

Text = Annotated[str, free_text(4000, min_length=1)]
Name = Annotated[str, free_text(120, min_length=1)]
Percent = Annotated[int, Field(ge=0, le=1000)]
NO_BACKGROUND = "none"
"""The background of a profile that names none, unless the framework sets `default_background`."""


def _pair(low: float, high: float | None, what: str) -> None:
    if high is not None and high < low:
        raise ValueError(f"{what}: the second number must not be below the first")


class RatingValue(Strict):
    value: int
    name: Name
    description: Text


class RatingScale(Strict):
    min: int
    max: int
    values: Annotated[list[RatingValue], Field(min_length=2)]

    @model_validator(mode="after")
    def _covers_range(self) -> RatingScale:
        if self.max <= self.min:
            raise ValueError("max must be above min")
        listed = [v.value for v in self.values]
        wanted = list(range(self.min, self.max + 1))
        if listed != wanted:
            raise ValueError(f"values must list each rating from {self.min} to {self.max} in order")
        return self


class Activity(Strict):
    id: Id
    name: Name


class Category(Strict):
    id: Id
    name: Name
    description: Text | None = None


class Skill(Strict):
    id: Id
    name: Name
    category: Id
    description: Text
    rubric: dict[int, Text]


class EvidenceKind(Strict):
    id: Id
    name: Name
    type: Literal["practice", "learning"]
    description: Text
    has_users: bool = False
    # How the kind is recognised in git history, forge exports, tickets and brag docs
    # (`ladders.core.detection`); a kind without it is never suggested.
    detect: Detection | None = None


class Criterion(Strict):
    """One line of a checklist ladder: something a person at `level` does, in a `topic` (a category)."""

    id: Id
    topic: Id
    level: Id
    text: Text
    examples: list[Text] = Field(default_factory=list)


class Gate(Strict):
    id: Id
    title: Name
    rule: Rule
    action: Text


class Level(Strict):
    id: Id
    name: Name
    experience_years: Annotated[list[float | None], Field(min_length=2, max_length=2)] | None = None
    focus: Text | None = None
    scope: Text | None = None
    summary: Text | None = None
    growth_activities: list[Id] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)

    @model_validator(mode="after")
    def _years(self) -> Level:
        if self.experience_years is not None:
            low, high = self.experience_years
            if low is None:
                raise ValueError("experience_years: the first number is required")
            _pair(low, high, "experience_years")
        return self


class Pitfall(Strict):
    id: Id
    type: Literal[
        "learning_without_practice",
        "outcome_missing",
        "no_time_on_growth_activities",
        "org_ceiling",
    ]
    title: Name
    advice: Text
    window_days: Annotated[int, Field(ge=1)] | None = None
    min_learning: Annotated[int, Field(ge=1)] | None = None
    kinds: IdList | None = None

    @model_validator(mode="after")
    def _parameters(self) -> Pitfall:
        if self.type == "learning_without_practice" and (
            self.window_days is None or self.min_learning is None
        ):
            raise ValueError("learning_without_practice needs window_days and min_learning")
        if self.type == "outcome_missing" and not self.kinds:
            raise ValueError("outcome_missing needs kinds")
        return self


class MaturityPhase(Strict):
    id: Id
    name: Name
    description: Text | None = None


class MaturityLevel(Strict):
    value: int
    name: Name
    description: Text
    supports_level: Id
    career_note: Text | None = None


class Maturity(Strict):
    min_phases: Annotated[int, Field(ge=1)]
    phases: Annotated[list[MaturityPhase], Field(min_length=1)]
    levels: Annotated[list[MaturityLevel], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Maturity:
        if self.min_phases > len(self.phases):
            raise ValueError("min_phases cannot exceed the number of phases")
        values = [lv.value for lv in self.levels]
        if values != list(range(1, len(values) + 1)):
            raise ValueError("maturity levels must be numbered 1, 2, 3, ... in order")
        return self


Months = Annotated[list[Annotated[int, Field(ge=0, le=600)]], Field(min_length=2, max_length=2)]


class Transition(Strict):
    from_: Id = Field(alias="from")
    to: Id
    months: Months
    months_by_background: dict[Id, Months] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ranges(self) -> Transition:
        low, high = self.months  # two numbers, by the `Months` length constraint
        _pair(low, high, "months")
        for background, (low, high) in self.months_by_background.items():
            _pair(low, high, f"months_by_background.{background}")
        return self


PercentRange = Annotated[list[Percent], Field(min_length=2, max_length=2)]


class Premium(Strict):
    id: Id
    name: Name
    percent: PercentRange
    description: Text | None = None
    rule: Rule


class Jump(Strict):
    from_: Id = Field(alias="from")
    to: Id
    percent: PercentRange
    description: Text | None = None


class CompensationPolicy(Strict):
    premiums: list[Premium] = Field(default_factory=list)
    jumps: list[Jump] = Field(default_factory=list)


class SubLevel(Strict):
    at_least: Annotated[int, Field(ge=0)]
    name: Name


class Points(Strict):
    table: dict[int, Annotated[int, Field(ge=0)]]
    sub_levels: list[SubLevel] = Field(default_factory=list)


class Framework(Strict):
    """A whole ladder. Built by `framework_loader`; treat it as read-only."""

    format: Literal[1]
    id: Id
    name: Name
    version: Annotated[str, free_text(40, min_length=1)]
    description: Text | None = None
    rating_scale: RatingScale
    scopes: IdList
    backgrounds: IdList
    # The background of a profile that names none; without it that is `none`, which the
    # loader then requires among `backgrounds`. Resolved by `profile.background_of`.
    default_background: Id | None = None
    activities: list[Activity] = Field(default_factory=list)
    categories: IdList | list[Category]
    skills: Annotated[list[Skill], Field(min_length=1)]
    evidence_kinds: Annotated[list[EvidenceKind], Field(min_length=1)]
    levels: Annotated[list[Level], Field(min_length=1)]
    pitfalls: list[Pitfall] = Field(default_factory=list)
    maturity: Maturity | None = None
    transitions: list[Transition] = Field(default_factory=list)
    compensation: CompensationPolicy | None = None
    points: Points | None = None
    criteria: list[Criterion] = Field(default_factory=list)

    # Set by the loader once the whole file is known to be valid.
    _content_hash: str = PrivateAttr(default="")
    # The engine's compiled form of the rules, built on first use (see core.engine).
    _compiled: Any = PrivateAttr(default=None)

    @property
    def content_hash(self) -> str:
        """sha256 of the canonical form; every result records it."""
        return self._content_hash

    @cached_property
    def level_index(self) -> dict[str, int]:
        return {level.id: i for i, level in enumerate(self.levels)}

    @cached_property
    def level_by_id(self) -> dict[str, Level]:
        return {level.id: level for level in self.levels}

    @cached_property
    def skill_by_id(self) -> dict[str, Skill]:
        return {skill.id: skill for skill in self.skills}

    @cached_property
    def kind_by_id(self) -> dict[str, EvidenceKind]:
        return {kind.id: kind for kind in self.evidence_kinds}

    @cached_property
    def scope_rank(self) -> dict[str, int]:
        return {scope: i for i, scope in enumerate(self.scopes)}

    @cached_property
    def category_list(self) -> list[Category]:
        return [c if isinstance(c, Category) else Category(id=c, name=c) for c in self.categories]

    @cached_property
    def skills_by_category(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {c.id: [] for c in self.category_list}
        for skill in self.skills:
            out.setdefault(skill.category, []).append(skill.id)
        return out

    @cached_property
    def criterion_by_id(self) -> dict[str, Criterion]:
        return {criterion.id: criterion for criterion in self.criteria}

    def criteria_of(self, level: str) -> dict[str, list[Criterion]]:
        """A level's criteria by topic, topics in category order, criteria in file order."""
        out: dict[str, list[Criterion]] = {}
        order = {c.id: i for i, c in enumerate(self.category_list)}
        for criterion in sorted(
            (c for c in self.criteria if c.level == level), key=lambda c: order.get(c.topic, len(order))
        ):
            out.setdefault(criterion.topic, []).append(criterion)
        return out

    @cached_property
    def activity_ids(self) -> list[str]:
        return [a.id for a in self.activities]

    def rating_name(self, value: int) -> str:
        return self.rating_scale.values[value - self.rating_scale.min].name
