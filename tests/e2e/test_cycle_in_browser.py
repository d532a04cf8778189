"""A quarter's loop in headless Chromium: an admin opens a cycle, the engineer is reminded and
submits, the manager signs off from the dashboard's queue, participation reaches 100%, the
admin closes the cycle."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from ladders.accounts.models import Team
from ladders.cycles.models import Cycle
from ladders.cycles.reminders import remind_run
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import CheckIn, CheckInStatus
from ladders.leveling.profiles import quarter_of
from tests.minimum_profiles import MID_RATINGS
from tests.org_fixtures import Org

pytestmark = pytest.mark.e2e


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def test_a_cycle_runs_from_opening_to_closing(org: Org, page: Page, sign_in, live_server, settings):
    settings.BASE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    org.engineer.user.email = "eve@acme.test"
    org.engineer.user.save()
    org.engineer.team = Team.objects.create(org=org.org, name="Assistants")  # Eve alone, so 100% is hers
    org.engineer.save()
    today = timezone.localdate()
    quarter = quarter_of(today)
    self_review_due = today + timedelta(days=7)

    sign_in(org.admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="Open a cycle").click()
    page.get_by_label("Name").fill(f"{quarter} Assistants")
    page.get_by_label("Quarter").fill(quarter)
    page.get_by_label("Opens on").fill(today.isoformat())
    page.get_by_label("Self review due").fill(self_review_due.isoformat())
    page.get_by_label("Sign-off due").fill((today + timedelta(days=14)).isoformat())
    page.get_by_label("Assistants").check()
    page.get_by_role("button", name="Open the cycle").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{quarter} Assistants")
    expect(page.locator("#participation")).to_contain_text("Not started")
    cycle = Cycle.objects.get()
    assert cycle.state == "open"
    sign_out(page)

    now = datetime.combine(self_review_due - timedelta(days=7), datetime.min.time(), tzinfo=UTC)
    sent, _ = remind_run(now=now.replace(hour=9))
    assert [d.person.pk for d in sent] == [org.engineer.pk]
    assert [m.to for m in mail.outbox] == [["eve@acme.test"]]
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert urlsplit(link).path == f"/checkins/{quarter}/"

    sign_in(org.engineer)
    expect(page.locator("#due-from-me")).to_contain_text(f"Your {quarter} check-in")
    page.goto(link)
    _, fw = active_framework(org.org)
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
    assert CheckIn.objects.get(person=org.engineer, quarter=quarter).status == CheckInStatus.SUBMITTED
    sign_out(page)

    sign_in(org.manager)
    queue = page.locator("#sign-off-queue")
    expect(queue).to_contain_text(org.engineer.name)
    queue.get_by_role("link", name=f"{org.engineer.name}, {quarter}").click()
    page.get_by_role("button", name="Sign off", exact=True).click()
    expect(page.get_by_role("heading", name=org.engineer.name, exact=True)).to_be_visible()
    assert CheckIn.objects.get(person=org.engineer, quarter=quarter).status == CheckInStatus.SIGNED_OFF
    sign_out(page)

    sign_in(org.admin)
    page.goto(f"/cycles/{cycle.pk}/")
    expect(page.get_by_text("100% signed off (1 of 1)")).to_be_visible()
    expect(page.locator("#cycle-progress")).to_have_attribute("value", "100")
    page.get_by_role("button", name="Close the cycle").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("closed")
    expect(page.get_by_role("status")).to_contain_text("0 check-ins were not signed off")
    assert Cycle.objects.get().state == "closed"
