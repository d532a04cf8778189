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

    out += ["## Skills", ""]
    ratings = list(range(scale.min + 1, scale.max + 1))
    for category in fw.category_list:
        members = [s for s in fw.skills if s.category == category.id]
        if not members:
            continue
        out += [f"### {category.name}", ""]
        if category.description:
            out += [category.description, ""]
        for skill in members:
            out += [f"#### {skill.name} (`{skill.id}`)", "", skill.description, ""]
            out += [f"- {r} {fw.rating_name(r)}: {skill.rubric[r]}" for r in ratings]
            out.append("")

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
