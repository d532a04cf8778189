"""Real headless Chromium against pytest-django's live server.

The browser is Debian's Chromium (`make test` installs it); nothing is downloaded. Each test
gets a fresh browser context (no cookies) and leaves a screenshot of its last page in its
tmp_path, so a failure can be looked at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls a test makes
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.org_fixtures import PASSWORD, Org, make_org

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM}: run `make browser`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    try:
        page.screenshot(path=tmp_path / f"{request.node.name}.png", full_page=True)
    finally:
        context.close()


@pytest.fixture
def org(transactional_db) -> Org:
    """The four people of tests/org_fixtures.py, committed so the live server sees them."""
    return make_org()


@pytest.fixture
def sign_in(page: Page) -> Callable[..., Page]:
    """Sign in through the real form, as a person would: `sign_in(org.engineer)`."""

    def sign_in_as(person, password: str = PASSWORD) -> Page:
        page.goto("/login/")
        page.get_by_label("Username").fill(person.user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        expect(page).not_to_have_url(re.compile(r"/login/"))
        return page

    return sign_in_as
