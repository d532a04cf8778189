"""Level rules as data.

A gate in a framework says *what* must be true as a small tree of rules; this module
holds their shapes. `ladders.core.checks` turns a tree into a function over one person's
facts. Keeping rules declarative is what lets one engine run ladders other than ours,
including point-based ones.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ladders.core import limits
from ladders.core.validation import Strict

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.-]*$", max_length=limits.ID)]
IdList = Annotated[list[Id], Field(min_length=1)]


class SkillsRule(Strict):
    """Skills rated at least `at_least`: all of them, any one, or a number of them."""

    of: IdList
    at_least: Annotated[int, Field(ge=0)]
    need: Literal["all", "any"] | Annotated[int, Field(ge=1)] = "all"

    def needed(self) -> int:
        if self.need == "all":
            return len(self.of)
        if self.need == "any":
            return 1
        return self.need


class EvidenceRule(Strict):
    """At least `min` evidence items of the given kinds that match every filter given."""

    kinds: IdList
    min: Annotated[int, Field(ge=1)] = 1
    users: Id | None = None
    scope_at_least: Id | None = None
    measurable_outcome: bool | None = None
    skills_any: IdList | None = None
    within_days: Annotated[int, Field(ge=1)] | None = None


class PointsRule(Strict):
    """Points summed over skills reach a total, with optional per-category minimums."""

    at_least: Annotated[int, Field(ge=0)]
    of: IdList | None = None
    categories: IdList | None = None
    category_minimums: dict[Id, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_selection(self) -> PointsRule:
        if self.of is not None and self.categories is not None:
            raise ValueError("give either 'of' (skills) or 'categories', not both")
        return self


Share = Annotated[float, Field(ge=0, le=1)]


class CriteriaRule(Strict):
    """A checklist gate: in each topic, at least a share of one level's criteria is met.

    `level` defaults to the level whose gate holds the rule; `topics` to every topic with
    criteria at that level; `shares` overrides `share` for the topics it names.
    """

    share: Share = 1.0
    shares: dict[Id, Share] = Field(default_factory=dict)
    topics: IdList | None = None
    level: Id | None = None


class Rule(Strict):
    """Exactly one of: skills, evidence, points, criteria, all (every sub-rule), any (one sub-rule)."""

    skills: SkillsRule | None = None
    evidence: EvidenceRule | None = None
    points: PointsRule | None = None
    criteria: CriteriaRule | None = None
    all: Annotated[list[Rule], Field(min_length=1)] | None = None
    any: Annotated[list[Rule], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Rule:
        given = [k for k in ("skills", "evidence", "points", "criteria", "all", "any") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(
                "a rule has exactly one of skills, evidence, points, criteria, all, any"
                + (f" (found {', '.join(given)})" if given else "")
            )
        return self

    def walk(self) -> list[Rule]:
        """This rule and every rule nested in it, depth first."""
        out = [self]
        for child in (self.all or []) + (self.any or []):
            out.extend(child.walk())
        return out
