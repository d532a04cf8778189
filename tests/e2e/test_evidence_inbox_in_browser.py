"""The evidence inbox in headless Chromium: a brag doc becomes two items that a check cites."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import Evidence
from tests.framework_ids import CHECK, KIND, LEVEL
from tests.org_fixtures import Org

pytestmark = pytest.mark.e2e


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def test_an_engineer_uploads_a_brag_doc_accepts_two_suggestions_and_a_check_cites_them(
    org: Org, page: Page, sign_in
):
    _, fw = active_framework(org.org)
    first = "Tracked down the root cause of the stale search results"
    second = "Bisected the tokenizer upgrade and debugged the truncated prompts"
    brag = (
        "## This year\n\n"
        f"- {_day(40)}: {first}; cut bad answers by 30%.\n"
        f"- {_day(20)}: {second}.\n"
        f"- {_day(10)}: Gave a talk at the platform guild.\n"
    )
    sign_in(org.engineer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Evidence").click()
    page.get_by_role("link", name="Evidence inbox").click()
    page.get_by_label("What it is").select_option("brag")
    page.get_by_label("Or paste it").fill(brag)
    page.get_by_role("button", name="Find suggestions").click()
    expect(page.get_by_role("heading", name=first)).to_be_visible()

    page.get_by_role("button", name=f"Accept {first}").click()
    expect(page.get_by_role("heading", name=first)).to_have_count(0)
    page.get_by_role("button", name=f"Accept {second}").click()
    expect(page.get_by_role("heading", name=second)).to_have_count(0)
    expect(page.get_by_text("1 suggestion to review, 2 decided already")).to_be_visible()

    items = Evidence.objects.filter(person=org.engineer).order_by("date")
    assert [(i.kind, i.title, i.source["type"]) for i in items] == [
        (KIND.debugging_story, f"{first}; cut bad answers by 30%.", "brag"),
        (KIND.debugging_story, f"{second}.", "brag"),
    ]

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    mid = fw.level_by_id[LEVEL.mid]
    check = next(gate for gate in mid.gates if gate.id == CHECK.mid_debugging)
    row = page.locator("li.check").filter(has_text=check.title)
    expect(row.get_by_role("link", name=f"{first}; cut bad answers by 30%.")).to_be_visible()
    expect(row.get_by_role("link", name=f"{second}.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Evidence").click()
    expect(page.get_by_text("Source: brag").first).to_be_visible()
