"""Signing in with the company's identity provider, in headless Chromium.

The provider is django-oauth-toolkit in its own process on loopback (tests/accounts/
oidc_provider); the browser goes from ladders' sign-in page to the provider's sign-in and
consent pages and back, and ladders talks to the provider over HTTP behind the scenes.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ladders.accounts.models import Person, SsoIdentity
from tests.accounts.oidc_helpers import running_provider, use_provider
from tests.org_fixtures import Org

pytestmark = pytest.mark.e2e

IDP_PASSWORD = "provider-password-1"
USERS = [
    {
        "username": "ada",
        "password": IDP_PASSWORD,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "email_verified": True,
    },
    {
        "username": "eve.idp",
        "password": IDP_PASSWORD,
        "name": "Eve at the IdP",
        "email": "eve@acme.example",
        "email_verified": True,
    },
]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("idp")
    with running_provider(folder, USERS, [f"{live_server.url}/sso/callback/"]) as running:
        yield running


def sign_in_at_the_provider(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_role("link", name="Sign in with Test IdP").click()
    expect(page.get_by_role("heading", name="Sign in to the test identity provider")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Authorize").click()  # the provider's consent page
    page.wait_for_load_state()


def test_a_new_person_signs_in_through_the_provider_and_lands_on_their_dashboard(
    page: Page, org: Org, provider, settings
):
    use_provider(settings, provider)
    sign_in_at_the_provider(page, "ada")
    expect(page).not_to_have_url(re.compile(r"/login/"))
    expect(page.locator(".who")).to_have_text("Ada Lovelace")
    ada = Person.objects.get(name="Ada Lovelace")
    assert ada.org == org.org and SsoIdentity.objects.filter(person=ada).exists()


def test_an_existing_person_is_linked_by_verified_email_and_sso_only_hides_the_password(
    page: Page, org: Org, provider, settings
):
    org.engineer.user.email = "eve@acme.example"
    org.engineer.user.save()
    use_provider(settings, provider, only=True)
    page.goto("/login/")
    expect(page.get_by_text("Password sign-in is turned off")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)
    sign_in_at_the_provider(page, "eve.idp")
    expect(page.locator(".who")).to_have_text(org.engineer.name)
    assert SsoIdentity.objects.get().person == org.engineer
