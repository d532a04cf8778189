"""The compiled rules' batch form: each rule as a function over a whole org's facts.

`ladders.core.checks` turns a rule into a function over one person; this module turns the
same rule into a function over the arrays of `ladders.core.facts_arrays`, answering for
everyone at once with numpy. Each function mirrors its counterpart filter for filter and
in the same order, because the order decides where `assess` would stop with an error (an
item whose scope the framework does not rank). People for whom `assess` would do anything
other than answer are marked *unsure*, and the batch engine hands them to `assess` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ladders.core.checks import points_skills
from ladders.core.facts_arrays import FactsArrays
from ladders.core.facts_record import NO_SCOPE, UNRATED, USERS_CODES, FactsRecordError
from ladders.core.framework import Framework
from ladders.core.rules import EvidenceRule, PointsRule, Rule, SkillsRule

Bools = NDArray[np.bool_]


class Verdict(NamedTuple):
    """A rule's answer for every person, and who only `assess` can answer for (None: nobody)."""

    passed: Bools
    unsure: Bools | None


class NotVectorised(Exception):
    """A rule kind with no batch form: its gate is left to `assess`, person by person."""


class OrgFacts:
    """An org's facts as one framework reads them on one date.

    Ratings are in the framework's skill order with its floor for the unrated. An evidence
    rule reads only the items of its kinds (`FactsArrays.by_kind`) that are dated on or
    before `as_of`, the only ones `assess` sees.
    """

    def __init__(self, fw: Framework, facts: FactsArrays, as_of: date) -> None:
        tables = facts.tables
        missing = tables.missing(fw)
        if missing:
            raise FactsRecordError(
                f"the facts records were packed without {', '.join(missing[:5])} of framework "
                f"'{fw.id}' {fw.version}; pack them against tables covering it"
            )
        self.fw = fw
        self.facts = facts
        self.people = facts.people
        self.today = as_of.toordinal()
        self._column = {s.id: i for i, s in enumerate(fw.skills)}
        raw = facts.ratings[:, [tables.skill_index[s.id] for s in fw.skills]]
        self.ratings: NDArray[np.int32] = np.where(raw == UNRATED, fw.rating_scale.min, raw).astype(np.int32)

    def columns(self, skills: Iterable[str]) -> list[int]:
        """The ratings columns of `skills`, repeats kept (a rule listing a skill twice counts it twice)."""
        return [self._column[s] for s in skills]

    def items_of_kinds(self, kinds: Sequence[str]) -> NDArray[np.intp]:
        """The items of each kind in turn dated by `as_of`, as `checks._evidence` loops over them."""
        index = self.facts.tables.kind_index
        order, starts = self.facts.by_kind
        items: NDArray[np.intp] = np.concatenate(
            [order[starts[index[k]] : starts[index[k] + 1]] for k in kinds]
        )
        return items[self.facts.day[items] <= self.today]

    def skills_mask(self, skills: Iterable[str]) -> NDArray[np.uint8]:
        """A bitmask in the records' layout with the bits of `skills` set."""
        tables = self.facts.tables
        bits = np.zeros(len(tables.skills), dtype=np.uint8)
        bits[[tables.skill_index[s] for s in skills]] = 1
        return np.packbits(bits, bitorder="little")

    def who(self, items: NDArray[np.intp]) -> Bools:
        """Everyone with at least one of `items`."""
        marked = np.zeros(self.people, dtype=bool)
        marked[self.person[items]] = True
        return marked

    @property
    def person(self) -> NDArray[np.intp]:
        return self.facts.item_person

    @cached_property
    def rank(self) -> NDArray[np.int32]:
        """Each item's scope rank in the framework, -1 where it has none the framework ranks."""
        tables = self.facts.tables
        ranks = np.full(NO_SCOPE + 1, -1, dtype=np.int32)
        for scope, rank in self.fw.scope_rank.items():
            ranks[tables.scope_index[scope]] = rank
        return ranks[self.facts.scope]

    @property
    def points(self) -> NDArray[np.int64]:
        """people x skills: the points each rating is worth (0 where the table lists none)."""
        return self._points[0]

    @property
    def pointless(self) -> Bools:
        """people x skills: ratings the points table does not list (`assess` fails on them)."""
        return self._points[1]

    @cached_property
    def _points(self) -> tuple[NDArray[np.int64], Bools]:
        assert self.fw.points is not None  # a points rule needs a table (the loader checks)
        table = self.fw.points.table
        low, high = min(table), max(table)
        values = np.array([table.get(r, 0) for r in range(low, high + 1)], dtype=np.int64)
        listed = np.array([r in table for r in range(low, high + 1)], dtype=bool)
        shifted = self.ratings - low
        at = np.clip(shifted, 0, high - low)
        return values[at], ~((shifted >= 0) & (shifted <= high - low) & listed[at])


