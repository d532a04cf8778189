"""A framework as a Markdown document: the ladder a person can read, derived from the YAML."""

from __future__ import annotations

from ladders.core.checks import describe_rule
from ladders.core.framework import Framework


def cell(text: object) -> str:
    """Make text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def years(experience: list[float | None] | None) -> str:
    if not experience:
        return "-"
    low, high = experience
    return f"{low:g}+" if high is None else f"{low:g}-{high:g}"


def criteria_markdown(fw: Framework, level_id: str, *, heading: str) -> list[str]:
    """A level's criteria by topic, each with its id and examples; nothing when it has none."""
    by_topic = fw.criteria_of(level_id)
    if not by_topic:
        return []
    names = {c.id: c.name for c in fw.category_list}
    out = [f"{heading} {fw.level_by_id[level_id].name}", ""]
    for topic, members in by_topic.items():
        out += [f"**{names.get(topic, topic)}**", ""]
        for criterion in members:
            out.append(f"- `{criterion.id}` {criterion.text}")
            out += [f"  - e.g. {example}" for example in criterion.examples]
        out.append("")
    return out


def skill_markdown(fw: Framework, skill_id: str) -> list[str]:
    """One skill with its rubric line for every rating above the scale's minimum."""
    skill = fw.skill_by_id[skill_id]
    scale = fw.rating_scale
    out = [f"#### {skill.name} (`{skill.id}`)", "", skill.description, ""]
    out += [f"- {r} {fw.rating_name(r)}: {skill.rubric[r]}" for r in range(scale.min + 1, scale.max + 1)]
    return [*out, ""]


def level_markdown(fw: Framework, level_id: str) -> str:
    """One level: its focus, scope and summary, its gates in words, and its criteria."""
    level = fw.level_by_id[level_id]
    out = [f"# {level.name} (`{level.id}`)", ""]
    for label, text in (("Focus", level.focus), ("Scope", level.scope), ("Summary", level.summary)):
        if text:
            out += [f"**{label}:** {text.strip()}", ""]
    if level.gates:
        out += ["## Gates", "", "| check | rule | how to meet it |", "|---|---|---|"]
        for gate in level.gates:
            rule = cell(describe_rule(gate.rule, fw, level.id))
            out.append(f"| `{gate.id}` {cell(gate.title)} | {rule} | {cell(gate.action)} |")
        out.append("")
    else:
        out += ["No gates: this level is where the ladder starts.", ""]
    out += criteria_markdown(fw, level.id, heading="## Criteria:")
    return "\n".join(out)


def framework_markdown(fw: Framework) -> str:
    out: list[str] = [f"# {fw.name} ({fw.version})", ""]
    if fw.description:
        out += [fw.description.strip(), ""]
    out += [f"Framework id `{fw.id}`, content hash `{fw.content_hash}`.", ""]

    out += ["## Levels", "", "| level | years | focus | scope |", "|---|---|---|---|"]
    for level in fw.levels:
        out.append(
            f"| {cell(level.name)} | {years(level.experience_years)} | {cell(level.focus or '')} "
            f"| {cell(level.scope or '')} |"
        )
    out.append("")

    scale = fw.rating_scale
    out += ["## Rating scale", ""]
    out += [f"- **{v.value} {v.name}**: {v.description}" for v in scale.values]
    out.append("")

    out += [
        "## Gates",
        "",
        "Gates are cumulative: a level is reached when its gates and every lower level's pass.",
        "",
    ]
    for level in fw.levels:
        if not level.gates:
            continue
        out += [f"### {level.name}", "", "| check | rule | how to meet it |", "|---|---|---|"]
        for gate in level.gates:
            rule = cell(describe_rule(gate.rule, fw, level.id))
            out.append(f"| `{gate.id}` {cell(gate.title)} | {rule} | {cell(gate.action)} |")
        out.append("")

    if fw.criteria:
        out += ["## Criteria", "", "The ladder describes growth; it is not a promotion checklist.", ""]
        for level in fw.levels:
            out += criteria_markdown(fw, level.id, heading="###")

    out += ["## Skills", ""]
    for category in fw.category_list:
        members = [s for s in fw.skills if s.category == category.id]
        if not members:
            continue
        out += [f"### {category.name}", ""]
        if category.description:
            out += [category.description, ""]
        for skill in members:
            out += skill_markdown(fw, skill.id)

    out += ["## Evidence kinds", "", "| kind | type | description |", "|---|---|---|"]
    for kind in fw.evidence_kinds:
        out.append(f"| {cell(kind.name)} (`{kind.id}`) | {kind.type} | {cell(kind.description)} |")
    out.append("")

    if fw.pitfalls:
        out += ["## Pitfalls", ""]
        out += [f"- **{p.title}** (`{p.id}`): {p.advice}" for p in fw.pitfalls]
        out.append("")
    if fw.maturity:
        out += ["## Organisation AI maturity", ""]
        for m in fw.maturity.levels:
            supports = fw.level_by_id[m.supports_level].name
            out.append(f"- **{m.value} {m.name}** (supports growth to {supports}): {m.description}")
        out += [
            "",
            f"The org level is the largest level that at least {fw.maturity.min_phases} of the "
            f"{len(fw.maturity.phases)} phases reach.",
            "",
        ]
    if fw.transitions:
        out += ["## Typical time between levels", ""]
        for t in fw.transitions:
            extra = "".join(f"; {b}: {m[0]}-{m[1]} months" for b, m in t.months_by_background.items())
            out.append(
                f"- {fw.level_by_id[t.from_].name} to {fw.level_by_id[t.to].name}: "
                f"{t.months[0]}-{t.months[1]} months{extra}"
            )
        out.append("")
    return "\n".join(out)
