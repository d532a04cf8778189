"""The main journeys through the real pages, in headless Chromium.

An engineer records evidence and submits a check-in and sees their level change; their
manager signs it off; an unrelated engineer is refused; an admin's broken framework upload
shows the line at fault and changes nothing. Locators are by label and role, so the pages
must be labelled for these tests to find anything.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.leveling.frameworks import active_framework, active_version
from ladders.leveling.models import AssessmentSnapshot, CheckIn, CheckInStatus, FrameworkVersion
from ladders.leveling.profiles import quarter_of
from tests.framework_ids import KIND, LEVEL, SKILL
from tests.minimum_profiles import MID_RATINGS, minimum_profile
from tests.org_fixtures import Org
from tests.records import give_evidence, give_record

pytestmark = pytest.mark.e2e

# All the mid evidence but the second shipped project, which the engineer adds in the browser.
BUT_THE_LAST = ("shipped-2",)


def _days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def _names(org: Org) -> tuple:
    _, fw = active_framework(org.org)
    return fw, {level.id: level.name for level in fw.levels}


def evidence_level(page: Page, name: str):
    """The dashboard's evidence-based level, shown beside the recorded one."""
    return page.locator("#evidence-level").get_by_text(name, exact=True)


def test_an_engineer_adds_evidence_submits_a_check_in_and_reaches_mid(org: Org, page: Page, sign_in):
    give_evidence(org.engineer, minimum_profile(LEVEL.mid), without=BUT_THE_LAST)
    fw, level_name = _names(org)
    sign_in(org.engineer)
    expect(evidence_level(page, level_name[LEVEL.junior])).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Evidence").click()
    page.get_by_role("link", name="Add evidence").click()
    page.get_by_label("Kind").select_option(label=fw.kind_by_id[KIND.shipped_project].name)
    page.get_by_label("Title").fill("Sales reply drafts")
    page.get_by_label("Date").fill(_days_ago(30))
    page.get_by_label("Scope").select_option("feature")
    page.get_by_label("Users").select_option("real")
    page.get_by_label("Outcome").fill("The sales team drafts its replies with it")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name="Sales reply drafts")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check-ins").click()
    quarter = quarter_of(timezone.localdate())
    page.get_by_role("link", name=f"Start the {quarter} check-in").click()
    for skill_id, rating in MID_RATINGS.items():
        name = fw.skill_by_id[skill_id].name
        legend = page.locator("legend", has_text=re.compile(rf"^{re.escape(name)}$"))
        category = page.locator("details.rating-category").filter(has=legend)
        if category.get_attribute("open") is None:  # categories start folded: open it as a reader would
            category.locator("summary").click()
        group = page.get_by_role("group", name=name, exact=True)
        group.get_by_role("radio", name=re.compile(rf"^{rating} ")).check()
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()
    expect(evidence_level(page, level_name[LEVEL.mid])).to_be_visible()
    checkin = CheckIn.objects.get(person=org.engineer, quarter=quarter)
    assert checkin.status == CheckInStatus.SUBMITTED
    assert {skill: checkin.self_ratings[skill] for skill in MID_RATINGS} == MID_RATINGS


def test_a_manager_signs_off_a_check_in_and_the_level_is_recorded(org: Org, page: Page, sign_in):
    give_record(org.engineer, minimum_profile(LEVEL.mid))
    quarter = quarter_of(timezone.localdate())
    _, level_name = _names(org)
    sign_in(org.manager)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    page.get_by_role("link", name=f"{org.engineer.name}, {quarter}").click()
    expect(page.get_by_role("heading", name=re.compile(f"Sign off {org.engineer.name}"))).to_be_visible()
    page.get_by_label("Notes for the record").fill("Agreed: mid.")
    page.get_by_role("button", name="Sign off", exact=True).click()

    expect(page.get_by_role("heading", name=org.engineer.name, exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(level_name[LEVEL.mid])
    expect(page.get_by_text(f"Recorded level: {level_name[LEVEL.mid]}")).to_be_visible()
    snapshot = AssessmentSnapshot.objects.get(person=org.engineer, checkin__quarter=quarter)
    assert snapshot.level == LEVEL.mid
    assert snapshot.framework_hash == active_version(org.org).content_hash
    org.engineer.refresh_from_db()
    assert org.engineer.level == LEVEL.mid
    assert CheckIn.objects.get(pk=snapshot.checkin_id).signed_off_by_id == org.manager.pk


def test_an_unrelated_engineer_gets_not_found_on_the_engineers_pages(org: Org, page: Page, sign_in):
    give_record(org.engineer, minimum_profile(LEVEL.mid), without=BUT_THE_LAST)
    item = org.engineer.evidence.first()
    quarter = quarter_of(timezone.localdate())
    sign_in(org.outsider)

    engineer = org.engineer.pk
    for path in [
        f"/people/{engineer}/",
        f"/people/{engineer}/evidence/",
        f"/people/{engineer}/evidence/add/",
        f"/people/{engineer}/evidence/{item.pk}/edit/",
        f"/people/{engineer}/evidence/{item.pk}/delete/",
        f"/people/{engineer}/checkins/{quarter}/",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 404, f"{path}: {response and response.status}"
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
        body = page.content()
        assert org.engineer.name not in body and item.title not in body, f"{path} shows the engineer's data"
    # The outsider's own pages do not list the engineer either.
    page.goto("/")
    expect(page.get_by_role("heading", name="My dashboard")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Team")).to_have_count(0)
    assert org.engineer.name not in page.content()


def test_choosing_a_kind_without_users_hides_only_the_users_field(org: Org, page: Page, sign_in):
    fw, _ = _names(org)
    sign_in(org.engineer)
    page.goto(f"/people/{org.engineer.pk}/evidence/add/")
    page.get_by_label("Kind").select_option(label=fw.kind_by_id[KIND.debugging_story].name)
    expect(page.get_by_label("Users")).to_be_hidden()
    expect(page.get_by_label("Title")).to_be_visible(timeout=2000)


def test_an_admin_upload_with_an_error_shows_its_line_and_changes_nothing(org: Org, page: Page, sign_in):
    lines = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").splitlines(keepends=True)
    # A gate naming a skill that does not exist: valid YAML, invalid framework.
    at = next(
        i for i, line in enumerate(lines) if "[error_handling, input_validation, testable_code]" in line
    )
    lines[at] = lines[at].replace(SKILL.testable_code, "testable_kode")
    active_before = active_version(org.org).content_hash
    versions_before = FrameworkVersion.objects.filter(org=org.org).count()
    sign_in(org.admin)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", name="Frameworks")).to_be_visible()
    page.get_by_label("Or paste the YAML").fill("".join(lines))
    page.get_by_role("button", name="Check and upload").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("nothing was stored")
    expect(alert).to_contain_text(f"line {at + 1}")
    expect(alert).to_contain_text("testable_kode")
    assert active_version(org.org).content_hash == active_before
    assert FrameworkVersion.objects.filter(org=org.org).count() == versions_before
