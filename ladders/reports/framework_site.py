"""A framework as a static web site: works from `file://` and any static host, no network.

Pages: an overview of the levels, one page per level (focus, scope, gates in words,
criteria), one per skill (its rubric across ratings), a page comparing two levels (from
the core's `level_diff`) and client-side search over a small index shipped as
`ladder.js`. Every page says that the ladder describes growth and is not a promotion
checklist. Files are named after ids, which the format keeps to safe characters.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from ladders.core.checks import describe_rule
from ladders.core.framework import Framework
from ladders.core.framework_diff import level_diff

GROWTH_NOTE = (
    "This ladder describes how people grow. It is not a promotion checklist: use it to talk "
    "about strengths and next steps, not to tick boxes."
)
ASSETS = ("site.css", "site.js")


def level_page(level_id: str) -> str:
    return f"level-{level_id}.html"


def skill_page(skill_id: str) -> str:
    return f"skill-{skill_id}.html"


def _page(fw: Framework, title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · {escape(fw.name)}</title>
<link rel="stylesheet" href="site.css">
</head>
<body>
<header>
<nav aria-label="Site">
<a class="brand" href="index.html">{escape(fw.name)}</a>
<a href="index.html">Levels</a>
<a href="compare.html">Compare two levels</a>
</nav>
<form class="search" role="search" action="#">
<label for="search-box">Search</label>
<input id="search-box" type="search" placeholder="A skill, level or criterion" autocomplete="off">
</form>
<div id="search-results" aria-live="polite"></div>
</header>
<main>
<p class="growth-note">{escape(GROWTH_NOTE)}</p>
{body}
</main>
<footer>{escape(fw.name)} {escape(fw.version)} · content hash <code>{escape(fw.content_hash)}</code></footer>
<script src="ladder.js"></script>
<script src="site.js"></script>
</body>
</html>
"""


def _text(text: str | None) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in (text or "").split("\n\n") if p.strip())


def _overview(fw: Framework) -> str:
    rows = "".join(
        f'<tr><td><a href="{level_page(lv.id)}">{escape(lv.name)}</a></td>'
        f"<td>{escape(lv.focus or '')}</td><td>{escape(lv.scope or '')}</td></tr>"
        for lv in fw.levels
    )
    skills = []
    for category in fw.category_list:
        members = [s for s in fw.skills if s.category == category.id]
        if members:
            links = "".join(f'<li><a href="{skill_page(s.id)}">{escape(s.name)}</a></li>' for s in members)
            skills.append(f"<h3>{escape(category.name)}</h3><ul>{links}</ul>")
    return (
        f"<h1>{escape(fw.name)}</h1>{_text(fw.description)}"
        f"<h2>Levels</h2><table><thead><tr><th>Level</th><th>Focus</th><th>Scope</th></tr></thead>"
        f"<tbody>{rows}</tbody></table><h2>Skills</h2>{''.join(skills)}"
    )


def _criteria_html(fw: Framework, level_id: str) -> str:
    by_topic = fw.criteria_of(level_id)
    if not by_topic:
        return ""
    names = {c.id: c.name for c in fw.category_list}
    out = ["<h2>Criteria</h2>"]
    for topic, members in by_topic.items():
        items = []
        for c in members:
            examples = "".join(f"<li>{escape(e)}</li>" for e in c.examples)
            items.append(
                f'<li id="{escape(c.id)}">{escape(c.text)} <code>{escape(c.id)}</code>'
                + (f'<ul class="examples">{examples}</ul>' if examples else "")
                + "</li>"
            )
        out.append(f'<h3>{escape(names.get(topic, topic))}</h3><ul class="criteria">{"".join(items)}</ul>')
    return "".join(out)


