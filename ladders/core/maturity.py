"""Organisation AI maturity: eight SDLC phases rated 1-5, and the level they add up to.

The org level is the largest L such that at least `min_phases` phases are rated L or
more, so one advanced phase cannot carry a team that is behind everywhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from ladders.core.errors import InputError, Problem
from ladders.core.framework import Framework, Maturity
from ladders.core.rules import Id
from ladders.core.validation import Strict, free_text, validate_document
from ladders.core.yamlsource import Document, SourceMap, load_yaml_file, load_yaml_text


class MaturityAnswers(Strict):
    org: Annotated[str, free_text(200, min_length=1)]
    phases: dict[Id, int]


def _model(fw: Framework) -> Maturity:
    if fw.maturity is None:
        raise InputError([Problem(f"framework '{fw.id}' has no maturity model", field="maturity")])
    return fw.maturity


def answers_check(answers: MaturityAnswers, fw: Framework, where: SourceMap) -> MaturityAnswers:
    model = _model(fw)
    top = len(model.levels)
    known = [p.id for p in model.phases]
    problems = []
    for phase, rating in answers.phases.items():
        if phase not in known:
            problems.append(
                where.problem(
                    ("phases", phase), f"unknown phase '{phase}' (expected: {', '.join(known)})", key=True
                )
            )
        elif not 1 <= rating <= top:
            problems.append(where.problem(("phases", phase), f"rating {rating} is outside 1-{top}"))
    for phase in known:
        if phase not in answers.phases:
            problems.append(
                where.problem(("phases",), f"phase '{phase}' is not rated (every phase is required)")
            )
    if problems:
        raise InputError(problems)
    return answers


def _answers(document: Document, fw: Framework) -> MaturityAnswers:
    return answers_check(validate_document(MaturityAnswers, document), fw, document.where)


def answers_load(path: str | Path, fw: Framework) -> MaturityAnswers:
    return _answers(load_yaml_file(path), fw)


def answers_from_text(text: str, fw: Framework, source: str = "<answers>") -> MaturityAnswers:
    return _answers(load_yaml_text(text, source), fw)


def maturity_level(ratings: list[int], min_phases: int, top: int) -> int:
    """Largest L in 1..top with at least `min_phases` ratings >= L (1 when none qualifies)."""
    level = 1
    for candidate in range(1, top + 1):
        if sum(1 for r in ratings if r >= candidate) >= min_phases:
            level = candidate
    return level


def maturity_assess(fw: Framework, answers: MaturityAnswers) -> dict[str, Any]:
    """The org's level, the growth ceiling it sets, and what would raise it by one."""
    model = _model(fw)
    top = len(model.levels)
    ordered = {p.id: answers.phases[p.id] for p in model.phases}
    level = maturity_level(list(ordered.values()), model.min_phases, top)
    current = model.levels[level - 1]
    ceiling = fw.level_by_id[current.supports_level]
    next_step = None
    if level < top:
        goal = level + 1
        below = [{"phase": p, "rating": r} for p, r in ordered.items() if r < goal]
        already = len(ordered) - len(below)
        next_step = {
            "level": goal,
            "name": model.levels[goal - 1].name,
            "phases_to_raise": max(0, model.min_phases - already),
            "phases_below": below,
        }
    return {
        "org": answers.org,
        "level": level,
        "name": current.name,
        "description": current.description,
        "phases": ordered,
        "growth_ceiling": {"level": ceiling.id, "name": ceiling.name},
        "next": next_step,
    }