VectorCheck = Callable[[OrgFacts], Verdict]

NOT_PACKED = frozenset({"criteria"})
"""Rule kinds that read what facts records do not carry (met criteria): the batch engine
cannot answer for a framework that uses one, even through `assess`, so it refuses it."""


def facts_hold_every_rule(fw: Framework) -> bool:
    """Whether every rule of `fw` reads only what a facts record packs (no criteria rule).

    When not, the batch engine cannot answer even by handing people to `assess`, so callers
    assess each person's real profile instead.
    """
    rules = [gate.rule for level in fw.levels for gate in level.gates]
    rules += [p.rule for p in (fw.compensation.premiums if fw.compensation else [])]
    return not any(rule_kind(node) in NOT_PACKED for rule in rules for node in rule.walk())


def either(flags: Iterable[Bools | None]) -> Bools | None:
    """Everyone flagged by any of `flags`; None when none flags anybody."""
    out: Bools | None = None
    for flag in flags:
        if flag is not None:
            out = flag.copy() if out is None else out | flag
    return out


def rule_kind(rule: Rule) -> str:
    """Which of the rule's fields it uses (exactly one, by the model's own check)."""
    return next(name for name in type(rule).model_fields if getattr(rule, name) is not None)


def vector_rule(rule: Rule, fw: Framework) -> VectorCheck:
    """The batch form of `rule`; raises `NotVectorised` for a kind without one."""
    kind = rule_kind(rule)
    if kind in ("all", "any"):
        children = [vector_rule(child, fw) for child in rule.all or rule.any or []]
        return _combined(children, need_all=kind == "all")
    make = VECTORISED.get(kind)
    if make is None:
        raise NotVectorised(kind)
    return make(getattr(rule, kind), fw)


def _combined(children: list[VectorCheck], *, need_all: bool) -> VectorCheck:
    join = np.logical_and.reduce if need_all else np.logical_or.reduce

    def check(org: OrgFacts) -> Verdict:
        verdicts = [child(org) for child in children]
        return Verdict(join([v.passed for v in verdicts]), either(v.unsure for v in verdicts))

    return check


def _skills(r: SkillsRule, fw: Framework) -> VectorCheck:
    needed, at_least, of = r.needed(), r.at_least, list(r.of)

    def check(org: OrgFacts) -> Verdict:
        meeting = (org.ratings[:, org.columns(of)] >= at_least).sum(axis=1)
        return Verdict(meeting >= needed, None)

    return check


def _evidence(r: EvidenceRule, fw: Framework) -> VectorCheck:
    kinds, minimum, measurable, within = list(r.kinds), r.min, r.measurable_outcome, r.within_days
    users = None if r.users is None else USERS_CODES.index(r.users) if r.users in USERS_CODES else -1
    scope_min = fw.scope_rank[r.scope_at_least] if r.scope_at_least else None
    skills_any = list(r.skills_any or ())

    def check(org: OrgFacts) -> Verdict:
        facts = org.facts
        items = org.items_of_kinds(kinds)
        unsure = None
        if users is not None:
            items = items[facts.users[items] == users] if users >= 0 else items[:0]
        if scope_min is not None:
            rank = org.rank[items]
            unranked = rank < 0
            if unranked.any():
                unsure = org.who(items[unranked])
            items = items[rank >= scope_min]
        if measurable is not None:
            items = items[facts.measurable[items] == measurable]
        if skills_any:
            items = items[(facts.skills[items] & org.skills_mask(skills_any)).any(axis=1)]
        if within is not None:
            items = items[org.today - facts.day[items] <= within]
        found = np.bincount(org.person[items], minlength=org.people)
        return Verdict(found >= minimum, unsure)

    return check


def _points(r: PointsRule, fw: Framework) -> VectorCheck:
    skills = points_skills(r, fw)
    minimums = [(need, fw.skills_by_category[c]) for c, need in r.category_minimums.items()]
    at_least = r.at_least

    def check(org: OrgFacts) -> Verdict:
        # A rating the table lacks fails `assess` in its points summary whatever the rules
        # read, so the batch engine marks those people once, there (`batch._points_summary`).
        points = org.points
        passed = points[:, org.columns(skills)].sum(axis=1) >= at_least
        for need, members in minimums:
            passed &= points[:, org.columns(members)].sum(axis=1) >= need
        return Verdict(passed, None)

    return check


VECTORISED: dict[str, Callable[[Any, Framework], VectorCheck]] = {
    "skills": _skills,
    "evidence": _evidence,
    "points": _points,
}
"""Rule kinds with a batch form; a kind missing here is evaluated by `assess` instead."""
