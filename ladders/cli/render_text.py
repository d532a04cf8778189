"""The terminal report of an assessment: level and why, gates, plan, pitfalls, ceiling."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ladders.core.framework import Framework
from ladders.core.results import AssessmentResult, CompensationPosition, Misread

TICK = "[green]✓[/green]"
CROSS = "[red]✗[/red]"


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}"


def assessment_renderable(result: AssessmentResult, fw: Framework) -> Group:
    parts: list[Any] = []
    person = result["person"]["name"]
    header = Text.assemble(
        (f"{person}", "bold"),
        " is assessed at ",
        (result["level_name"], "bold cyan"),
        f"  (as of {result['as_of']}, {fw.name} {fw.version})",
    )
    parts.append(header)
    parts.append(Text(_why(result, fw)))
    misread, claimed = result["misread"], result["self_assessed_level"]
    if misread and claimed:
        parts.append(
            Text(_misread(claimed, misread, fw), style="yellow" if misread != "accurate" else "green")
        )

    plan_target = result["plan"]["target"]
    last_shown = fw.level_index[plan_target] if plan_target else len(fw.levels) - 1
    beyond = []
    for index, gate in enumerate(result["gates"]):
        if not gate["checks"]:
            continue
        if index > last_shown:
            met = sum(1 for check in gate["checks"] if check["passed"])
            beyond.append(f"{gate['name']} {met}/{len(gate['checks'])}")
            continue
        table = Table(
            title=f"{gate['name']} gates {'passed' if gate['passed'] else 'not yet passed'}",
            title_justify="left",
            expand=True,
            show_lines=False,
        )
        table.add_column("", width=1, no_wrap=True)
        table.add_column("check", no_wrap=True)
        table.add_column("detail", ratio=3)
        table.add_column("evidence", ratio=1, overflow="fold")
        for check in gate["checks"]:
            table.add_row(
                TICK if check["passed"] else CROSS,
                check["id"],
                Text(check["detail"]),
                Text(_evidence_text(result, check["evidence"]) or "-"),
            )
        parts.append(table)
    if beyond:
        parts.append(
            Text(
                "Checks met further up: " + ", ".join(beyond) + " (--format json lists them all)", style="dim"
            )
        )

    plan = result["plan"]
    if plan["target"] is None:
        parts.append(Text("Top of the ladder: no further level to plan for.", style="bold"))
    else:
        target = fw.level_by_id[plan["target"]].name
        months = plan["months"]
        timing = f", typically {months[0]}-{months[1]} months" if months and months[1] else ""
        lines = [Text(f"Plan to {target}{timing}", style="bold")]
        if not plan["steps"]:
            lines.append(Text("Every check of the target is already met."))
        for number, step in enumerate(plan["steps"], start=1):
            kind = fw.kind_by_id[step["evidence_kind"]].name if step["evidence_kind"] else None
            lines.append(Text.assemble(f"{number}. ", (step["check"], "bold"), f"  {step['action']}"))
            lines.append(Text(f"   now: {step['missing']}", style="dim"))
            if kind:
                lines.append(Text(f"   evidence to record: {kind}", style="dim"))
        parts.append(Panel(Group(*lines), expand=True))

    if result["pitfalls"]:
        lines = []
        for pitfall in result["pitfalls"]:
            lines.append(
                Text.assemble(("! ", "bold yellow"), (pitfall["title"], "bold"), f": {pitfall['detail']}")
            )
            lines.append(Text(f"  {pitfall['advice']}", style="dim"))
        parts.append(Panel(Group(*lines), title="Pitfalls", title_align="left", border_style="yellow"))

    ceiling = result["growth_ceiling"]
    if ceiling:
        parts.append(
            Text(
                f"Growth ceiling: org AI maturity {ceiling['org_maturity']} ({ceiling['maturity_name']}) "
                f"supports growth up to {ceiling['level_name']}."
            )
        )
    if result["points"]:
        points = result["points"]
        parts.append(
            Text(
                f"Points: {points['total']}"
                + (f" (sub-level {points['sub_level']})" if points["sub_level"] else "")
            )
        )
    if result["compensation"]:
        parts.append(_compensation(result["compensation"], fw))
    if result["evidence_after_as_of"]:
        parts.append(
            Text(
                f"Not counted (dated after {result['as_of']}): "
                + _evidence_text(result, result["evidence_after_as_of"]),
                style="dim",
            )
        )
    return Group(*parts)


def _why(result: AssessmentResult, fw: Framework) -> str:
    passed = [g["name"] for g in result["gates"] if g["checks"] and g["passed"]]
    failing = next((g for g in result["gates"] if not g["passed"]), None)
    text = ("Passes every gate of " + ", ".join(passed) + ". ") if passed else "No gates passed yet. "
    if failing is not None:
        missing = [c["id"] for c in failing["checks"] if not c["passed"]]
        text += f"{failing['name']} still needs: {', '.join(missing)}."
    else:
        text += "Every gate of the ladder passes."
    return text


def _misread(claimed_level: str, misread: Misread, fw: Framework) -> str:
    claimed = fw.level_by_id[claimed_level].name
    return {
        "over": f"Self-assessed as {claimed}: above what the evidence shows.",
        "under": f"Self-assessed as {claimed}: the evidence shows more.",
        "accurate": f"Self-assessed as {claimed}: the evidence agrees.",
    }[misread]


def _compensation(comp: CompensationPosition, fw: Framework) -> Panel:
    cur = comp["currency"]
    lines = [Text(f"Base {_money(comp['base'], cur)} ({comp['market']})")]
    band, position = comp["band"], comp["position"]
    if band and position is not None:
        lines.append(
            Text(
                f"{fw.level_by_id[comp['level']].name} band "
                f"{_money(band['min'], cur)} - {_money(band['max'], cur)}: "
                f"{comp['placement']}, at {position * 100:.0f}% of the band"
            )
        )
    else:
        lines.append(Text("No band is defined for this level, market and currency."))
    for premium in comp["premiums"]:
        raised = premium["range"]
        if premium["eligible"] and raised is not None:
            low, high = raised
            lines.append(
                Text(
                    f"{premium['name']}: eligible ({premium['percent'][0]}-{premium['percent'][1]}%, "
                    f"{_money(low, cur)} - {_money(high, cur)})"
                )
            )
        else:
            lines.append(Text(f"{premium['name']}: not yet eligible ({premium['detail']})", style="dim"))
    if comp["jump"]:
        jump = comp["jump"]
        lines.append(
            Text(
                f"Promotion to {fw.level_by_id[jump['to']].name}: "
                f"typically +{jump['percent'][0]}-{jump['percent'][1]}% "
                f"({_money(jump['range'][0], cur)} - {_money(jump['range'][1], cur)})"
            )
        )
    if comp["negotiation_brief"]:
        lines.append(Text("Negotiation brief (strongest first):", style="bold"))
        for item in comp["negotiation_brief"]:
            lines.append(Text(f"  - {item['outcome']} ({item['title']}, {item['scope']})"))
    return Panel(Group(*lines), title="Compensation", title_align="left")


def render_text(
    result: AssessmentResult, fw: Framework, *, color: bool | None = None, width: int | None = None
) -> str:
    """The report as text; colour only when writing to a terminal."""
    console = Console(record=True, width=width or 110, force_terminal=color, no_color=not color, file=_Null())
    console.print(assessment_renderable(result, fw))
    return console.export_text(styles=bool(color))


class _Null(io.StringIO):
    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass


def _evidence_text(result: AssessmentResult, ids: list[str]) -> str:
    """Cited evidence by title with its id, `Title (id)`; the id alone when no title is known.

    The same words as `ladders.reports.evidence_plain`, which this module does not import
    (the assess command stays free of the report renderers).
    """
    titles = result.get("evidence_titles") or {}
    return ", ".join(f"{titles[i]} ({i})" if titles.get(i) else i for i in ids)
