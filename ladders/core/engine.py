"""Assessment: from a framework and a profile to a level, with a reason for every verdict.

`assess` is a pure function of its arguments: the same framework, profile, date, target
and bands give the same result, and the result records the framework's content hash so
a stored assessment can always be traced to the rules that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from ladders.core.checks import Check, Facts, compile_rule, evidence_kinds_of, facts_of
from ladders.core.compensation import Bands, compensation_position
from ladders.core.errors import InputError, Problem, unknown_message
from ladders.core.framework import Framework
from ladders.core.pitfalls import growth_ceiling, pitfalls_of
from ladders.core.plans import plan_for
from ladders.core.profile import Profile, background_of
from ladders.core.results import (
    AssessmentResult,
    CheckResult,
    GateResult,
    Misread,
    Plan,
    PlannedResult,
    PointsSummary,
    SkillRow,
)
from ladders.core.rules import Rule


@dataclass(slots=True)
class CompiledGate:
    id: str
    title: str
    action: str
    evidence_kind: str | None
    check: Check


@dataclass(slots=True)
class Compiled:
    """A framework's rules as functions, built once and kept on the framework."""

    gates: list[list[CompiledGate]]
    premiums: list[Check]
    required: list[dict[str, int]]
    skills: list[tuple[str, str, str]]


def compiled(fw: Framework) -> Compiled:
    cached = fw._compiled
    if cached is None:
        gates = [
            [
                CompiledGate(
                    id=gate.id,
                    title=gate.title,
                    action=gate.action,
                    evidence_kind=next(iter(evidence_kinds_of(gate.rule)), None),
                    check=compile_rule(gate.rule, fw, level.id),
                )
                for gate in level.gates
            ]
            for level in fw.levels
        ]
        premiums = [compile_rule(p.rule, fw) for p in (fw.compensation.premiums if fw.compensation else [])]
        cached = Compiled(
            gates=gates,
            premiums=premiums,
            required=_required_ratings(fw),
            skills=[(s.id, s.name, s.category) for s in fw.skills],
        )
        fw._compiled = cached
    return cached


def _required_ratings(fw: Framework) -> list[dict[str, int]]:
    """Per level, the rating each skill definitely needs by that level (cumulative).

    Only rules that require every listed skill count: for "any one of" rules, or rules
    inside an `any:` branch, no single skill is required, so none is reported short.
    """
    out: list[dict[str, int]] = []
    running: dict[str, int] = {}

    def visit(rule: Rule) -> None:
        if rule.skills is not None and rule.skills.needed() == len(rule.skills.of):
            for skill in rule.skills.of:
                running[skill] = max(running.get(skill, fw.rating_scale.min), rule.skills.at_least)
        for child in rule.all or []:
            visit(child)

    for level in fw.levels:
        for gate in level.gates:
            visit(gate.rule)
        out.append(dict(running))
    return out


def assess(
    fw: Framework,
    profile: Profile,
    as_of: date | None = None,
    target: str | None = None,
    bands: Bands | None = None,
) -> AssessmentResult:
    """Assess `profile` against `fw` as of a date (argument, else profile's, else today).

    Evidence dated after `as_of` did not exist yet on that date and is left out, which is
    what lets past quarters be re-assessed faithfully.
    """
    when = as_of or profile.as_of or date.today()
    if target is not None and target not in fw.level_index:
        raise InputError(
            [
                Problem(
                    unknown_message("target level", target, fw.level_index),
                    field="target",
                )
            ]
        )
    rules = compiled(fw)
    evidence = [item for item in profile.evidence if item.date <= when]
    # Loading a profile gives every item an id, so none of these is None.
    later = [cast(str, item.id) for item in profile.evidence if item.date > when]
    facts = facts_of(evidence, profile.skills, when, fw.rating_scale.min, profile.criteria)

    gates: list[GateResult] = []
    reached = 0
    climbing = True
    for index, (level, level_gates) in enumerate(zip(fw.levels, rules.gates, strict=True)):
        checks: list[CheckResult] = []
        level_passed = True
        for gate in level_gates:
            passed, detail, cited = gate.check(facts)
            level_passed = level_passed and passed
            checks.append(
                {"id": gate.id, "title": gate.title, "passed": passed, "detail": detail, "evidence": cited}
            )
        gates.append({"level": level.id, "name": level.name, "passed": level_passed, "checks": checks})
        # Gates are cumulative: the first level that fails stops the climb.
        if climbing and level_passed:
            reached = index
        elif climbing:
            climbing = False

    level = fw.levels[reached]
    next_level = fw.levels[reached + 1] if reached + 1 < len(fw.levels) else None
    self_level = profile.self_assessed_level
    misread: Misread | None = None
    if self_level is not None:
        diff = fw.level_index[self_level] - reached
        misread = "over" if diff > 0 else "under" if diff < 0 else "accurate"

    next_required = rules.required[reached + 1] if next_level else rules.required[reached]
    get, floor = facts.ratings.get, facts.floor
    skills: list[SkillRow] = [
        {
            "id": skill,
            "name": name,
            "category": category,
            "rating": get(skill, floor),
            "next_level_needs": next_required.get(skill),
        }
        for skill, name, category in rules.skills
    ]
    background = background_of(fw, profile.background)
    result: AssessmentResult = {
        "framework": {"id": fw.id, "name": fw.name, "version": fw.version, "hash": fw.content_hash},
        "person": {
            "name": profile.name,
            "years_experience": profile.years_experience,
            "background": background,
        },
        "as_of": when.isoformat(),
        "level": level.id,
        "level_name": level.name,
        "next_level": next_level.id if next_level else None,
        "self_assessed_level": self_level,
        "misread": misread,
        "gates": gates,
        "plan": plan_for(fw, rules.gates, gates, reached, target, background),
        "pitfalls": pitfalls_of(fw, profile, facts, evidence, reached),
        "growth_ceiling": growth_ceiling(fw, profile, reached),
        "compensation": None,
        "skills": skills,
        "points": _points_summary(fw, facts),
        "evidence_after_as_of": later,
        "evidence_titles": {cast(str, item.id): item.title for item in profile.evidence},
    }
    if bands is not None:
        result["compensation"] = compensation_position(
            fw,
            profile,
            level.id,
            next_level.id if next_level else None,
            bands,
            facts,
            rules.premiums,
        )
    return result


