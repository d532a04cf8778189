"""Turn declarative rules into functions over one person's facts.

Compiling once per framework (not per person) keeps assessment cheap: the org-wide
what-if and the benchmarks assess many thousands of people against the same gates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import NamedTuple, cast

from ladders.core.framework import Framework
from ladders.core.profile import EvidenceItem
from ladders.core.rules import EvidenceRule, PointsRule, Rule, SkillsRule

_NUMBER = re.compile(r"\d")


def is_measurable(outcome: str | None) -> bool:
    """An outcome is measurable when it states a number: 40%, 12 hours/week, 3x, $20k."""
    return outcome is not None and _NUMBER.search(outcome) is not None


@dataclass(slots=True)
class Facts:
    """What the rules read about one person, indexed once per assessment."""

    ratings: dict[str, int]
    by_kind: dict[str, list[EvidenceItem]]
    by_skill: dict[str, list[str]]
    as_of: date
    floor: int = 0

    def rating(self, skill: str) -> int:
        return self.ratings.get(skill, self.floor)


def facts_of(evidence: list[EvidenceItem], ratings: dict[str, int], as_of: date, floor: int) -> Facts:
    """Index checked evidence: `profile_check` has given every item its id and scope."""
    by_kind: dict[str, list[EvidenceItem]] = {}
    by_skill: dict[str, list[str]] = {}
    for item in evidence:
        by_kind.setdefault(item.kind, []).append(item)
        for skill in item.skills:
            by_skill.setdefault(skill, []).append(cast(str, item.id))
    return Facts(ratings=ratings, by_kind=by_kind, by_skill=by_skill, as_of=as_of, floor=floor)


class Outcome(NamedTuple):
    """What a check found: a tuple, because assessment creates millions of them."""

    passed: bool
    detail: str
    evidence: list[str]


Check = Callable[[Facts], Outcome]


def compile_rule(rule: Rule, fw: Framework) -> Check:
    if rule.skills is not None:
        return _skills(rule.skills, fw)
    if rule.evidence is not None:
        return _evidence(rule.evidence, fw)
    if rule.points is not None:
        return _points(rule.points, fw)
    children = [compile_rule(child, fw) for child in (rule.all or rule.any or [])]
    need_all = rule.all is not None

    def combined(facts: Facts) -> Outcome:
        outcomes = [check(facts) for check in children]
        passed = all(o.passed for o in outcomes) if need_all else any(o.passed for o in outcomes)
        ids = list(dict.fromkeys(chain.from_iterable(o.evidence for o in outcomes)))
        joiner = "; " if need_all else "; or "
        return Outcome(passed, joiner.join(o.detail for o in outcomes), ids)

    return combined


def evidence_kinds_of(rule: Rule) -> list[str]:
    """The evidence kinds a rule asks for, in order; a plan step suggests the first."""
    kinds: list[str] = []
    for node in rule.walk():
        if node.evidence is not None:
            kinds.extend(k for k in node.evidence.kinds if k not in kinds)
    return kinds


def _skills(r: SkillsRule, fw: Framework) -> Check:
    names = {s: fw.skill_by_id[s].name for s in r.of}
    needed = r.needed()
    at_least = r.at_least
    of = r.of
    if needed == len(of):
        want = f"each ≥ {at_least}" if len(of) > 1 else f"≥ {at_least}"
    elif needed == 1:
        want = f"at least one ≥ {at_least}"
    else:
        want = f"{needed} of them ≥ {at_least}"

    names_in_order = [names[s] for s in of]
    label = "{} {}".format
    single = of[0] if len(of) == 1 else None

    def check(facts: Facts) -> Outcome:
        get, floor = facts.ratings.get, facts.floor
        values = [get(s, floor) for s in of]
        meeting = sum(map(at_least.__le__, values))
        passed = meeting >= needed
        detail = ", ".join(map(label, names_in_order, values)) + f" (needs {want})"
        if not passed and single is None:
            short = [n for n, v in zip(names_in_order, values, strict=True) if v < at_least]
            more = needed - meeting
            detail += (f"; raise {more} of: " if more < len(short) else "; raise ") + ", ".join(short)
        by_skill = facts.by_skill
        if single is not None:
            ids = list(by_skill.get(single, ()))
        else:
            ids = list(dict.fromkeys(chain.from_iterable([by_skill.get(s, ()) for s in of])))
        return Outcome(passed, detail, ids)

    return check


def _evidence(r: EvidenceRule, fw: Framework) -> Check:
    kinds = tuple(r.kinds)
    minimum = r.min
    users = r.users
    rank = fw.scope_rank
    scope_min = rank[r.scope_at_least] if r.scope_at_least else None
    measurable = r.measurable_outcome
    skills_any = frozenset(r.skills_any or ())
    within = r.within_days
    noun = " or ".join(fw.kind_by_id[k].name for k in kinds)
    filters = []
    if users:
        filters.append(f"{users} users")
    if scope_min is not None:
        filters.append(f"scope ≥ {r.scope_at_least}")
    if measurable is True:
        filters.append("a measurable outcome")
    elif measurable is False:
        filters.append("no measurable outcome")
    if skills_any:
        filters.append("skills " + "/".join(fw.skill_by_id[s].name for s in r.skills_any or ()))
    if within:
        filters.append(f"dated within {within} days")
    wanted = noun + (f" with {', '.join(filters)}" if filters else "")

    def check(facts: Facts) -> Outcome:
        matched: list[str] = []
        for kind in kinds:
            for item in facts.by_kind.get(kind, ()):
                if users is not None and item.users != users:
                    continue
                if scope_min is not None and rank[cast(str, item.scope)] < scope_min:
                    continue
                if measurable is not None and is_measurable(item.outcome) is not measurable:
                    continue
                if skills_any and skills_any.isdisjoint(item.skills):
                    continue
                if within is not None and (facts.as_of - item.date).days > within:
                    continue
                matched.append(cast(str, item.id))
        found = len(matched)
        return Outcome(found >= minimum, f"{found} found, {minimum} needed: {wanted}", matched)

    return check


def points_skills(r: PointsRule, fw: Framework) -> list[str]:
    """The skills a points rule sums over, in order; the batch engine sums the same ones."""
    if r.of is not None:
        return list(r.of)
    if r.categories is not None:
        return [s for c in r.categories for s in fw.skills_by_category[c]]
    return [s.id for s in fw.skills]


def _points(r: PointsRule, fw: Framework) -> Check:
    assert fw.points is not None  # guaranteed by the loader's cross-checks
    table = fw.points.table
    by_category = fw.skills_by_category
    skills = points_skills(r, fw)
    minimums = [
        (c, n, by_category[c], next(x.name for x in fw.category_list if x.id == c))
        for c, n in r.category_minimums.items()
    ]
    at_least = r.at_least

    def check(facts: Facts) -> Outcome:
        get, floor = facts.ratings.get, facts.floor
        total = sum(table[get(s, floor)] for s in skills)
        parts = [f"{total} points (needs {at_least})"]
        passed = total >= at_least
        for _category, need, members, name in minimums:
            got = sum(table[get(s, floor)] for s in members)
            parts.append(f"{name} {got} (needs {need})")
            passed = passed and got >= need
        by_skill = facts.by_skill
        ids = list(dict.fromkeys(chain.from_iterable(by_skill.get(s, ()) for s in skills)))
        return Outcome(passed, "; ".join(parts), ids)

    return check


def describe_rule(rule: Rule, fw: Framework) -> str:
    """A rule in words, for framework pages and reports (never parsed back)."""
    if rule.skills is not None:
        r = rule.skills
        names = [fw.skill_by_id[s].name for s in r.of]
        needed = r.needed()
        if len(names) == 1:
            return f"{names[0]} ≥ {r.at_least}"
        if needed == len(names):
            return f"{', '.join(names)} each ≥ {r.at_least}"
        lead = "at least one of" if needed == 1 else f"at least {needed} of"
        return f"{lead} {', '.join(names)} ≥ {r.at_least}"
    if rule.evidence is not None:
        r = rule.evidence
        kinds = " or ".join(fw.kind_by_id[k].name for k in r.kinds)
        filters = []
        if r.users:
            filters.append(f"{r.users} users")
        if r.scope_at_least:
            filters.append(f"scope ≥ {r.scope_at_least}")
        if r.measurable_outcome is True:
            filters.append("a measurable outcome")
        elif r.measurable_outcome is False:
            filters.append("no measurable outcome")
        if r.skills_any:
            filters.append("skills including " + " or ".join(fw.skill_by_id[s].name for s in r.skills_any))
        if r.within_days:
            filters.append(f"dated within {r.within_days} days")
        return f"≥ {r.min} {kinds}" + (f" with {', '.join(filters)}" if filters else "")
    if rule.points is not None:
        r = rule.points
        over = ""
        if r.of:
            over = " over " + ", ".join(fw.skill_by_id[s].name for s in r.of)
        elif r.categories:
            over = " over " + ", ".join(c.name for c in fw.category_list if c.id in r.categories)
        text = f"points{over} ≥ {r.at_least}"
        if r.category_minimums:
            names = {c.id: c.name for c in fw.category_list}
            text += " (" + ", ".join(f"{names[c]} ≥ {n}" for c, n in r.category_minimums.items()) + ")"
        return text
    parts = [describe_rule(child, fw) for child in (rule.all or rule.any or [])]
    return (" and " if rule.all is not None else " or ").join(parts)
