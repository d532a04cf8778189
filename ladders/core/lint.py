"""Lint a framework that already loads: what is valid but probably not meant.

The loader refuses what cannot work (unknown ids, a rating outside the scale); the lint
finds what works but misleads: a level nobody can reach, a level above the first with no
gates, rubric lines repeated across ratings, criteria repeated within a level, and, as
information only, skills no gate or premium reads (a ladder may rate skills that feed
plans and charts without gating on them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ladders.core.checks import criteria_topics
from ladders.core.framework import Framework
from ladders.core.rules import Rule
from ladders.core.yamlsource import PathKey, SourceMap

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    message: str
    source: str
    line: int | None
    column: int | None
    field: str

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.source, self.line, self.column) if p is not None)
        return (
            f"{where}: {self.severity}: {self.field}: {self.message}"
            if self.field
            else f"{where}: {self.severity}: {self.message}"
        )


def lint(fw: Framework, where: SourceMap) -> list[Finding]:
    """Every finding, errors first, then by line."""
    found = [*_unreachable(fw, where), *_gateless(fw, where), *_rubrics(fw, where), *_criteria(fw, where)]
    found += _unused_skills(fw, where)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(found, key=lambda f: (order[f.severity], f.line or 0, f.column or 0))


def _finding(where: SourceMap, severity: Severity, path: PathKey, message: str) -> Finding:
    problem = where.problem(path, message)
    return Finding(severity, message, problem.source, problem.line, problem.column, problem.field)


def _impossible(fw: Framework, rule: Rule, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    """Why `rule` can never pass, per reason; nothing when some profile can pass it."""
    top = fw.rating_scale.max
    if rule.points is not None and fw.points is not None:
        r = rule.points
        table = fw.points.table
        skills = (
            list(r.of)
            if r.of is not None
            else [s for c in r.categories for s in fw.skills_by_category.get(c, [])]
            if r.categories is not None
            else [s.id for s in fw.skills]
        )
        best = sum(table.get(top, 0) for _ in skills)
        if r.at_least > best:
            yield (*path, "points", "at_least"), f"asks for {r.at_least} points; the most possible is {best}"
        for category, need in r.category_minimums.items():
            most = table.get(top, 0) * len(fw.skills_by_category.get(category, []))
            if need > most:
                yield (
                    (*path, "points", "category_minimums", category),
                    f"asks {category} for {need} points; the most possible is {most}",
                )
    if rule.skills is not None and len(set(rule.skills.of)) < rule.skills.needed():
        yield (*path, "skills", "need"), "needs more distinct skills than it lists"
    if rule.all is not None:
        for k, child in enumerate(rule.all):
            yield from _impossible(fw, child, (*path, "all", k))
    if rule.any is not None:
        reasons = [list(_impossible(fw, child, (*path, "any", k))) for k, child in enumerate(rule.any)]
        if all(reasons):
            for reason in reasons:
                yield from reason


def _unreachable(fw: Framework, where: SourceMap) -> Iterator[Finding]:
    blocked: str | None = None
    for i, level in enumerate(fw.levels):
        for j, gate in enumerate(level.gates):
            for path, why in _impossible(fw, gate.rule, ("levels", i, "gates", j, "rule")):
                yield _finding(
                    where, "error", path, f"level '{level.id}' cannot be reached: gate '{gate.id}' {why}"
                )
                blocked = blocked or level.id
        if blocked and blocked != level.id:
            yield _finding(
                where,
                "error",
                ("levels", i, "id"),
                f"level '{level.id}' cannot be reached: '{blocked}' below it cannot",
            )
    if fw.compensation:
        for i, premium in enumerate(fw.compensation.premiums):
            for path, why in _impossible(fw, premium.rule, ("compensation", "premiums", i, "rule")):
                yield _finding(where, "error", path, f"premium '{premium.id}' can never apply: it {why}")


def _gateless(fw: Framework, where: SourceMap) -> Iterator[Finding]:
    for i, level in enumerate(fw.levels[1:], start=1):
        if not level.gates:
            yield _finding(
                where,
                "warning",
                ("levels", i, "id"),
                f"level '{level.id}' has no gates: anyone reaching the level below reaches it too",
            )
    for i, level in enumerate(fw.levels):
        for j, gate in enumerate(level.gates):
            for node in gate.rule.walk():
                r = node.criteria
                if r is not None and not any(
                    ids for _t, ids, _n in criteria_topics(r, fw, r.level or level.id)
                ):
                    yield _finding(
                        where,
                        "warning",
                        ("levels", i, "gates", j, "rule"),
                        f"gate '{gate.id}' reads criteria but there are none in the topics it reads",
                    )


def _rubrics(fw: Framework, where: SourceMap) -> Iterator[Finding]:
    for i, skill in enumerate(fw.skills):
        seen: dict[str, int] = {}
        for rating, text in skill.rubric.items():
            key = " ".join(text.split()).casefold()
            if key in seen:
                yield _finding(
                    where,
                    "warning",
                    ("skills", i, "rubric", rating),
                    f"skill '{skill.id}': the rubric line for rating {rating} repeats rating {seen[key]}",
                )
            else:
                seen[key] = rating


def _criteria(fw: Framework, where: SourceMap) -> Iterator[Finding]:
    seen: dict[tuple[str, str], str] = {}
    for i, criterion in enumerate(fw.criteria):
        key = (criterion.level, " ".join(criterion.text.split()).casefold())
        if key in seen:
            yield _finding(
                where,
                "warning",
                ("criteria", i, "text"),
                f"criterion '{criterion.id}' repeats '{seen[key]}' at level '{criterion.level}'",
            )
        else:
            seen[key] = criterion.id


def _read_skills(fw: Framework, rule: Rule) -> set[str]:
    out: set[str] = set()
    for node in rule.walk():
        if node.skills is not None:
            out.update(node.skills.of)
        if node.evidence is not None:
            out.update(node.evidence.skills_any or ())
        if node.points is not None:
            r = node.points
            if r.of is not None:
                out.update(r.of)
            elif r.categories is not None:
                out.update(s for c in r.categories for s in fw.skills_by_category.get(c, []))
            else:
                out.update(s.id for s in fw.skills)
            out.update(s for c in r.category_minimums for s in fw.skills_by_category.get(c, []))
    return out


def _unused_skills(fw: Framework, where: SourceMap) -> Iterator[Finding]:
    rules = [gate.rule for level in fw.levels for gate in level.gates]
    rules += [p.rule for p in (fw.compensation.premiums if fw.compensation else [])]
    used: set[str] = set()
    for rule in rules:
        used |= _read_skills(fw, rule)
    for i, skill in enumerate(fw.skills):
        if skill.id not in used:
            yield _finding(
                where,
                "info",
                ("skills", i, "id"),
                f"skill '{skill.id}' is rated but no gate or premium reads it",
            )
