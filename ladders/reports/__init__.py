"""Reports of an assessment result: Markdown for text tools, one printable HTML page for people.

Both renderers must say the same things in the same words, so the sentences are built
here as plain, unescaped text and each renderer only escapes and lays them out. Names
come from the framework (levels, evidence kinds, categories), never from ids typed in
Python. The renderers live in their own modules:
`ladders.reports.markdown.render_markdown` and `ladders.reports.html.render_html`.
"""

from __future__ import annotations

from ladders.core.framework import Framework
from ladders.core.results import (
    AssessmentResult,
    CompensationPosition,
    GateResult,
    GrowthCeiling,
    PlanStep,
    PointsSummary,
    PremiumResult,
)

# Shown in both reports so a verdict never relies on colour or a symbol alone.
PASS_MARK = "✓ pass"
FAIL_MARK = "✗ fail"


def level_name(fw: Framework, level_id: str | None) -> str:
    """The name people read for a level; the id itself when the framework lacks the level."""
    if level_id is None:
        return ""
    level = fw.level_by_id.get(level_id)
    return level.name if level is not None else level_id


def kind_name(fw: Framework, kind_id: str | None) -> str | None:
    """The name of an evidence kind, or None when a check asks for skill ratings only."""
    if kind_id is None:
        return None
    kind = fw.kind_by_id.get(kind_id)
    return kind.name if kind is not None else kind_id


def evidence_cited(result: AssessmentResult, ids: list[str]) -> list[tuple[str, str | None]]:
    """Each cited id with the item's title, so a report names the work and not only its id.

    The title is None when the result holds none for it (one stored before results carried
    `evidence_titles`): the report then shows the id alone.
    """
    titles = result.get("evidence_titles") or {}
    return [(evidence_id, titles.get(evidence_id)) for evidence_id in ids]


def evidence_plain(result: AssessmentResult, ids: list[str]) -> str:
    """Cited evidence as plain text: `Title (id), ...`."""
    return ", ".join(f"{title} ({i})" if title else i for i, title in evidence_cited(result, ids))


def category_names(fw: Framework) -> dict[str, str]:
    """Category id -> name, in framework order."""
    return {category.id: category.name for category in fw.category_list}


def report_title(result: AssessmentResult) -> str:
    """The person and the level they reached: the one fact a reader wants first."""
    return f"{result['person']['name']}: {result['level_name']}"


def subtitle(result: AssessmentResult) -> str:
    """Which framework and date the verdict belongs to, so a printout stays traceable."""
    framework = result["framework"]
    parts = [
        f"Assessed against {framework['name']} (version {framework['version']}) as of {result['as_of']}."
    ]
    person = result["person"]
    if person.get("years_experience") is not None:
        parts.append(f"{person['years_experience']:g} years of experience.")
    background = person.get("background")
    if background and background != "none":
        parts.append(f"Background: {background.replace('_', ' ')}.")
    return " ".join(parts)


def checks_summary(gate: GateResult) -> str:
    """'3 of 5 checks pass', or a note that the level has no checks."""
    checks = gate["checks"]
    if not checks:
        return "no checks"
    passed = sum(1 for check in checks if check["passed"])
    return f"{passed} of {len(checks)} checks pass"


def why_lead(result: AssessmentResult) -> str:
    """Gates are cumulative, so the level is explained by every level up to the next one."""
    return (
        f"{result['person']['name']} is at {result['level_name']} because the gates of every "
        f"level up to {result['level_name']} pass."
    )


def why_items(result: AssessmentResult) -> list[str]:
    """One line per level up to and including the first level not reached."""
    items = []
    for gate in result["gates"]:
        if gate["level"] == result["next_level"]:
            items.append(f"{gate['name']} (next level): not reached, {checks_summary(gate)}.")
            break
        items.append(f"{gate['name']}: passed, {checks_summary(gate)}.")
    if result["next_level"] is None:
        items.append(f"{result['level_name']} is the top of the ladder.")
    return items


