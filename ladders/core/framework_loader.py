"""Load a framework file, check it as a whole, and give it a content hash.

Every problem found is reported at once, each with file:line:column and the field path,
so a person editing a ladder can fix a file in one pass.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ladders.core.errors import InputError, Problem
from ladders.core.framework import NO_BACKGROUND, Framework
from ladders.core.rules import CriteriaRule, Rule
from ladders.core.validation import validate_document
from ladders.core.yamlsource import Document, PathKey, SourceMap, load_yaml_file, load_yaml_text

FRAMEWORKS_DIR = Path(__file__).resolve().parent.parent / "frameworks"
DEFAULT_FRAMEWORK = FRAMEWORKS_DIR / "ai-engineer.yaml"
USERS_VALUES = ("real", "internal", "none")


def content_hash(data: Any) -> str:
    """sha256 of the canonical JSON of the parsed document.

    Hashing the parsed data rather than the bytes means comments, key order and
    whitespace do not change the hash; anything a result could depend on does.
    """
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def framework_from_document(document: Document) -> Framework:
    framework = validate_document(Framework, document)
    problems = list(_cross_check(framework, document.where))
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    framework._content_hash = content_hash(document.data)
    return framework


def framework_from_text(text: str, source: str = "<framework>") -> Framework:
    """Load a framework from YAML text (an upload, say); `source` names it in errors."""
    return framework_from_document(load_yaml_text(text, source))


def framework_load(path: str | Path | None = None) -> Framework:
    """Load a framework file; with no path, the shipped default ladder."""
    if path is None:
        return default_framework()
    return framework_from_document(load_yaml_file(path))


@lru_cache(maxsize=1)
def default_framework() -> Framework:
    return framework_from_document(load_yaml_file(DEFAULT_FRAMEWORK))


def _duplicates(ids: Iterable[tuple[PathKey, str]], what: str, where: SourceMap) -> list[Problem]:
    seen: dict[str, PathKey] = {}
    problems = []
    for path, value in ids:
        if value in seen:
            first, _ = where.locate(seen[value])
            problems.append(where.problem(path, f"duplicate {what} id '{value}' (first on line {first})"))
        else:
            seen[value] = path
    return problems


def _unknown(where: SourceMap, path: PathKey, what: str, value: str, known: Iterable[str]) -> Problem:
    options = sorted(known)
    hint = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return where.problem(path, f"unknown {what} '{value}' (known: {hint})")


def _cross_check(fw: Framework, where: SourceMap) -> Iterable[Problem]:
    category_ids = [c.id for c in fw.category_list]
    yield from _duplicates(((("categories", i), c) for i, c in enumerate(category_ids)), "category", where)
    yield from _duplicates(((("skills", i, "id"), s.id) for i, s in enumerate(fw.skills)), "skill", where)
    yield from _duplicates(
        ((("evidence_kinds", i, "id"), k.id) for i, k in enumerate(fw.evidence_kinds)),
        "evidence kind",
        where,
    )
    yield from _duplicates(((("levels", i, "id"), lv.id) for i, lv in enumerate(fw.levels)), "level", where)
    yield from _duplicates(((("scopes", i), s) for i, s in enumerate(fw.scopes)), "scope", where)
    yield from _duplicates(
        ((("activities", i, "id"), a.id) for i, a in enumerate(fw.activities)), "activity", where
    )
    yield from _duplicates(
        ((("pitfalls", i, "id"), p.id) for i, p in enumerate(fw.pitfalls)), "pitfall", where
    )
    yield from _duplicates(
        (
            (("levels", i, "gates", j, "id"), gate.id)
            for i, level in enumerate(fw.levels)
            for j, gate in enumerate(level.gates)
        ),
        "gate",
        where,
    )

    scale = fw.rating_scale
    wanted = set(range(scale.min + 1, scale.max + 1))
    for i, skill in enumerate(fw.skills):
        if skill.category not in category_ids:
            yield _unknown(where, ("skills", i, "category"), "category", skill.category, category_ids)
        keys = set(skill.rubric)
        missing = sorted(wanted - keys)
        extra = sorted(keys - wanted - {scale.min})
        if missing:
            yield where.problem(("skills", i, "rubric"), f"rubric has no line for rating(s) {missing}")
        if extra:
            yield where.problem(
                ("skills", i, "rubric"),
                f"rubric rating(s) {extra} are outside the scale {scale.min}-{scale.max}",
            )

    for i, level in enumerate(fw.levels):
        for j, activity in enumerate(level.growth_activities):
            if activity not in fw.activity_ids:
                yield _unknown(
                    where,
                    ("levels", i, "growth_activities", j),
                    "activity",
                    activity,
                    fw.activity_ids,
                )
        for j, gate in enumerate(level.gates):
            yield from _check_rule(fw, gate.rule, ("levels", i, "gates", j, "rule"), where, level.id)

    yield from _check_criteria(fw, where, category_ids)

    for i, pitfall in enumerate(fw.pitfalls):
        for j, kind in enumerate(pitfall.kinds or []):
            if kind not in fw.kind_by_id:
                yield _unknown(where, ("pitfalls", i, "kinds", j), "evidence kind", kind, fw.kind_by_id)

    if fw.maturity is not None:
        yield from _duplicates(
            ((("maturity", "phases", i, "id"), p.id) for i, p in enumerate(fw.maturity.phases)),
            "phase",
            where,
        )
        for i, mlevel in enumerate(fw.maturity.levels):
            if mlevel.supports_level not in fw.level_index:
                yield _unknown(
                    where,
                    ("maturity", "levels", i, "supports_level"),
                    "level",
                    mlevel.supports_level,
                    fw.level_index,
                )

    yield from _check_default_background(fw, where)

    for i, transition in enumerate(fw.transitions):
        yield from _check_step(fw, where, ("transitions", i), transition.from_, transition.to)
        for background in transition.months_by_background:
            if background not in fw.backgrounds:
                yield _unknown(
                    where,
                    ("transitions", i, "months_by_background", background),
                    "background",
                    background,
                    fw.backgrounds,
                )

    if fw.compensation is not None:
        yield from _duplicates(
            ((("compensation", "premiums", i, "id"), p.id) for i, p in enumerate(fw.compensation.premiums)),
            "premium",
            where,
        )
        for i, premium in enumerate(fw.compensation.premiums):
            yield from _check_rule(fw, premium.rule, ("compensation", "premiums", i, "rule"), where)
            if premium.percent[1] < premium.percent[0]:
                yield where.problem(
                    ("compensation", "premiums", i, "percent"), "the range must be [low, high]"
                )
        for i, jump in enumerate(fw.compensation.jumps):
            yield from _check_step(fw, where, ("compensation", "jumps", i), jump.from_, jump.to)
            if jump.percent[1] < jump.percent[0]:
                yield where.problem(("compensation", "jumps", i, "percent"), "the range must be [low, high]")

    if fw.points is not None:
        table = fw.points.table
        ratings = list(range(scale.min, scale.max + 1))
        if sorted(table) != ratings:
            yield where.problem(
                ("points", "table"), f"the table needs exactly one entry per rating {ratings}"
            )
        elif any(table[a] > table[b] for a, b in itertools.pairwise(ratings)):
            # A higher rating worth fewer points would let a better rating lower a level.
            yield where.problem(("points", "table"), "points must not decrease as the rating rises")
        thresholds = [s.at_least for s in fw.points.sub_levels]
        if thresholds != sorted(set(thresholds)):
            yield where.problem(
                ("points", "sub_levels"), "sub-levels must be listed with rising at_least values"
            )


def _check_default_background(fw: Framework, where: SourceMap) -> Iterable[Problem]:
    """A profile without a background must have one to fall back on."""
    if fw.default_background is None:
        if NO_BACKGROUND not in fw.backgrounds:
            yield where.problem(
                ("backgrounds",),
                f"profiles that name no background get '{NO_BACKGROUND}': add '{NO_BACKGROUND}' to "
                "the backgrounds, or set default_background to one of them",
            )
    elif fw.default_background not in fw.backgrounds:
        yield _unknown(where, ("default_background",), "background", fw.default_background, fw.backgrounds)


def _check_step(fw: Framework, where: SourceMap, path: PathKey, low: str, high: str) -> Iterable[Problem]:
    for key, value in (("from", low), ("to", high)):
        if value not in fw.level_index:
            yield _unknown(where, (*path, key), "level", value, fw.level_index)
    if low in fw.level_index and high in fw.level_index and fw.level_index[high] <= fw.level_index[low]:
        yield where.problem((*path, "to"), f"'{high}' must be a higher level than '{low}'")


def _check_criteria(fw: Framework, where: SourceMap, category_ids: list[str]) -> Iterable[Problem]:
    """Criteria ids are unique, and each names a known topic (category) and level."""
    yield from _duplicates(
        ((("criteria", i, "id"), c.id) for i, c in enumerate(fw.criteria)), "criterion", where
    )
    for i, criterion in enumerate(fw.criteria):
        if criterion.topic not in category_ids:
            yield _unknown(where, ("criteria", i, "topic"), "topic (category)", criterion.topic, category_ids)
        if criterion.level not in fw.level_index:
            yield _unknown(where, ("criteria", i, "level"), "level", criterion.level, fw.level_index)


def _check_criteria_rule(
    fw: Framework, r: CriteriaRule, path: PathKey, where: SourceMap, level: str | None
) -> Iterable[Problem]:
    categories = [c.id for c in fw.category_list]
    if r.level is None and level is None:
        yield where.problem(
            (*path, "criteria"), "a criteria rule outside a level's gates must name its level"
        )
    if r.level is not None and r.level not in fw.level_index:
        yield _unknown(where, (*path, "criteria", "level"), "level", r.level, fw.level_index)
    for k, topic in enumerate(r.topics or []):
        if topic not in categories:
            yield _unknown(where, (*path, "criteria", "topics", k), "topic (category)", topic, categories)
    for topic in r.shares:
        if topic not in categories:
            yield _unknown(where, (*path, "criteria", "shares", topic), "topic (category)", topic, categories)


def _check_rule(
    fw: Framework, rule: Rule, path: PathKey, where: SourceMap, level: str | None = None
) -> Iterable[Problem]:
    scale = fw.rating_scale
    if rule.criteria is not None:
        yield from _check_criteria_rule(fw, rule.criteria, path, where, level)
    if rule.skills is not None:
        r = rule.skills
        for k, skill in enumerate(r.of):
            if skill not in fw.skill_by_id:
                yield _unknown(where, (*path, "skills", "of", k), "skill", skill, fw.skill_by_id)
        if not scale.min <= r.at_least <= scale.max:
            yield where.problem(
                (*path, "skills", "at_least"),
                f"must be within the rating scale {scale.min}-{scale.max}",
            )
        if isinstance(r.need, int) and not isinstance(r.need, bool) and r.need > len(r.of):
            yield where.problem(
                (*path, "skills", "need"), f"needs {r.need} skills but lists only {len(r.of)}"
            )
    if rule.evidence is not None:
        r = rule.evidence
        for k, kind in enumerate(r.kinds):
            if kind not in fw.kind_by_id:
                yield _unknown(where, (*path, "evidence", "kinds", k), "evidence kind", kind, fw.kind_by_id)
        if r.users is not None:
            if r.users not in USERS_VALUES:
                yield _unknown(where, (*path, "evidence", "users"), "users value", r.users, USERS_VALUES)
            no_users = [k for k in r.kinds if k in fw.kind_by_id and not fw.kind_by_id[k].has_users]
            if no_users:
                yield where.problem(
                    (*path, "evidence", "users"),
                    f"kinds {no_users} have no users (set has_users on the kind)",
                )
        if r.scope_at_least is not None and r.scope_at_least not in fw.scope_rank:
            yield _unknown(where, (*path, "evidence", "scope_at_least"), "scope", r.scope_at_least, fw.scopes)
        for k, skill in enumerate(r.skills_any or []):
            if skill not in fw.skill_by_id:
                yield _unknown(where, (*path, "evidence", "skills_any", k), "skill", skill, fw.skill_by_id)
    if rule.points is not None:
        r = rule.points
        if fw.points is None:
            yield where.problem((*path, "points"), "a points rule needs a top-level 'points' table")
        for k, skill in enumerate(r.of or []):
            if skill not in fw.skill_by_id:
                yield _unknown(where, (*path, "points", "of", k), "skill", skill, fw.skill_by_id)
        categories = fw.skills_by_category
        for k, category in enumerate(r.categories or []):
            if category not in categories:
                yield _unknown(where, (*path, "points", "categories", k), "category", category, categories)
        for category in r.category_minimums:
            if category not in categories:
                yield _unknown(
                    where,
                    (*path, "points", "category_minimums", category),
                    "category",
                    category,
                    categories,
                )
    for key in ("all", "any"):
        for k, child in enumerate(getattr(rule, key) or []):
            yield from _check_rule(fw, child, (*path, key, k), where, level)
