"""Turn declarative rules into functions over one person's facts.

Compiling once per framework (not per person) keeps assessment cheap: the org-wide
what-if and the benchmarks assess many thousands of people against the same gates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import NamedTuple, cast

from ladders.core.framework import Framework
from ladders.core.profile import EvidenceItem
from ladders.core.rules import CriteriaRule, EvidenceRule, PointsRule, Rule, SkillsRule

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
    criteria: dict[str, list[str]] = field(default_factory=dict)
    """Met criteria, each with the ids of the evidence cited that exists by `as_of`."""

    def rating(self, skill: str) -> int:
        return self.ratings.get(skill, self.floor)


def facts_of(
    evidence: list[EvidenceItem],
    ratings: dict[str, int],
    as_of: date,
    floor: int,
    criteria: Mapping[str, list[str]] | None = None,
) -> Facts:
    """Index checked evidence: `profile_check` has given every item its id and scope.

    A criterion stays met when it cites no evidence (self-asserted) or some of the evidence
    it cites exists by `as_of`; one that cites only later evidence was not met yet.
    """
    by_kind: dict[str, list[EvidenceItem]] = {}
    by_skill: dict[str, list[str]] = {}
    for item in evidence:
        by_kind.setdefault(item.kind, []).append(item)
        for skill in item.skills:
            by_skill.setdefault(skill, []).append(cast(str, item.id))
    met: dict[str, list[str]] = {}
    if criteria:
        known = {cast(str, item.id) for item in evidence}
        for criterion, cited in criteria.items():
            present = [e for e in cited if e in known]
            if present or not cited:
                met[criterion] = present
    return Facts(ratings=ratings, by_kind=by_kind, by_skill=by_skill, as_of=as_of, floor=floor, criteria=met)


class Outcome(NamedTuple):
    """What a check found: a tuple, because assessment creates millions of them."""

    passed: bool
    detail: str
    evidence: list[str]


Check = Callable[[Facts], Outcome]


def compile_rule(rule: Rule, fw: Framework, level: str | None = None) -> Check:
    """`rule` as a function; `level` is the level whose gate holds it (criteria rules read it)."""
    if rule.skills is not None:
        return _skills(rule.skills, fw)
    if rule.evidence is not None:
        return _evidence(rule.evidence, fw)
    if rule.points is not None:
        return _points(rule.points, fw)
    if rule.criteria is not None:
        return _criteria(rule.criteria, fw, level)
    children = [compile_rule(child, fw, level) for child in (rule.all or rule.any or [])]
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


def criteria_rule_level(r: CriteriaRule, level: str | None) -> str:
    """The level whose criteria a criteria rule reads: its own `level`, else the gate's."""
    wanted = r.level or level
    if wanted is None:  # the loader refuses a criteria rule outside a gate without a level
        raise ValueError("a criteria rule outside a level's gates must name its level")
    return wanted


def criteria_topics(r: CriteriaRule, fw: Framework, level: str) -> list[tuple[str, list[str], int]]:
    """Per topic the rule reads: the topic, its criteria at `level`, and how many must be met."""
    by_topic = fw.criteria_of(level)
    topics = list(r.topics) if r.topics is not None else list(by_topic)
    out = []
    for topic in topics:
        ids = [c.id for c in by_topic.get(topic, [])]
        share = r.shares.get(topic, r.share)
        # A share such as 0.7 of 10 criteria needs 7, not 8 from float rounding.
        out.append((topic, ids, math.ceil(share * len(ids) - 1e-9)))
    return out


def _criteria(r: CriteriaRule, fw: Framework, level: str | None) -> Check:
    wanted_level = criteria_rule_level(r, level)
    names = {c.id: c.name for c in fw.category_list}
    topics = criteria_topics(r, fw, wanted_level)

    def check(facts: Facts) -> Outcome:
        met_all = facts.criteria
        passed = True
        parts = []
        cited: dict[str, None] = {}
        for topic, ids, needed in topics:
            met = [c for c in ids if c in met_all]
            passed = passed and len(met) >= needed
            words = [f"{names.get(topic, topic)} {len(met)} of {len(ids)} met (needs {needed})"]
            if met:
                shown = []
                for c in met:
                    evidence = met_all[c]
                    cited.update(dict.fromkeys(evidence))
                    shown.append(f"{c} [{', '.join(evidence)}]" if evidence else f"{c} (self-asserted)")
                words.append("met: " + ", ".join(shown))
            unmet = [c for c in ids if c not in met_all]
            if unmet:
                words.append("unmet: " + ", ".join(unmet))
            parts.append(": ".join(words[:1]) + ("; " + "; ".join(words[1:]) if len(words) > 1 else ""))
        return Outcome(passed, " | ".join(parts) or "no criteria at this level", list(cited))

    return check


def describe_rule(rule: Rule, fw: Framework, level: str | None = None) -> str:
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
    if rule.criteria is not None:
        r = rule.criteria
        names = {c.id: c.name for c in fw.category_list}
        wanted = r.level or level
        level_name = fw.level_by_id[wanted].name if wanted in fw.level_by_id else "this level"
        topics = criteria_topics(r, fw, wanted) if wanted else []
        pieces = [f"{needed} of {len(ids)} in {names.get(topic, topic)}" for topic, ids, needed in topics]
        return f"criteria of {level_name} met: " + (", ".join(pieces) if pieces else "none listed")
    parts = [describe_rule(child, fw, level) for child in (rule.all or rule.any or [])]
    return (" and " if rule.all is not None else " or ").join(parts)
