"""The published framework site in real Chromium, opened from file:// with no server."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from ladders.core.framework_loader import default_framework, framework_from_text
from ladders.core.interchange.monzo import monzo_import
from ladders.reports.framework_site import GROWTH_NOTE, level_page, write_site
from tests.monzo_fixture import MONZO_SMALL

pytestmark = pytest.mark.e2e

PHONE, DESK = (390, 844), (1280, 900)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    write_site(default_framework(), folder)
    return folder


@pytest.fixture
def open_page(browser: Browser, tmp_path: Path) -> Iterator:
    contexts = []

    def open_at(url: str, size: tuple[int, int] = DESK) -> Page:
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, offline=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield open_at
    for context in contexts:
        context.close()


def _fits(page: Page, tmp_path: Path, name: str) -> None:
    """No horizontal overflow, checked in the DOM and on a saved screenshot."""
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=shot, full_page=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    png_width, _height = struct.unpack(">II", data[16:24])
    assert png_width == width, f"{name}: the page is {png_width}px wide in a {width}px window"


def test_the_overview_links_to_every_level_and_says_it_is_not_a_checklist(open_page, site, tmp_path):
    fw = default_framework()
    for size in (PHONE, DESK):
        page = open_page((site / "index.html").as_uri(), size)
        expect(page.get_by_text(GROWTH_NOTE)).to_be_visible()
        for level in fw.levels:
            expect(page.get_by_role("link", name=level.name, exact=True)).to_be_visible()
        _fits(page, tmp_path, f"overview-{size[0]}")
    page.get_by_role("link", name=fw.levels[2].name, exact=True).click()
    expect(page).to_have_url((site / level_page(fw.levels[2].id)).as_uri())
    expect(page.get_by_role("heading", name="Gates")).to_be_visible()
    expect(page.get_by_text(fw.levels[2].gates[0].title, exact=True)).to_be_visible()
    _fits(page, tmp_path, "level-desk")


def test_a_skill_page_shows_the_rubric_across_ratings(open_page, site, tmp_path):
    fw = default_framework()
    skill = fw.skills[0]
    page = open_page((site / "index.html").as_uri(), PHONE)
    page.get_by_role("link", name=skill.name, exact=True).click()
    expect(page.get_by_role("heading", name=skill.name)).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(len(skill.rubric))
    expect(rows.last).to_contain_text(skill.rubric[fw.rating_scale.max])
    _fits(page, tmp_path, "skill-phone")


def test_compare_shows_what_changes_between_two_levels(open_page, site, tmp_path):
    fw = default_framework()
    page = open_page((site / "compare.html").as_uri(), PHONE)
    expect(page.get_by_role("status")).to_contain_text("Pick a lower level")
    page.get_by_label("From level").select_option(fw.levels[1].id)
    page.get_by_label("to level").select_option(fw.levels[2].id)
    result = page.locator("#compare-result")
    expect(result).to_contain_text(f"From {fw.levels[1].name} to {fw.levels[2].name}")
    expect(result.get_by_role("heading", name="Gates added")).to_be_visible()
    expect(result).to_contain_text(fw.levels[2].gates[0].title)
    expect(result).not_to_contain_text(fw.levels[1].gates[0].title + ":")
    _fits(page, tmp_path, "compare-phone")


def test_search_finds_skills_and_levels_from_the_shipped_index(open_page, site, tmp_path):
    fw = default_framework()
    skill = fw.skills[5]
    page = open_page((site / "index.html").as_uri(), DESK)
    page.get_by_label("Search").fill(skill.name.lower())
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name=skill.name, exact=True)).to_be_visible()
    page.get_by_label("Search").fill("zzzz-nothing-like-this")
    expect(results).to_contain_text("0 matches")
    _fits(page, tmp_path, "search-desk")


def test_a_checklist_site_lists_criteria_on_level_pages_and_finds_them(open_page, tmp_path):
    fw = framework_from_text(yaml.safe_dump(monzo_import(MONZO_SMALL, "tools.md")))
    folder = tmp_path / "tools"
    write_site(fw, folder)
    criterion = fw.criteria[3]
    page = open_page((folder / level_page(criterion.level)).as_uri(), PHONE)
    expect(page.get_by_role("heading", name="Criteria")).to_be_visible()
    expect(page.get_by_text(criterion.text, exact=False)).to_be_visible()
    page.get_by_label("Search").fill("kind and useful")
    page.locator("#search-results").get_by_role("link", name=criterion.text).click()
    expect(page).to_have_url(f"{(folder / level_page(criterion.level)).as_uri()}#{criterion.id}")
    _fits(page, tmp_path, "checklist-phone")
