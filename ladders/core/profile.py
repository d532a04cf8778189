"""A person's profile: self ratings, time allocation and the evidence of their work.

The models check each value on its own; `profile_check` then checks the profile against a
framework (ids of skills, kinds, scopes and levels, rating range, allocation total). The
loaders run both and report every problem with its line and field. The checks of single
values against a framework (`evidence_problems`, `rating_problems`, `allocation_problems`,
`level_problems`) are public: the server checks what people type with the same functions,
so a value is refused in the same words wherever it is written.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from ladders.core import limits
from ladders.core.dates import recorded_date_problem
from ladders.core.errors import InputError, Problem, unknown_message
from ladders.core.framework import NO_BACKGROUND, Framework
from ladders.core.rules import Id
from ladders.core.validation import Day, Strict, free_text, problems_from, validate_document
from ladders.core.yamlsource import PathKey, SourceMap, load_yaml_file, load_yaml_text

# The limits are the database's column sizes too, so any valid profile can be stored.
EvidenceId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=limits.ID)]
Title = Annotated[str, free_text(limits.EVIDENCE_TITLE, min_length=1)]
Outcome = Annotated[str, free_text(limits.EVIDENCE_OUTCOME, min_length=1)]
Link = Annotated[str, free_text(limits.EVIDENCE_LINK)]
Notes = Annotated[str, free_text(limits.NOTES)]
Ratings = dict[Id, int]
"""Skill id to rating; `rating_problems` checks them against a framework's skills and scale."""
Allocation = dict[Id, Annotated[float, Field(ge=0, le=100)]]
"""Activity id to percent of working time; `allocation_problems` checks the ids and the total."""


SourceText = Annotated[str, free_text(limits.EVIDENCE_LINK, min_length=1)]


class EvidenceSource(Strict):
    """Where an item was found, when it came from a suggestion (`ladders evidence suggest`).

    `type` names the record it came from; the other fields point into it: a repository
    and commit, a file path and its line span, a web address, a ticket key. `suggestion`
    is the suggestion's stable id, so a rescan never offers the item again.
    """

    type: Literal["git", "github", "gitlab", "jira", "brag"]
    suggestion: EvidenceId | None = None
    repository: SourceText | None = None
    commit: Annotated[str, Field(pattern=r"^[0-9a-f]{7,64}$")] | None = None
    path: SourceText | None = None
    url: SourceText | None = None
    key: SourceText | None = None
    lines: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=2, max_length=2)] | None = None


MetCriteria = dict[Id, list[EvidenceId]]
"""Criterion id to the evidence ids that show it; an empty list is self-asserted."""


class EvidenceItem(Strict):
    """One piece of work that shows a skill in action (or, for learning kinds, study)."""

    id: EvidenceId | None = None
    kind: Id
    title: Title
    date: Day
    scope: Id | None = None
    users: Literal["real", "internal", "none"] | None = None
    outcome: Outcome | None = None
    skills: list[Id] = Field(default_factory=list)
    links: Annotated[list[Link], Field(max_length=limits.EVIDENCE_LINKS)] = Field(default_factory=list)
    notes: Notes | None = None
    source: EvidenceSource | None = None


class Compensation(Strict):
    base: Annotated[float, Field(gt=0, lt=1e9)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    market: Id


class Profile(Strict):
    name: Annotated[str, free_text(limits.PERSON_NAME, min_length=1)]
    years_experience: Annotated[float, Field(ge=0, le=70)] | None = None
    background: Id | None = None
    self_assessed_level: Id | None = None
    org_maturity: int | None = None
    as_of: Day | None = None
    skills: Ratings = Field(default_factory=dict)
    time_allocation: Allocation | None = None
    compensation: Compensation | None = None
    evidence: list[EvidenceItem] = Field(default_factory=list)
    criteria: MetCriteria = Field(default_factory=dict)


def background_of(fw: Framework, stated: str | None) -> str:
    """The background a person is assessed with: the one stated, if `fw` knows it, else its default.

    The one rule for the CLI and the server. A profile file naming an unknown background is
    refused by `profile_check` before this runs; a stored person whose background a newer
    framework no longer lists is assessed with the default, like other ids it dropped.
    """
    if stated is not None and stated in fw.backgrounds:
        return stated
    return fw.default_background or NO_BACKGROUND


def level_problems(fw: Framework, level: str | None, where: SourceMap, at: PathKey) -> list[Problem]:
    """A level id `fw` does not define (None and "" name no level and are fine)."""
    if level and level not in fw.level_index:
        return [where.problem(at, unknown_message("level", level, fw.level_index))]
    return []


def rating_problems(
    fw: Framework, ratings: Mapping[str, int], where: SourceMap, at: PathKey = ("skills",)
) -> list[Problem]:
    """Skills `fw` does not define, and ratings outside its scale (`at` is where the mapping is)."""
    problems = []
    low, high = fw.rating_scale.min, fw.rating_scale.max
    for skill, rating in ratings.items():
        if skill not in fw.skill_by_id:
            unknown = unknown_message("skill", skill, fw.skill_by_id)
            problems.append(where.problem((*at, skill), unknown, key=True))
        elif not low <= rating <= high:
            problems.append(where.problem((*at, skill), f"rating {rating} is outside {low}-{high}"))
    return problems


def criteria_problems(
    fw: Framework,
    criteria: Mapping[str, list[str]],
    where: SourceMap,
    at: PathKey = ("criteria",),
    *,
    evidence_ids: set[str] | None = None,
) -> list[Problem]:
    """Criteria `fw` does not define, and cited evidence ids not in `evidence_ids` (when given)."""
    problems = []
    for criterion, cited in criteria.items():
        if criterion not in fw.criterion_by_id:
            known = list(fw.criterion_by_id)
            hint = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "") if known else "none"
            unknown = f"unknown criterion '{criterion}' (this framework defines: {hint})"
            problems.append(where.problem((*at, criterion), unknown, key=True))
            continue
        if evidence_ids is None:
            continue
        for j, evidence in enumerate(cited):
            if evidence not in evidence_ids:
                unknown = unknown_message("evidence id", evidence, sorted(evidence_ids))
                problems.append(where.problem((*at, criterion, j), unknown))
    return problems