def misread_sentence(result: AssessmentResult, fw: Framework) -> str | None:
    """How the person's own view compares with the evidence; None when they gave none."""
    claimed = result.get("self_assessed_level")
    misread = result.get("misread")
    if claimed is None or misread is None:
        return None
    claimed_name, assessed = level_name(fw, claimed), result["level_name"]
    if misread == "over":
        return (
            f"Self-assessed as {claimed_name}, above the assessed {assessed}: "
            f"the evidence does not show {claimed_name} yet."
        )
    if misread == "under":
        return (
            f"Self-assessed as {claimed_name}, below the assessed {assessed}: "
            "the evidence shows more than you claim."
        )
    return f"Self-assessed as {claimed_name}, which matches the evidence."


def plan_lead(result: AssessmentResult, fw: Framework) -> str:
    """Where the plan leads and how long that typically takes."""
    plan = result["plan"]
    if plan["target"] is None:
        return f"{result['level_name']} is the top of the ladder: there is no next level to plan for."
    target = level_name(fw, plan["target"])
    months = plan.get("months")
    if months is None:
        timing = "The framework records no typical time for this step."
    else:
        timing = f"Typical time: {months[0]}–{months[1]} months."
    if not plan["steps"]:
        return f"Target: {target}. Nothing is missing. {timing}"
    return f"Target: {target}. {timing}"


def step_evidence(step: PlanStep, fw: Framework) -> str:
    """What to add for a step, in the framework's words."""
    name = kind_name(fw, step.get("evidence_kind"))
    if name is None:
        return "Evidence to add: none, this check is on skill ratings."
    return f"Evidence to add: {name}."


def ceiling_sentence(ceiling: GrowthCeiling | None) -> str | None:
    """What the organisation's AI maturity lets the person grow into; None without maturity."""
    if ceiling is None:
        return None
    sentence = (
        f"Organisation AI maturity {ceiling['org_maturity']} ({ceiling['maturity_name']}) "
        f"supports growth up to {ceiling['level_name']}."
    )
    if ceiling.get("at_ceiling"):
        sentence += " You are at that ceiling."
    return sentence


def money(amount: float, currency: str) -> str:
    """Whole units with thousands separators: salaries are read, not reconciled."""
    return f"{amount:,.0f} {currency}"


def money_range(pair: list[float], currency: str) -> str:
    return f"{pair[0]:,.0f}–{pair[1]:,.0f} {currency}"


def percent_range(pair: list[int]) -> str:
    return f"{pair[0]}–{pair[1]}%"


def band_sentence(compensation: CompensationPosition, fw: Framework) -> str:
    """The band of the assessed level and where the base sits in it."""
    level = level_name(fw, compensation["level"])
    currency, market = compensation["currency"], compensation["market"]
    band = compensation.get("band")
    if band is None:
        return f"No {level} band is defined for market {market} in {currency}."
    text = f"{level} band ({market}): {money_range([band['min'], band['max']], currency)}."
    position = compensation.get("position")
    if position is not None:
        text += (
            f" Position: {round(position * 100)}% of the way through the band ({compensation['placement']})."
        )
    return text


def jump_sentence(compensation: CompensationPosition, fw: Framework) -> str | None:
    """The typical raise for the next promotion, when the framework names one."""
    jump = compensation.get("jump")
    if jump is None:
        return None
    currency = compensation["currency"]
    text = (
        f"Promotion {level_name(fw, jump['from'])} → {level_name(fw, jump['to'])}: typically "
        f"{percent_range(jump['percent'])}, that is {money_range(jump['range'], currency)}."
    )
    band = jump.get("next_band")
    if band:
        text += f" {level_name(fw, jump['to'])} band: {money_range([band['min'], band['max']], currency)}."
    if jump.get("description"):
        text += f" {jump['description']}"
    return text


def premium_range(premium: PremiumResult, currency: str) -> str:
    """The base with the premium applied, or a dash when the person is not eligible."""
    raised = premium.get("range")
    if not premium["eligible"] or raised is None:
        return "—"
    return money_range(raised, currency)


def points_sentence(points: PointsSummary) -> str:
    text = f"Total: {points['total']} points."
    if points.get("sub_level") is not None:
        text += f" Sub-level: {points['sub_level']}."
    return text


def later_sentence(result: AssessmentResult) -> str | None:
    """Evidence dated after `as_of` is left out; say so, or a reader will wonder where it went."""
    later = result.get("evidence_after_as_of") or []
    if not later:
        return None
    return f"Left out because dated after {result['as_of']}: {evidence_plain(result, later)}."
