"""Why a next-level check fails: too few evidence items, or ratings below the bar.

Told apart from the check's rule structure (`ladders.core.rules`), never from its text: an
evidence rule that fails is "insufficient evidence"; a skills or points rule that fails is
"not meeting". Pure functions over the core's rules and facts (no Django).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from ladders.core.batch import BatchResult
from ladders.core.batch_rules import OrgFacts, vector_rule
from ladders.core.checks import Facts, compile_rule, facts_of
from ladders.core.facts_arrays import FactsArrays
from ladders.core.facts_record import profile_of_facts
from ladders.core.framework import Framework
from ladders.core.profile import Profile
from ladders.core.results import AssessmentResult
from ladders.core.rules import Rule

INSUFFICIENT_EVIDENCE = "insufficient evidence"
NOT_MEETING = "not meeting"

Reasons = Callable[[Facts], set[str]]
_CACHE: dict[str, dict[str, Reasons | set[str]]] = {}


def _leaf_reason(rule: Rule) -> str | None:
    if rule.evidence is not None:
        return INSUFFICIENT_EVIDENCE
    if rule.skills is not None or rule.points is not None:
        return NOT_MEETING
    return None


def _reasons_of(rule: Rule, fw: Framework) -> Reasons | set[str]:
    """What a failing gate lacks: a fixed set when its rule has one kind of leaf, else a function.

    A mixed rule (ratings and evidence) is walked with each node compiled by the core, so
    only the branches that fail count: in `all`, every failing child; in a failing `any`,
    every child.
    """
    kinds = {reason for node in rule.walk() if (reason := _leaf_reason(node))}
    if len(kinds) == 1:
        return kinds

    def build(node: Rule) -> Reasons:
        check = compile_rule(node, fw)
        reason = _leaf_reason(node)
        if reason is not None:
            return lambda facts: set() if check(facts).passed else {reason}
        children = [build(child) for child in (node.all or node.any or [])]

        def combined(facts: Facts) -> set[str]:
            if check(facts).passed:
                return set()
            return set().union(*(child(facts) for child in children))

        return combined

    return build(rule)


def gate_reasons(fw: Framework) -> dict[str, Reasons | set[str]]:
    """Per gate id, what its failure means; built once per framework version."""
    cached = _CACHE.get(fw.content_hash)
    if cached is None:
        cached = {gate.id: _reasons_of(gate.rule, fw) for level in fw.levels for gate in level.gates}
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[fw.content_hash] = cached
    return cached


def next_level_shortfalls(fw: Framework, result: AssessmentResult, profile: Profile) -> dict[str, list[str]]:
    """The next level's failing check ids by reason, in framework order ({} at the top level).

    `result` is the core's assessment of `profile` under `fw`; facts are rebuilt only when
    a failing check mixes ratings and evidence.
    """
    next_level = result["next_level"]
    if next_level is None:
        return {}
    reasons_by_gate = gate_reasons(fw)
    gate = next(g for g in result["gates"] if g["level"] == next_level)
    facts = None
    out: dict[str, list[str]] = {INSUFFICIENT_EVIDENCE: [], NOT_MEETING: []}
    for check in gate["checks"]:
        if check["passed"]:
            continue
        reasons = reasons_by_gate[check["id"]]
        if callable(reasons):
            if facts is None:
                as_of = date.fromisoformat(result["as_of"])
                evidence = [item for item in profile.evidence if item.date <= as_of]
                facts = facts_of(evidence, profile.skills, as_of, fw.rating_scale.min)
            reasons = reasons(facts)
        for reason in reasons:
            out[reason].append(check["id"])
    return out


MixedReasons = dict[str, dict[str, np.ndarray]]
"""Per mixed gate id, per reason, who lacks it (people x bool), from the batch engine."""


def batch_mixed_reasons(fw: Framework, facts: FactsArrays, as_of: date) -> tuple[MixedReasons, np.ndarray]:
    """What each gate that mixes ratings and evidence lacks, for everyone at once.

    The walk of `_reasons_of` with every node's verdict from its batch form: a leaf's reason
    counts when the leaf fails and so does every node above it. Also returns who only
    `assess` can answer for (their shortfalls are then told apart one by one).
    """
    org = OrgFacts(fw, facts, as_of)
    unsure = np.zeros(facts.people, dtype=bool)
    out: MixedReasons = {}
    for check, reasons in gate_reasons(fw).items():
        if not callable(reasons):
            continue
        gate = next(g for level in fw.levels for g in level.gates if g.id == check)
        found = {
            INSUFFICIENT_EVIDENCE: np.zeros(facts.people, dtype=bool),
            NOT_MEETING: np.zeros(facts.people, dtype=bool),
        }

        _walk(gate.rule, fw, org, np.ones(facts.people, dtype=bool), found, unsure)
        out[check] = found
    return out, unsure


def _walk(
    node: Rule,
    fw: Framework,
    org: OrgFacts,
    above: np.ndarray,
    found: dict[str, np.ndarray],
    unsure: np.ndarray,
) -> None:
    """Mark, for each leaf under `node`, who fails it with every node above failing too."""
    verdict = vector_rule(node, fw)(org)
    if verdict.unsure is not None:
        unsure |= verdict.unsure
    failing = above & ~verdict.passed
    reason = _leaf_reason(node)
    if reason is not None:
        found[reason] |= failing
        return
    for child in node.all or node.any or []:
        _walk(child, fw, org, failing, found, unsure)


def batch_shortfalls(
    fw: Framework,
    result: BatchResult,
    facts: FactsArrays,
    person: int,
    as_of: date,
    mixed: tuple[MixedReasons, np.ndarray] | None = None,
) -> dict[str, list[str]]:
    """`next_level_shortfalls` for row `person` of a batch result over `facts` on `as_of`.

    The verdicts come from the batch; a failing check that mixes ratings and evidence is
    told apart by `mixed` (`batch_mixed_reasons`, computed once for everyone) or, without
    it or for someone only `assess` answers for, on the person's facts (`profile_of_facts`
    reads exactly as their profile).
    """
    reached = int(result.levels[person])
    if reached + 1 >= len(fw.levels):
        return {}
    next_level = fw.levels[reached + 1]
    reasons_by_gate = gate_reasons(fw)
    ids = {gate.id for gate in next_level.gates}
    found = None
    out: dict[str, list[str]] = {INSUFFICIENT_EVIDENCE: [], NOT_MEETING: []}
    for column, check in enumerate(result.check_ids):
        if check not in ids or result.passed[person, column]:
            continue
        reasons = reasons_by_gate[check]
        if callable(reasons):
            if mixed is not None and not mixed[1][person]:
                reasons = {reason for reason, who in mixed[0][check].items() if who[person]}
            else:
                if found is None:
                    profile = profile_of_facts(facts.person(person))
                    evidence = [item for item in profile.evidence if item.date <= as_of]
                    found = facts_of(evidence, profile.skills, as_of, fw.rating_scale.min)
                reasons = reasons(found)
        for reason in (r for r in (INSUFFICIENT_EVIDENCE, NOT_MEETING) if r in reasons):
            out[reason].append(check)
    return out
