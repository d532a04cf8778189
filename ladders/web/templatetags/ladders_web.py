"""Template helpers: safe Markdown, the charts, and the report sentences shared with the CLI."""

from __future__ import annotations

from typing import Any

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

from ladders import reports
from ladders.core.framework import Framework
from ladders.core.results import (
    AssessmentResult,
    CompensationPosition,
    GateResult,
    PlanStep,
    PremiumResult,
)
from ladders.reports.html import skills_svg
from ladders.web import charts

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    """Markdown to HTML, then sanitised: scripts, handlers and styles never survive."""
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return mark_safe(nh3.clean(html, link_rel="noopener noreferrer nofollow"))


@register.simple_tag
def skills_chart(result: AssessmentResult, fw: Framework) -> SafeString:
    return mark_safe(skills_svg(result, fw))


@register.simple_tag
def history_chart(history: list[dict[str, Any]], fw: Framework) -> SafeString:
    return charts.history_chart(history, fw)


@register.simple_tag
def distribution_chart(distribution: list) -> SafeString:
    return charts.distribution_chart(distribution)


@register.simple_tag
def maturity_chart(result: dict[str, Any], fw: Framework) -> SafeString:
    return charts.maturity_chart(result, fw)


@register.simple_tag
def level_name(fw: Framework, level_id: str | None) -> str:
    return reports.level_name(fw, level_id)


@register.simple_tag
def kind_name(fw: Framework, kind_id: str | None) -> str:
    return reports.kind_name(fw, kind_id) or ""


@register.simple_tag
def why_lead(result: AssessmentResult) -> str:
    return reports.why_lead(result)


@register.simple_tag
def why_items(result: AssessmentResult) -> list[str]:
    return reports.why_items(result)


@register.simple_tag
def misread_sentence(result: AssessmentResult, fw: Framework) -> str:
    return reports.misread_sentence(result, fw) or ""


@register.simple_tag
def plan_lead(result: AssessmentResult, fw: Framework) -> str:
    return reports.plan_lead(result, fw)


@register.simple_tag
def step_evidence(step: PlanStep, fw: Framework) -> str:
    return reports.step_evidence(step, fw)


@register.simple_tag
def ceiling_sentence(result: AssessmentResult) -> str:
    return reports.ceiling_sentence(result.get("growth_ceiling")) or ""


@register.simple_tag
def checks_summary(gate: GateResult) -> str:
    return reports.checks_summary(gate)


@register.simple_tag
def verdict(passed: bool) -> str:
    return reports.PASS_MARK if passed else reports.FAIL_MARK


@register.simple_tag
def maturity_phase_name(fw: Framework, phase_id: str) -> str:
    phases = {p.id: p.name for p in fw.maturity.phases} if fw.maturity else {}
    return phases.get(phase_id, phase_id)


@register.filter
def words(identifier: str | None) -> str:
    """An id as words (`multi_team` -> `multi team`) where the framework gives no name."""
    return (identifier or "").replace("_", " ")


@register.filter
def short_hash(value: str | None) -> str:
    text = value or ""
    return text.split(":")[-1][:12]


@register.filter
def web_link(url: str | None) -> str:
    """The address when it is safe to link to (http, https, mailto), else an empty string."""
    text = (url or "").strip()
    return text if text.lower().startswith(("https://", "http://", "mailto:")) else ""


@register.filter
def get(mapping: dict | None, key: str) -> Any:
    """`mapping[key]`, or an empty string: ratings and shares are keyed by framework ids."""
    return (mapping or {}).get(key, "")


@register.simple_tag
def skill_names(fw: Framework, skill_ids: list[str] | None) -> list[str]:
    """Names of skills in the framework's words; an id the framework dropped stays as it is."""
    return [fw.skill_by_id[s].name if s in fw.skill_by_id else s for s in skill_ids or []]


# -- promotion packets, calibration, framework review and pay --------------------------------


@register.filter
def packet_action(action: str) -> str:
    """A packet event in words, as the exports write it."""
    from ladders.promotions.export import ACTION_WORDS

    return ACTION_WORDS.get(action, words(action))


@register.simple_tag
def check_title(fw: Framework, check_id: str | None) -> str:
    """A gate's title in the framework's words; an id the framework no longer has stays as it is."""
    for level in fw.levels:
        for gate in level.gates:
            if gate.id == check_id:
                return gate.title
    return check_id or ""


@register.simple_tag
def check_titles(fw: Framework, check_ids: list[str] | None) -> list[str]:
    return [check_title(fw, c) for c in check_ids or []]


@register.filter
def signed(value: float | None, digits: int = 2) -> str:
    """A difference with its sign (+0.25, −0.50); a dash when there is none."""
    if value is None:
        return "–"
    text = f"{abs(value):.{digits}f}"
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


@register.simple_tag
def money(amount: float, currency: str) -> str:
    return reports.money(amount, currency)


@register.simple_tag
def percent_range(pair: list[int]) -> str:
    return reports.percent_range(pair)


@register.simple_tag
def band_sentence(compensation: CompensationPosition, fw: Framework) -> str:
    return reports.band_sentence(compensation, fw)


@register.simple_tag
def jump_sentence(compensation: CompensationPosition, fw: Framework) -> str:
    return reports.jump_sentence(compensation, fw) or ""


@register.simple_tag
def premium_range(premium: PremiumResult, currency: str) -> str:
    return reports.premium_range(premium, currency)


@register.simple_tag
def level_chart(rows: list[dict[str, Any]]) -> SafeString:
    return charts.level_chart(rows)


@register.simple_tag
def gap_chart(rows: list[dict[str, Any]], key: str, label: str, title: str) -> SafeString:
    return charts.gap_chart(rows, key=key, label=label, title=title)


@register.simple_tag
def leniency_chart(rows: list[dict[str, Any]]) -> SafeString:
    return charts.leniency_chart(rows)


@register.simple_tag
def band_chart(compensation: dict[str, Any]) -> SafeString:
    return charts.band_chart(compensation)
