"""The assessment result as a Markdown report, for terminals, pull requests and wikis.

Every piece of text that comes from a profile or a framework file is escaped: a `|` in
an evidence title must not split a table cell, and a `<script>` must stay visible text
in renderers that pass raw HTML through.
"""

from __future__ import annotations

import re
from typing import Any

from ladders.core.framework import Framework
from ladders.core.results import AssessmentResult, BriefItem
from ladders.reports import (
    FAIL_MARK,
    PASS_MARK,
    band_sentence,
    category_names,
    ceiling_sentence,
    evidence_cited,
    jump_sentence,
    later_sentence,
    misread_sentence,
    money,
    percent_range,
    plan_lead,
    points_sentence,
    premium_range,
    report_title,
    step_evidence,
    subtitle,
    why_items,
    why_lead,
)

# Characters that start emphasis, links, code, raw HTML or table cells. Escaping them
# everywhere is simpler than knowing which ones matter where, and CommonMark allows it.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: Any) -> str:
    """User text as one line of literal Markdown: line breaks would end a table row."""
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def code(identifier: str) -> str:
    """An id as a code span; ids cannot hold a backtick, but fall back to plain text if one does."""
    if "`" in identifier:
        return md(identifier)
    return f"`{identifier}`"


def evidence_list(result: AssessmentResult, ids: list[str]) -> str:
    """Cited evidence by title with its id: `Title (`id`)`; the id alone when no title is known."""
    items = [f"{md(title)} ({code(i)})" if title else code(i) for i, title in evidence_cited(result, ids)]
    return ", ".join(items) if items else "—"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A pipe table; cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(result: AssessmentResult, fw: Framework) -> str:
    """The whole report. Pure: reads `result` and `fw`, returns text, changes nothing."""
    sections = [
        _header(result),
        _why(result),
        _self_assessment(result, fw),
        _gates(result),
        _plan(result, fw),
        _pitfalls(result),
        _ceiling(result),
        _compensation(result, fw),
        _points(result, fw),
        _later(result),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _header(result: AssessmentResult) -> str:
    return f"# {md(report_title(result))}\n\n{md(subtitle(result))}"


def _why(result: AssessmentResult) -> str:
    items = "\n".join(f"- {md(item)}" for item in why_items(result))
    return f"## Why {md(result['level_name'])}\n\n{md(why_lead(result))}\n\n{items}"


def _self_assessment(result: AssessmentResult, fw: Framework) -> str:
    sentence = misread_sentence(result, fw)
    return f"## Self-assessment\n\n{md(sentence)}" if sentence else ""


def _gates(result: AssessmentResult) -> str:
    parts = ["## Gates"]
    for gate in result["gates"]:
        verdict = "passed" if gate["passed"] else "not passed"
        parts.append(f"### {md(gate['name'])}: {verdict}")
        if not gate["checks"]:
            parts.append("No checks at this level.")
            continue
        rows = [
            [
                f"{md(check['title'])} ({code(check['id'])})",
                PASS_MARK if check["passed"] else FAIL_MARK,
                md(check["detail"]),
                evidence_list(result, check["evidence"]),
            ]
            for check in gate["checks"]
        ]
        parts.append(table(["Check", "Result", "Detail", "Evidence"], rows))
    return "\n\n".join(parts)


def _plan(result: AssessmentResult, fw: Framework) -> str:
    parts = ["## Plan", md(plan_lead(result, fw))]
    steps = [
        f"{n}. **{md(step['title'])}** ({code(step['check'])}): {md(step['action'])}\n"
        f"   {md(step_evidence(step, fw))} Missing: {md(step['missing'])}"
        for n, step in enumerate(result["plan"]["steps"], start=1)
    ]
    if steps:
        parts.append("\n".join(steps))
    return "\n\n".join(parts)


def _pitfalls(result: AssessmentResult) -> str:
    pitfalls = result["pitfalls"]
    if not pitfalls:
        return "## Pitfalls\n\nNone found."
    items = []
    for pitfall in pitfalls:
        item = f"- **{md(pitfall['title'])}** ({code(pitfall['id'])}): {md(pitfall['detail'])}"
        item += f"\n  - Advice: {md(pitfall['advice'])}"
        if pitfall.get("evidence"):
            item += f"\n  - Evidence: {evidence_list(result, pitfall['evidence'])}"
        items.append(item)
    return "## Pitfalls\n\n" + "\n".join(items)


def _ceiling(result: AssessmentResult) -> str:
    sentence = ceiling_sentence(result.get("growth_ceiling"))
    return f"## Growth ceiling\n\n{md(sentence)}" if sentence else ""


def _compensation(result: AssessmentResult, fw: Framework) -> str:
    compensation = result.get("compensation")
    if not compensation:
        return ""
    currency = compensation["currency"]
    lines = [
        f"- Base: {md(money(compensation['base'], currency))} (market {code(compensation['market'])})",
        f"- {md(band_sentence(compensation, fw))}",
    ]
    jump = jump_sentence(compensation, fw)
    if jump:
        lines.append(f"- {md(jump)}")
    parts = ["## Compensation", "\n".join(lines)]
    if compensation["premiums"]:
        rows = [
            [
                md(premium["name"]),
                "yes" if premium["eligible"] else "no",
                percent_range(premium["percent"]),
                md(premium_range(premium, currency)),
                evidence_list(result, premium["evidence"]) if premium["eligible"] else md(premium["detail"]),
            ]
            for premium in compensation["premiums"]
        ]
        parts += ["### Premiums", table(["Premium", "Eligible", "Percent", "Range", "Evidence"], rows)]
    parts += ["### Negotiation brief", _brief(compensation["negotiation_brief"])]
    return "\n\n".join(parts)


def _brief(brief: list[BriefItem]) -> str:
    if not brief:
        return "No measurable outcomes yet: add a number to the outcome of your strongest work."
    items = [
        f"{n}. **{md(entry['title'])}**: {md(entry['outcome'])} "
        f"({code(entry['evidence'])}, {md(entry['scope'])})"
        for n, entry in enumerate(brief, start=1)
    ]
    return "Measurable outcomes, strongest first:\n\n" + "\n".join(items)


def _points(result: AssessmentResult, fw: Framework) -> str:
    points = result.get("points")
    if not points:
        return ""
    names = category_names(fw)
    rows = [[md(names.get(cid, cid)), str(value)] for cid, value in points["by_category"].items()]
    return f"## Points\n\n{md(points_sentence(points))}\n\n{table(['Category', 'Points'], rows)}"


def _later(result: AssessmentResult) -> str:
    sentence = later_sentence(result)
    return f"## Evidence not counted\n\n{md(sentence)}" if sentence else ""
