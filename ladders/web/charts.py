"""Small SVG charts drawn on the server: no script, no library, styled by classes in site.css.

Each chart says in its <desc> what it shows in words, so it reads without being seen. The
skills chart is the one the HTML report draws (`ladders.reports.html.skills_svg`).
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from ladders.core.framework import Framework

ROW = 26
BAR = 16


def e(text: Any) -> str:
    return escape(str(text), quote=True)


def _svg(key: str, title: str, desc: str, width: int, height: int, body: list[str]) -> SafeString:
    head = (
        f'<svg class="chart" role="img" aria-labelledby="{key}-title {key}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<title id="{key}-title">{e(title)}</title><desc id="{key}-desc">{e(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")


def history_chart(history: list[dict[str, Any]], fw: Framework) -> SafeString:
    """Level over time: one point per frozen assessment, levels bottom (first) to top (last)."""
    points = [row for row in history if row["position"] is not None]
    label_width, step, top, bottom = 96, 84, 14, 40
    levels = fw.levels
    height = top + (len(levels) - 1) * 34 + bottom
    width = label_width + max(len(points), 1) * step + 20

    def y(position: int) -> float:
        return top + (len(levels) - 1 - position) * 34

    body = []
    for position, level in enumerate(levels):
        body.append(
            f'<line class="grid" x1="{label_width}" y1="{y(position)}" x2="{width - 10}" y2="{y(position)}"/>'
            f'<text class="axis" x="{label_width - 8}" y="{y(position) + 4}" text-anchor="end">'
            f"{e(level.name)}</text>"
        )
    coordinates = []
    for index, row in enumerate(points):
        x = label_width + step / 2 + index * step
        coordinates.append((x, y(row["position"])))
        when = row["quarter"] or row["as_of"].isoformat()
        body.append(f'<text class="axis" x="{x}" y="{height - 14}" text-anchor="middle">{e(when)}</text>')
    if len(coordinates) > 1:
        path = " ".join(f"{x},{yy}" for x, yy in coordinates)
        body.append(f'<polyline class="line" points="{path}"/>')
    for (x, yy), row in zip(coordinates, points, strict=True):
        body.append(
            f'<circle class="point" cx="{x}" cy="{yy}" r="5"><title>{e(row["quarter"] or row["as_of"])}: '
            f"{e(row['level_name'])}</title></circle>"
        )
    desc = (
        "; ".join(f"{row['quarter'] or row['as_of']}: {row['level_name']}" for row in history) or "none yet"
    )
    return _svg("history", "Level by quarter", f"Frozen levels, oldest first: {desc}.", width, height, body)


def distribution_chart(distribution: list[tuple[Any, int]]) -> SafeString:
    """How many people are at each level, one horizontal bar per level of the framework."""
    label_width, bar_width = 110, 240
    most = max((count for _, count in distribution), default=0) or 1
    height = len(distribution) * ROW + 8
    body = []
    for index, (level, count) in enumerate(distribution):
        yy = 4 + index * ROW
        width = round(bar_width * count / most, 1)
        body.append(
            f'<text class="axis" x="{label_width - 8}" y="{yy + 13}" text-anchor="end">{e(level.name)}</text>'
            f'<rect class="track" x="{label_width}" y="{yy}" width="{bar_width}" height="{BAR}"/>'
            f'<rect class="bar" x="{label_width}" y="{yy}" width="{width}" height="{BAR}"/>'
            f'<text class="value" x="{label_width + bar_width + 8}" y="{yy + 13}">{count}</text>'
        )
    desc = "; ".join(f"{level.name}: {count}" for level, count in distribution)
    return _svg(
        "distribution", "People by assessed level", desc + ".", label_width + bar_width + 50, height, body
    )


def maturity_chart(result: dict[str, Any], fw: Framework) -> SafeString:
    """Each phase's rating on the maturity scale, with the organisation's level marked."""
    model = fw.maturity
    names = {p.id: p.name for p in model.phases} if model else {}
    top = len(model.levels) if model else max(result["phases"].values(), default=1)
    label_width, bar_width = 130, 300
    height = len(result["phases"]) * ROW + 30
    body = []
    for value in range(1, top + 1):
        x = label_width + bar_width * value / top
        body.append(
            f'<line class="grid" x1="{x}" y1="18" x2="{x}" y2="{height}"/>'
            f'<text class="axis" x="{x}" y="12" text-anchor="middle">{value}</text>'
        )
    for index, (phase, rating) in enumerate(result["phases"].items()):
        yy = 24 + index * ROW
        short = rating < result["level"] + 1 and result.get("next") is not None
        body.append(
            f'<text class="axis" x="{label_width - 8}" y="{yy + 13}" text-anchor="end">'
            f"{e(names.get(phase, phase))}</text>"
            f'<rect class="track" x="{label_width}" y="{yy}" width="{bar_width}" height="{BAR}"/>'
            f'<rect class="bar{" short" if short else ""}" x="{label_width}" y="{yy}" '
            f'width="{round(bar_width * rating / top, 1)}" height="{BAR}"/>'
        )
    x = label_width + bar_width * result["level"] / top
    body.append(f'<line class="need" x1="{x}" y1="18" x2="{x}" y2="{height}"/>')
    desc = f"Organisation level {result['level']} {result['name']}. " + "; ".join(
        f"{names.get(p, p)} {r}" for p, r in result["phases"].items()
    )
    return _svg("maturity", "AI maturity by phase", desc + ".", label_width + bar_width + 20, height, body)
