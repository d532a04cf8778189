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


def _text(css: str, x: float, y: float, text: Any, anchor: str = "start") -> str:
    return f'<text class="{css}" x="{x}" y="{y}" text-anchor="{anchor}">{e(text)}</text>'


def _line(css: str, x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line class="{css}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>'


def level_chart(rows: list[dict[str, Any]]) -> SafeString:
    """Recorded and evidence-based level counts side by side, one pair of bars per level."""
    label_width, bar_width, pair = 110, 240, 2 * BAR + 4
    most = max((max(r["recorded"], r["assessed"]) for r in rows), default=0) or 1
    step = pair + 12
    height = len(rows) * step + 8
    body = []
    for index, row in enumerate(rows):
        yy = 4 + index * step
        body.append(_text("axis", label_width - 8, yy + BAR + 4, row["name"], "end"))
        for offset, key, css in ((0, "recorded", "bar"), (BAR + 2, "assessed", "bar alt")):
            width, top = round(bar_width * row[key] / most, 1), yy + offset
            body.append(
                f'<rect class="track" x="{label_width}" y="{top}" width="{bar_width}" height="{BAR}"/>'
                f'<rect class="{css}" x="{label_width}" y="{top}" width="{width}" height="{BAR}">'
                f"<title>{e(row['name'])}, {key}: {row[key]}</title></rect>"
                f'<text class="value" x="{label_width + bar_width + 8}" y="{yy + offset + 13}">'
                f"{row[key]} {key}</text>"
            )
    desc = "; ".join(f"{r['name']}: {r['recorded']} recorded, {r['assessed']} by evidence" for r in rows)
    return _svg(
        "levels",
        "People by level, recorded and by evidence",
        desc + ".",
        label_width + bar_width + 110,
        height,
        body,
    )


def _scale(values: list[float], floor: float) -> float:
    """Half the width of a symmetric axis around zero, rounded up to a quarter."""
    largest = max((abs(v) for v in values), default=0.0)
    return max(floor, -(-largest * 4 // 1) / 4)


def _signed(value: float) -> str:
    """+0.5, −0.33: two decimals at most, and a real minus sign."""
    text = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    return text if text == "0" else ("+" if value > 0 else "−") + text


def _label_width(labels: list[str], least: int = 110) -> int:
    """Room for the longest label at 12px (about 7px a character), within reason."""
    return min(280, max(least, 7 * max((len(str(t)) for t in labels), default=0) + 12))


def gap_chart(rows: list[dict[str, Any]], *, key: str, label: str, title: str) -> SafeString:
    """One bar per row from zero: right when the manager rated higher than the person, left when lower.

    Each bar is labelled with its value; the margins either side leave room for it.
    """
    label_width, half, margin = _label_width([r[label] for r in rows]), 150, 40
    limit = _scale([r["mean_gap"] for r in rows], 0.5)
    left = label_width + margin
    zero = left + half
    height = len(rows) * ROW + 30
    body = [
        _line("need", zero, 18, zero, height),
        _text("axis", left, 12, f"−{limit:g}", "middle"),
        _text("axis", zero, 12, "0", "middle"),
        _text("axis", zero + half, 12, f"+{limit:g}", "middle"),
    ]
    for index, row in enumerate(rows):
        yy = 24 + index * ROW
        gap = row["mean_gap"]
        width = round(half * min(abs(gap), limit) / limit, 1)
        x = zero if gap >= 0 else zero - width
        body.append(_text("axis", label_width - 8, yy + 13, row[label], "end"))
        body.append(
            f'<rect class="bar{" short" if gap < 0 else ""}" x="{x}" y="{yy}" width="{width}" height="{BAR}">'
            f"<title>{e(row[label])}: {_signed(gap)}</title></rect>"
        )
        if gap:
            end = zero + width + 4 if gap > 0 else zero - width - 4
            body.append(_text("value", end, yy + 13, _signed(gap), "start" if gap > 0 else "end"))
    desc = "; ".join(f"{r[label]}: {_signed(r['mean_gap'])}" for r in rows) or "no ratings to compare"
    return _svg(key, title, desc + ".", zero + half + margin, height, body)


def leniency_chart(rows: list[dict[str, Any]]) -> SafeString:
    """Each manager's mean difference from peers (a dot) with its confidence interval (a whisker)."""
    label_width, half = _label_width([r["manager"] for r in rows]), 170
    values = [r["mean_difference"] for r in rows]
    values += [v for r in rows for v in (r["low"], r["high"]) if v is not None]
    limit = _scale(values, 0.5)
    zero = label_width + half
    height = len(rows) * ROW + 30

    def x(value: float) -> float:
        return round(zero + half * max(-limit, min(limit, value)) / limit, 1)

    body = [
        f'<line class="need" x1="{zero}" y1="18" x2="{zero}" y2="{height}"/>',
        f'<text class="axis" x="{label_width}" y="12">−{limit:g}</text>',
        f'<text class="axis" x="{zero}" y="12" text-anchor="middle">0</text>',
        f'<text class="axis" x="{zero + half}" y="12" text-anchor="end">+{limit:g}</text>',
    ]
    for index, row in enumerate(rows):
        yy = 24 + index * ROW + BAR / 2
        body.append(_text("axis", label_width - 8, yy + 4, row["manager"], "end"))
        body.append(_line("grid", label_width, yy, zero + half, yy))
        if row["low"] is not None and row["high"] is not None:
            low, high = x(row["low"]), x(row["high"])
            body.append(_line("whisker", low, yy, high, yy))
            body.append(_line("whisker", low, yy - 5, low, yy + 5))
            body.append(_line("whisker", high, yy - 5, high, yy + 5))
        css = "dot significant" if row["significant"] else "dot"
        interval = (
            f" (from {_signed(row['low'])} to {_signed(row['high'])})" if row["low"] is not None else ""
        )
        body.append(
            f'<circle class="{css}" cx="{x(row["mean_difference"])}" cy="{yy}" r="5">'
            f"<title>{e(row['manager'])}: {_signed(row['mean_difference'])}{interval}</title></circle>"
        )
    desc = (
        "; ".join(
            f"{r['manager']}: {_signed(r['mean_difference'])}"
            + (f", interval {_signed(r['low'])} to {_signed(r['high'])}" if r["low"] is not None else "")
            + (", significant" if r["significant"] else "")
            for r in rows
        )
        or "no managers to compare"
    )
    return _svg(
        "leniency",
        "Leniency: each manager's ratings against their peers'",
        desc + ".",
        label_width + 2 * half + 20,
        height,
        body,
    )


def band_chart(compensation: dict[str, Any]) -> SafeString:
    """The salary band as a bar with the base marked on it (the axis stretches to a base outside it)."""
    band, base, currency = compensation["band"], compensation["base"], compensation["currency"]
    low, high = min(band["min"], base), max(band["max"], base)
    pad = (high - low) * 0.08 or 1
    low, high = low - pad, high + pad
    left, width, height = 10, 400, 64

    def x(value: float) -> float:
        return round(left + width * (value - low) / (high - low), 1)

    start, end = x(band["min"]), x(band["max"])
    body = [
        f'<rect class="track" x="{left}" y="22" width="{width}" height="{BAR}"/>',
        f'<rect class="bar" x="{start}" y="22" width="{round(end - start, 1)}" height="{BAR}"/>',
        _text("axis", start, 56, f"{band['min']:,.0f}", "middle"),
        _text("axis", end, 56, f"{band['max']:,.0f}", "middle"),
        _line("need", x(base), 14, x(base), 22 + BAR + 6),
        _text("value", x(base), 10, f"{base:,.0f}", "middle"),
    ]
    desc = (
        f"Band {band['min']:,.0f} to {band['max']:,.0f} {currency}; base {base:,.0f} {currency}"
        f" ({compensation['placement']})."
    )
    return _svg("band", "Base salary in the band", desc, left + width + 10, height, body)
