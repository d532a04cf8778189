"""The shape of an assessment result, as types a checker can read.

`assess` returns plain dicts because the result is a JSON document first: the CLI prints
it, the API sends it, and the server stores it and reads it back (live assessments,
signed-off snapshots, promotion packets). TypedDicts describe that document without
changing it: a result read back from the database has the same type as one just
computed, no consumer converts between the two, and `json.dumps` of either prints the
same bytes. Keys are declared in the order the engine writes them, which is the order
`ladders assess --format json` prints. (PostgreSQL's jsonb gives a stored result back in
its own key order, so readers go by key, never by position.) docs/assessment.md says what
each field means.
"""

# No `from __future__ import annotations`: on Python 3.11 it hides `NotRequired` from
# `__required_keys__`, and the shape test reads the declarations at run time.
from typing import Literal, NotRequired, TypedDict


class FrameworkRef(TypedDict):
    """The framework version that produced a result (`hash` is its content hash)."""

    id: str
    name: str
    version: str
    hash: str


class PersonSummary(TypedDict):
    name: str
    years_experience: float | None
    background: str


class CheckResult(TypedDict):
    """One gate's verdict, with the evidence ids behind it (also when it fails)."""

    id: str
    title: str
    passed: bool
    detail: str
    evidence: list[str]


class GateResult(TypedDict):
    """Every check of one level; `passed` when all of them pass."""

    level: str
    name: str
    passed: bool
    checks: list[CheckResult]


class PlanStep(TypedDict):
    check: str
    level: str
    title: str
    action: str
    evidence_kind: str | None
    missing: str


class Plan(TypedDict):
    """The failing checks up to the target; `months` is [low, high], or None when unknown."""

    target: str | None
    steps: list[PlanStep]
    months: list[int] | None


class PitfallResult(TypedDict):
    id: str
    title: str
    detail: str
    advice: str
    evidence: list[str]


class GrowthCeiling(TypedDict):
    """The highest level the organisation's AI maturity supports.

    `at_ceiling` is present only when the ceiling was computed for an assessed level.
    """

    org_maturity: int
    maturity_name: str
    level: str
    level_name: str
    at_ceiling: NotRequired[bool]


class BandRange(TypedDict):
    min: float
    max: float


class PremiumResult(TypedDict):
    """A framework premium; `range` is the base raised by `percent`, only when eligible."""

    id: str
    name: str
    eligible: bool
    percent: list[int]
    range: list[float] | None
    evidence: list[str]
    detail: str


# `from` is a keyword, so this one is spelt in the functional form.
JumpResult = TypedDict(
    "JumpResult",
    {
        "from": str,
        "to": str,
        "percent": list[int],
        "range": list[float],
        "next_band": BandRange | None,
        "description": str | None,
    },
)


class BriefItem(TypedDict):
    """A measured outcome of practice evidence, for the negotiation brief."""

    evidence: str
    title: str
    outcome: str | None
    scope: str | None


Placement = Literal["below band", "in band", "above band"]


class CompensationPosition(TypedDict):
    """Where the base sits in the level's band; band fields are None without a band."""

    base: float
    currency: str
    market: str
    level: str
    band: BandRange | None
    position: float | None
    placement: Placement | None
    premiums: list[PremiumResult]
    jump: JumpResult | None
    negotiation_brief: list[BriefItem]


class SkillRow(TypedDict):
    """A skill's rating and the rating the next level definitely needs (None: no need)."""

    id: str
    name: str
    category: str
    rating: int
    next_level_needs: int | None


class PointsSummary(TypedDict):
    total: int
    by_category: dict[str, int]
    sub_level: str | None


Misread = Literal["over", "under", "accurate"]


class AssessmentResult(TypedDict):
    """What `assess` returns and `ladders assess --format json` prints."""

    framework: FrameworkRef
    person: PersonSummary
    as_of: str
    level: str
    level_name: str
    next_level: str | None
    self_assessed_level: str | None
    misread: Misread | None
    gates: list[GateResult]
    plan: Plan
    pitfalls: list[PitfallResult]
    growth_ceiling: GrowthCeiling | None
    compensation: CompensationPosition | None
    skills: list[SkillRow]
    points: PointsSummary | None
    evidence_after_as_of: list[str]
    evidence_titles: dict[str, str]
    """Every evidence item of the profile, id to title, so a report names what its ids cite."""


class PlannedResult(AssessmentResult):
    """A result whose plan aims above a recorded level (`engine.plan_above`)."""

    skills_needs_level: str
    """The level the skills' `next_level_needs` mark."""
