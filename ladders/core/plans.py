"""Growth plans: what to build, write or lead to reach the next level, and how long it takes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ladders.core.framework import Framework
from ladders.core.results import GateResult, Plan, PlanStep

if TYPE_CHECKING:
    from ladders.core.engine import CompiledGate


def months_between(fw: Framework, low: int, high: int, background: str) -> list[int] | None:
    """Typical months from level index `low` to `high`, summed over the steps between.

    None when the framework has no transition data for some step: a missing figure is
    better than an invented one.
    """
    if high <= low:
        return [0, 0]
    total = [0, 0]
    for i in range(low, high):
        step_from, step_to = fw.levels[i].id, fw.levels[i + 1].id
        found = next((t for t in fw.transitions if t.from_ == step_from and t.to == step_to), None)
        if found is None:
            return None
        months = found.months_by_background.get(background, found.months)
        total[0] += months[0]
        total[1] += months[1]
    return total


def plan_for(
    fw: Framework,
    compiled_gates: list[list[CompiledGate]],
    gates: list[GateResult],
    reached: int,
    target: str | None,
    background: str,
) -> Plan:
    """One step per failing check between the current level and the target.

    Gates are cumulative, so a plan to skip a level includes the skipped level's checks.
    """
    if target is None:
        if reached + 1 >= len(fw.levels):
            return {"target": None, "steps": [], "months": None}
        goal = reached + 1
    else:
        goal = fw.level_index[target]
    steps: list[PlanStep] = []
    for index in range(reached + 1, goal + 1):
        for gate, check in zip(compiled_gates[index], gates[index]["checks"], strict=True):
            if not check["passed"]:
                steps.append(
                    {
                        "check": gate.id,
                        "level": fw.levels[index].id,
                        "title": gate.title,
                        "action": gate.action,
                        "evidence_kind": gate.evidence_kind,
                        "missing": check["detail"],
                    }
                )
    return {
        "target": fw.levels[goal].id,
        "steps": steps,
        "months": months_between(fw, reached, goal, background),
    }
