"""The HTML report: one self-contained page a person can open offline, print or mail."""

from __future__ import annotations

import copy
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ladders.core.compensation import bands_load
from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.framework_loader import framework_load
from ladders.core.profile import profile_from_text, profile_load
from ladders.reports.html import render_html
from tests.example_files import BANDS, POINTS_LADDER, POINTS_PROFILE, PROFILES
from tests.hostile_yaml import HOSTILE_PROFILE

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class PageParser(HTMLParser):
    """Tracks open elements and collects what the tests look at: attributes, bars, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.mismatches: list[str] = []
        self.counts: dict[str, int] = {}
        self.attributes: list[tuple[str, str, str | None]] = []
        self.bars: list[dict[str, str | None]] = []
        self.tracks: list[dict[str, str | None]] = []
        self.needs: int = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.mismatches.append(f"</{tag}> while open: {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def _record(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.attributes += [(tag, name, value) for name, value in attrs]
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "rect" and "bar" in classes:
            self.bars.append(found)
        if tag == "rect" and "track" in classes:
            self.tracks.append(found)
        if tag == "line" and "need" in classes:
            self.needs += 1


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def hostile_page(fw: Framework) -> str:
    result = assess(fw, profile_from_text(HOSTILE_PROFILE, fw), bands=bands_load(BANDS, fw))
    return render_html(result, fw)


def all_pages(fw: Framework) -> list[str]:
    bands = bands_load(BANDS, fw)
    return [render_html(assess(fw, profile_load(path, fw), bands=bands), fw) for path in PROFILES]


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_html_report_is_one_well_formed_page(fw: Framework, path: Path) -> None:
    page = render_html(assess(fw, profile_load(path, fw), bands=bands_load(BANDS, fw)), fw)
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert parsed.mismatches == []
    assert parsed.stack == []
    for tag in ("html", "head", "body", "main", "style", "svg", "footer"):
        assert parsed.counts.get(tag) == 1, tag
    assert page.split("</head>", 1)[0].count("<title>") == 1
    assert ("html", "lang", "en") in parsed.attributes


def test_html_report_makes_no_network_reference(fw: Framework, hostile_page: str) -> None:
    for page in [*all_pages(fw), hostile_page]:
        parsed = parse(page)
        assert "http://" not in page
        assert "https://" not in page
        assert "<script" not in page.lower()
        assert "url(" not in page and "@import" not in page
        for tag, name, value in parsed.attributes:
            assert name not in {"src", "href", "srcset", "action", "xlink:href"}, (tag, name, value)
        assert parsed.counts.get("img", 0) == parsed.counts.get("link", 0) == 0


def test_html_report_forbids_loading_anything_through_its_content_security_policy(
    sam: dict, fw: Framework
) -> None:
    policy = next(
        value
        for tag, name, value in parse(render_html(sam, fw)).attributes
        if tag == "meta" and name == "content" and value and value.startswith("default-src")
    )
    assert "default-src 'none'" in policy


def test_html_report_names_its_generator_and_the_framework_it_used(fw: Framework, sam: dict) -> None:
    page = render_html(sam, fw)
    assert '<meta name="generator" content="ladders ' in page
    footer = page.split("<footer>", 1)[1]
    for key in ("id", "version", "hash"):
        assert sam["framework"][key] in footer


def test_html_report_has_a_print_stylesheet(fw: Framework, sam: dict) -> None:
    assert "@media print" in render_html(sam, fw)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_html_report_names_the_level_and_every_gate_check(fw: Framework, path: Path) -> None:
    result = assess(fw, profile_load(path, fw))
    page = render_html(result, fw)
    assert f"<h1>{escape(result['person']['name'])}: {escape(result['level_name'])}</h1>" in page
    for gate in result["gates"]:
        for check in gate["checks"]:
            assert f"<code>{escape(check['id'])}</code>" in page


def test_a_failing_check_shows_a_cross_and_its_detail(fw: Framework, sam: dict) -> None:
    page = render_html(sam, fw)
    failing = next(c for g in sam["gates"] for c in g["checks"] if not c["passed"])
    row = next(r for r in page.split("<tr>") if f"<code>{failing['id']}</code>" in r)
    assert "✗" in row
    assert escape(failing["detail"]) in row


def test_plan_steps_appear_in_order(fw: Framework, sam: dict) -> None:
    page = render_html(sam, fw)
    plan = page.split('<h2 id="plan">', 1)[1].split("</section>", 1)[0]
    steps = sam["plan"]["steps"]
    assert len(steps) >= 2
    positions = [plan.index(f"<code>{escape(step['check'])}</code>") for step in steps]
    assert positions == sorted(positions)
    assert plan.count("<li>") == len(steps)


def test_user_text_is_escaped_never_markup(hostile_page: str) -> None:
    parsed = parse(hostile_page)
    assert "<script" not in hostile_page
    assert "<iframe" not in hostile_page
    assert parsed.counts.get("img", 0) == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | x" in hostile_page
    assert "Alex &lt;b&gt;Bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt; &amp; Co | Ops" in hostile_page
    assert "<script>alert(1)</script> | x" in "".join(parsed.text)


def test_the_skills_chart_has_one_bar_per_framework_skill(fw: Framework, sam: dict) -> None:
    parsed = parse(render_html(sam, fw))
    assert sorted(bar["data-skill"] for bar in parsed.bars) == sorted(skill.id for skill in fw.skills)
    assert parsed.needs == sum(1 for skill in sam["skills"] if skill["next_level_needs"] is not None)


def test_the_skills_chart_groups_bars_by_category_in_framework_order(fw: Framework, sam: dict) -> None:
    bars = [bar["data-skill"] for bar in parse(render_html(sam, fw)).bars]
    rank = {category.id: i for i, category in enumerate(fw.category_list)}
    categories = [rank[fw.skill_by_id[skill].category] for skill in bars]
    assert categories == sorted(categories)


def test_bar_length_is_the_rating_on_the_framework_scale() -> None:
    """On a 0-5 scale a rating of 3 fills three fifths of the track, not three quarters."""
    points_fw = framework_load(POINTS_LADDER)
    result = assess(points_fw, profile_load(POINTS_PROFILE, points_fw))
    parsed = parse(render_html(result, points_fw))
    full = float(parsed.tracks[0]["width"] or 0)
    widths = {bar["data-skill"]: float(bar["width"] or 0) for bar in parsed.bars}
    low, high = points_fw.rating_scale.min, points_fw.rating_scale.max
    assert (low, high) == (0, 5)
    for skill in result["skills"]:
        expected = full * (skill["rating"] - low) / (high - low)
        assert widths[skill["id"]] == pytest.approx(expected, abs=0.2), skill["id"]


def test_the_skills_chart_is_labelled_for_assistive_technology(fw: Framework, sam: dict) -> None:
    page = render_html(sam, fw)
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and "aria-labelledby=" in svg
    assert '<title id="skills-title">' in svg
    description = svg.split("<desc", 1)[1].split("</desc>", 1)[0]
    for skill in sam["skills"]:
        assert escape(skill["name"]) in description


def test_tables_have_column_headers_and_captions(fw: Framework, sam_paid: dict) -> None:
    parsed = parse(render_html(sam_paid, fw))
    assert parsed.counts["table"] == parsed.counts["caption"] == parsed.counts["thead"]
    assert ("th", "scope", "col") in parsed.attributes


def test_compensation_section_appears_only_when_the_result_has_compensation(
    fw: Framework, sam: dict, sam_paid: dict
) -> None:
    assert 'id="compensation"' not in render_html(sam, fw)
    page = render_html(sam_paid, fw)
    assert 'id="compensation"' in page
    assert "Position: 57% of the way through the band (in band)." in page
    assert "Negotiation brief" in page
    first = sam_paid["compensation"]["negotiation_brief"][0]
    assert escape(first["outcome"]) in page


def test_pitfalls_ceiling_and_misread_appear(fw: Framework, sam: dict) -> None:
    page = render_html(sam, fw)
    for pitfall in sam["pitfalls"]:
        assert escape(pitfall["advice"]) in page
    assert "supports growth up to Mid." in page
    assert "Self-assessed as Senior, above the assessed Mid" in page


def test_rendering_is_pure(fw: Framework, sam_paid: dict) -> None:
    before = copy.deepcopy(sam_paid)
    assert render_html(sam_paid, fw) == render_html(sam_paid, fw)
    assert sam_paid == before


def test_user_text_never_becomes_an_event_handler_attribute(hostile_page: str) -> None:
    attributes = [name for _, name, _ in parse(hostile_page).attributes]
    assert not [name for name in attributes if re.match(r"on[a-z]+$", name)]
