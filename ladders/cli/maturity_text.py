"""The terminal report of an organisation's AI maturity."""

from __future__ import annotations

from typing import Any

from ladders.core.framework import Framework


def maturity_text(result: dict[str, Any], fw: Framework) -> str:
    assert fw.maturity is not None
    names = {p.id: p.name for p in fw.maturity.phases}
    lines = [
        f"{result['org']}: AI maturity {result['level']} ({result['name']})",
        result["description"],
        "",
        "Phase ratings:",
    ]
    width = max(len(n) for n in names.values())
    for phase, rating in result["phases"].items():
        lines.append(
            f"  {names[phase]:<{width}}  {'#' * rating}{'.' * (len(fw.maturity.levels) - rating)}  {rating}"
        )
    ceiling = result["growth_ceiling"]
    lines += ["", f"Growth ceiling: this maturity supports growth up to {ceiling['name']}."]
    nxt = result["next"]
    if nxt is None:
        lines.append("This is the top of the maturity scale.")
    else:
        below = ", ".join(f"{names[p['phase']]} ({p['rating']})" for p in nxt["phases_below"])
        lines.append(
            f"To reach {nxt['level']} ({nxt['name']}): raise {nxt['phases_to_raise']} more phase(s) "
            f"to {nxt['level']} or above; below it now: {below}."
        )
    return "\n".join(lines)