def _level(fw: Framework, index: int) -> str:
    level = fw.levels[index]
    parts = [f"<h1>{escape(level.name)}</h1>"]
    for label, text in (("Focus", level.focus), ("Scope", level.scope), ("Summary", level.summary)):
        if text:
            parts.append(f"<h2>{label}</h2>{_text(text)}")
    parts.append("<h2>Gates</h2>")
    if level.gates:
        rows = "".join(
            f"<tr><td>{escape(g.title)}</td><td>{escape(describe_rule(g.rule, fw, level.id))}</td>"
            f"<td>{escape(g.action)}</td></tr>"
            for g in level.gates
        )
        parts.append(
            "<p>Gates are cumulative: this level also asks for the gates of every level below it.</p>"
            "<table><thead><tr><th>Gate</th><th>In words</th><th>How to meet it</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    else:
        parts.append("<p>None: the ladder starts here.</p>")
    parts.append(_criteria_html(fw, level.id))
    steps = []
    if index > 0:
        steps.append(
            f'<a href="{level_page(fw.levels[index - 1].id)}">← {escape(fw.levels[index - 1].name)}</a>'
        )
    if index + 1 < len(fw.levels):
        steps.append(
            f'<a href="{level_page(fw.levels[index + 1].id)}">{escape(fw.levels[index + 1].name)} →</a>'
        )
    parts.append(f"<p>{' · '.join(steps)}</p>")
    return "".join(parts)


def _skill(fw: Framework, skill_id: str) -> str:
    skill = fw.skill_by_id[skill_id]
    category = next((c.name for c in fw.category_list if c.id == skill.category), skill.category)
    rows = "".join(
        f'<tr><th class="rating" scope="row">{r} {escape(fw.rating_name(r))}</th><td>{escape(text)}</td></tr>'
        for r, text in sorted(skill.rubric.items())
    )
    return (
        f'<h1>{escape(skill.name)}</h1><p class="muted">{escape(category)}</p>{_text(skill.description)}'
        '<h2>Rubric</h2><table><thead><tr><th class="rating">Rating</th>'
        "<th>What it looks like</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _compare(fw: Framework) -> str:
    options = "".join(f'<option value="{escape(lv.id)}">{escape(lv.name)}</option>' for lv in fw.levels)
    return (
        "<h1>Compare two levels</h1><p>What changes from one level to a higher one: the gates, "
        "the skills that grow, and the criteria added on the way.</p>"
        f'<div class="compare-pick"><label for="compare-from">From level</label>'
        f'<select id="compare-from">{options}</select>'
        f'<label for="compare-to">to level</label><select id="compare-to">{options}</select></div>'
        '<div id="compare-result" aria-live="polite"></div>'
    )


def _index(fw: Framework) -> list[dict[str, str]]:
    entries = []
    for level in fw.levels:
        words = [level.focus or "", level.scope or "", level.summary or ""]
        words += [f"{g.title} {describe_rule(g.rule, fw, level.id)} {g.action}" for g in level.gates]
        entries.append(
            {"kind": "level", "title": level.name, "url": level_page(level.id), "text": " ".join(words)}
        )
    for skill in fw.skills:
        text = " ".join([skill.description, *skill.rubric.values()])
        entries.append({"kind": "skill", "title": skill.name, "url": skill_page(skill.id), "text": text})
    for c in fw.criteria:
        level = fw.level_by_id[c.level].name
        entries.append(
            {
                "kind": f"criterion, {level}",
                "title": c.text,
                "url": f"{level_page(c.level)}#{c.id}",
                "text": " ".join([c.id, *c.examples]),
            }
        )
    return entries


def site_files(fw: Framework) -> dict[str, str]:
    """Every file of the site by name, as text."""
    files = {
        "index.html": _page(fw, "Levels", _overview(fw)),
        "compare.html": _page(fw, "Compare", _compare(fw)),
    }
    for i, level in enumerate(fw.levels):
        files[level_page(level.id)] = _page(fw, level.name, _level(fw, i))
    for skill in fw.skills:
        files[skill_page(skill.id)] = _page(fw, skill.name, _skill(fw, skill.id))
    compare: dict[str, Any] = {}
    for i, low in enumerate(fw.levels):
        for high in fw.levels[i + 1 :]:
            compare[f"{low.id}>{high.id}"] = level_diff(fw, low.id, high.id)
    data = {"index": _index(fw), "compare": compare}
    # `</` never appears in JSON we write inside a script file, but escape it for safety.
    files["ladder.js"] = (
        "window.LADDER = " + json.dumps(data, ensure_ascii=False).replace("</", "<\\/") + ";\n"
    )
    assets = resources.files("ladders.reports") / "site_assets"
    for name in ASSETS:
        files[name] = (assets / name).read_text(encoding="utf-8")
    return files


def write_site(fw: Framework, directory: Path) -> list[Path]:
    """Write the site into `directory` (created if missing); returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in site_files(fw).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