def allocation_problems(
    fw: Framework, allocation: Mapping[str, float], where: SourceMap, at: PathKey = ("time_allocation",)
) -> list[Problem]:
    """Activities `fw` does not define, and percentages that do not add up to 100."""
    problems = [
        where.problem((*at, activity), unknown_message("activity", activity, fw.activity_ids), key=True)
        for activity in allocation
        if activity not in fw.activity_ids
    ]
    total = sum(allocation.values())
    if not math.isclose(total, 100, abs_tol=1e-6):
        problems.append(where.problem(at, f"percentages add up to {total:g}, not 100"))
    return problems


def evidence_problems(
    fw: Framework, item: EvidenceItem, where: SourceMap, at: PathKey = (), *, today: date | None = None
) -> list[Problem]:
    """What is wrong with one item under `fw`: its kind, users, scope and skills; given `today`, its date."""
    problems = []
    kind = fw.kind_by_id.get(item.kind)
    if kind is None:
        unknown = unknown_message("evidence kind", item.kind, fw.kind_by_id)
        problems.append(where.problem((*at, "kind"), unknown))
    elif item.users is not None and not kind.has_users:
        problems.append(
            where.problem((*at, "users"), f"'users' applies only to kinds with users, not '{item.kind}'")
        )
    if item.scope is not None and item.scope not in fw.scope_rank:
        problems.append(where.problem((*at, "scope"), unknown_message("scope", item.scope, fw.scopes)))
    if today is not None and (future := recorded_date_problem(item.date, today=today)):
        problems.append(where.problem((*at, "date"), future))
    for j, skill in enumerate(item.skills):
        if skill not in fw.skill_by_id:
            problems.append(where.problem((*at, "skills", j), f"unknown skill '{skill}'"))
    return problems


def profile_check(profile: Profile, fw: Framework, where: SourceMap, *, today: date | None = None) -> Profile:
    """Check `profile` against `fw`; return it with evidence ids, scopes and background filled in.

    Evidence without an id gets e1, e2, ... by its position, so a check can always name
    the items that satisfied it. Evidence without a scope is `individual`-sized: the
    smallest scope of the framework. Given `today`, evidence dated after it is refused:
    files people write are checked so; records already stored are not. The checks of
    single values are the functions above, which the server's services call too.
    """
    problems: list[Problem] = []
    add = problems.append

    if profile.background is not None and profile.background not in fw.backgrounds:
        add(where.problem(("background",), unknown_message("background", profile.background, fw.backgrounds)))
    problems += level_problems(fw, profile.self_assessed_level, where, ("self_assessed_level",))
    if profile.org_maturity is not None:
        top = len(fw.maturity.levels) if fw.maturity else 0
        if not top:
            add(where.problem(("org_maturity",), "this framework has no maturity model"))
        elif not 1 <= profile.org_maturity <= top:
            add(where.problem(("org_maturity",), f"must be between 1 and {top}"))
    problems += rating_problems(fw, profile.skills, where)
    if profile.time_allocation is not None:
        problems += allocation_problems(fw, profile.time_allocation, where)

    resolved = []
    taken = {item.id for item in profile.evidence if item.id is not None}
    seen: dict[str, int] = {}
    default_scope = fw.scopes[0]
    for i, item in enumerate(profile.evidence):
        path = ("evidence", i)
        item_id = item.id if item.id is not None else f"e{i + 1}"
        if item.id is None and item_id in taken:
            add(
                where.problem(
                    path,
                    f"the default id '{item_id}' is taken by another item; give this one an id",
                )
            )
        if item_id in seen:
            add(
                where.problem(
                    (*path, "id"),
                    f"duplicate evidence id '{item_id}' (also item {seen[item_id] + 1})",
                )
            )
        seen.setdefault(item_id, i)
        problems += evidence_problems(fw, item, where, path, today=today)
        if item.id is None or item.scope is None:
            item = item.model_copy(update={"id": item_id, "scope": item.scope or default_scope})
        resolved.append(item)

    problems += criteria_problems(fw, profile.criteria, where, evidence_ids=set(seen))

    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return profile.model_copy(
        update={"evidence": resolved, "background": background_of(fw, profile.background)}
    )


def profile_from_text(
    text: str, fw: Framework, source: str = "<profile>", *, today: date | None = None
) -> Profile:
    document = load_yaml_text(text, source)
    return profile_check(validate_document(Profile, document), fw, document.where, today=today)


def profile_load(path: str | Path, fw: Framework, *, today: date | None = None) -> Profile:
    """Read a profile YAML file and check it against `fw` (and `today`, see `profile_check`)."""
    document = load_yaml_file(path)
    return profile_check(validate_document(Profile, document), fw, document.where, today=today)


def profile_from_json(
    text: str | bytes, fw: Framework, source: str = "<json>", *, today: date | None = None
) -> Profile:
    """Load a profile from JSON (the API and the benchmark use this path).

    JSON carries no line numbers here, so problems name the field path only.
    """
    where = SourceMap(source)
    try:
        profile = Profile.model_validate_json(text)
    except ValidationError as err:
        raise InputError(problems_from(err, where)) from None
    return profile_check(profile, fw, where, today=today)