def _points_summary(fw: Framework, facts: Facts) -> PointsSummary | None:
    if fw.points is None:
        return None
    table = fw.points.table
    by_category = {
        c.id: sum(table[facts.rating(s)] for s in fw.skills_by_category.get(c.id, []))
        for c in fw.category_list
    }
    total = sum(by_category.values())
    sub_level = None
    for sub in fw.points.sub_levels:
        if total >= sub.at_least:
            sub_level = sub.name
    return {"total": total, "by_category": by_category, "sub_level": sub_level}


def cited_evidence(result: AssessmentResult) -> list[str]:
    """Every evidence id a result cites (its checks, then its pitfalls), each once, in order.

    A stored assessment keeps what these items said when it was made, so that editing or
    deleting evidence later cannot change what the record shows.
    """
    ids: dict[str, None] = {}
    for gate in result.get("gates") or []:
        for check in gate.get("checks") or []:
            ids.update(dict.fromkeys(check.get("evidence") or []))
    for pitfall in result.get("pitfalls") or []:
        ids.update(dict.fromkeys(pitfall.get("evidence") or []))
    return list(ids)


def plan_above(
    fw: Framework, result: AssessmentResult, level: str | None
) -> AssessmentResult | PlannedResult:
    """`result` with its plan, and the skills' marks, aimed at the level above `level`.

    A person's recorded level can sit above what the evidence shows (after a promotion that
    was justified despite a failing check). Their plan then leads to the level above the
    recorded one, and, gates being cumulative, lists what the recorded level still lacks
    first. The skills' `next_level_needs` then mark what that level needs, named by the added
    `skills_needs_level`. An unknown or missing `level` leaves the engine's own plan; `result`
    itself is not changed.
    """
    if level not in fw.level_index:
        return result
    rules = compiled(fw)
    goal = fw.level_index[level] + 1
    if goal >= len(fw.levels):
        plan: Plan = {"target": None, "steps": [], "months": None}
        goal -= 1  # at the top, mark what the recorded level itself needs
        needs = rules.required[goal]
    else:
        reached = fw.level_index[result["level"]]
        background = result["person"]["background"]
        plan = plan_for(fw, rules.gates, result["gates"], reached, fw.levels[goal].id, background)
        needs = rules.required[goal]
    skills: list[SkillRow] = [
        {**skill, "next_level_needs": needs.get(skill["id"])} for skill in result["skills"]
    ]
    return {**result, "plan": plan, "skills": skills, "skills_needs_level": fw.levels[goal].id}


def marked_level(result: AssessmentResult | PlannedResult) -> str:
    """The level whose needs the skills' `next_level_needs` mark.

    The next level, or at the top of the ladder the current one; a plan from the recorded
    level (`plan_above`) names the level it marks.
    """
    marked = result.get("skills_needs_level")
    return marked if isinstance(marked, str) else result["next_level"] or result["level"]
