"""A person's profile: self ratings, time allocation and the evidence of their work.

The models check each value on its own; `profile_check` then checks the profile against a
framework (ids of skills, kinds, scopes and levels, rating range, allocation total). The
loaders run both and report every problem with its line and field.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from ladders.core import limits
from ladders.core.dates import recorded_date_problem
from ladders.core.errors import InputError, Problem
from ladders.core.framework import NO_BACKGROUND, Framework
from ladders.core.rules import Id
from ladders.core.validation import Day, Strict, free_text, problems_from, validate_document
from ladders.core.yamlsource import SourceMap, load_yaml_file, load_yaml_text

# The limits are the database's column sizes too, so any valid profile can be stored.
EvidenceId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=limits.ID)]
Title = Annotated[str, free_text(limits.EVIDENCE_TITLE, min_length=1)]
Outcome = Annotated[str, free_text(limits.EVIDENCE_OUTCOME, min_length=1)]
Link = Annotated[str, free_text(limits.EVIDENCE_LINK)]
Notes = Annotated[str, free_text(limits.NOTES)]


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
    skills: dict[Id, int] = Field(default_factory=dict)
    time_allocation: dict[Id, Annotated[float, Field(ge=0, le=100)]] | None = None
    compensation: Compensation | None = None
    evidence: list[EvidenceItem] = Field(default_factory=list)


def background_of(fw: Framework, stated: str | None) -> str:
    """The background a person is assessed with: the one stated, if `fw` knows it, else its default.

    The one rule for the CLI and the server. A profile file naming an unknown background is
    refused by `profile_check` before this runs; a stored person whose background a newer
    framework no longer lists is assessed with the default, like other ids it dropped.
    """
    if stated is not None and stated in fw.backgrounds:
        return stated
    return fw.default_background or NO_BACKGROUND


def profile_check(profile: Profile, fw: Framework, where: SourceMap, *, today: date | None = None) -> Profile:
    """Check `profile` against `fw`; return it with evidence ids, scopes and background filled in.

    Evidence without an id gets e1, e2, ... by its position, so a check can always name
    the items that satisfied it. Evidence without a scope is `individual`-sized: the
    smallest scope of the framework. Given `today`, evidence dated after it is refused:
    files people write are checked so; records already stored are not.
    """
    problems: list[Problem] = []
    add = problems.append

    def unknown(path: tuple, what: str, value: str, known: list[str] | dict, key: bool = False) -> None:
        hint = ", ".join(known)
        add(where.problem(path, f"unknown {what} '{value}' (expected one of: {hint})", key=key))

    if profile.background is not None and profile.background not in fw.backgrounds:
        unknown(("background",), "background", profile.background, fw.backgrounds)
    if profile.self_assessed_level is not None and profile.self_assessed_level not in fw.level_index:
        unknown(("self_assessed_level",), "level", profile.self_assessed_level, fw.level_index)
    if profile.org_maturity is not None:
        top = len(fw.maturity.levels) if fw.maturity else 0
        if not top:
            add(where.problem(("org_maturity",), "this framework has no maturity model"))
        elif not 1 <= profile.org_maturity <= top:
            add(where.problem(("org_maturity",), f"must be between 1 and {top}"))

    low, high = fw.rating_scale.min, fw.rating_scale.max
    for skill, rating in profile.skills.items():
        if skill not in fw.skill_by_id:
            unknown(("skills", skill), "skill", skill, fw.skill_by_id, True)
        elif not low <= rating <= high:
            add(where.problem(("skills", skill), f"rating {rating} is outside {low}-{high}"))

    if profile.time_allocation is not None:
        for activity in profile.time_allocation:
            if activity not in fw.activity_ids:
                unknown(("time_allocation", activity), "activity", activity, fw.activity_ids, True)
        total = sum(profile.time_allocation.values())
        if not math.isclose(total, 100, abs_tol=1e-6):
            add(where.problem(("time_allocation",), f"percentages add up to {total:g}, not 100"))

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
        kind = fw.kind_by_id.get(item.kind)
        if kind is None:
            unknown((*path, "kind"), "evidence kind", item.kind, fw.kind_by_id)
        elif item.users is not None and not kind.has_users:
            add(
                where.problem(
                    (*path, "users"), f"'users' applies only to kinds with users, not '{item.kind}'"
                )
            )
        if item.scope is not None and item.scope not in fw.scope_rank:
            unknown((*path, "scope"), "scope", item.scope, fw.scopes)
        if today is not None and (future := recorded_date_problem(item.date, today=today)):
            add(where.problem((*path, "date"), future))
        for j, skill in enumerate(item.skills):
            if skill not in fw.skill_by_id:
                add(where.problem((*path, "skills", j), f"unknown skill '{skill}'"))
        if item.id is None or item.scope is None:
            item = item.model_copy(update={"id": item_id, "scope": item.scope or default_scope})
        resolved.append(item)

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
