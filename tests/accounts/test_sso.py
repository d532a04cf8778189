"""Single sign-on against a real OpenID Connect provider (django-oauth-toolkit) on loopback.

Each test signs in through the provider's own sign-in and consent forms; ladders' side runs
in Django's test client and talks to the provider over HTTP: discovery, the token request,
userinfo and the provider's RS256 keys.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ladders.accounts.models import Person, SsoIdentity
from ladders.leveling.models import AuditEvent
from ladders.server.sso import SsoConfig, authentication_backends
from tests.accounts.oidc_helpers import provider_sign_in, running_provider, use_provider
from tests.org_fixtures import PASSWORD
from tests.web.web_helpers import text_of

IDP_PASSWORD = "provider-password-1"
USERS = [
    {
        "username": "ada",
        "password": IDP_PASSWORD,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "email_verified": True,
    },
    # The engineer of tests/org_fixtures.py, at the provider, with their address verified.
    {
        "username": "eve.at.idp",
        "password": IDP_PASSWORD,
        "name": "Eve Engineer",
        "email": "eve@acme.example",
        "email_verified": True,
    },
    # A user name Django would not accept, and one already taken here.
    {
        "username": "grace",
        "password": IDP_PASSWORD,
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "email_verified": True,
        "extra_claims": {"preferred_username": "grace hopper!"},
    },
    {
        "username": "max.manager",
        "password": IDP_PASSWORD,
        "name": "Max Other",
        "email": "other@example.com",
        "email_verified": True,
    },
    # Claims the manager's address, which the provider has not verified.
    {
        "username": "mallory",
        "password": IDP_PASSWORD,
        "name": "Mallory",
        "email": "max@acme.example",
        "email_verified": False,
    },
]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("idp"), USERS, ["http://testserver/sso/callback/"]) as p:
        yield p


@pytest.fixture
def sso(settings, provider, acme):
    for person, email in ((acme.engineer, "eve@acme.example"), (acme.manager, "max@acme.example")):
        person.user.email = email
        person.user.save()
    return use_provider(settings, provider)


def signed_in_as(client):
    return client.get(reverse("dashboard"))


def test_someone_new_is_created_in_the_organisation_on_their_first_sign_in(client, sso, acme):
    response = provider_sign_in(client, "ada", IDP_PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    ada = Person.objects.get(name="Ada Lovelace")
    assert (ada.org, ada.user.username, ada.user.email) == (acme.org, "ada", "ada@example.com")
    assert not ada.user.has_usable_password()
    assert SsoIdentity.objects.get(person=ada).issuer == sso.issuer
    assert AuditEvent.objects.filter(action="sso.create", person=ada).exists()
    assert "Ada Lovelace" in text_of(signed_in_as(client))


def test_signing_in_again_finds_the_same_person_by_their_subject(client, sso):
    provider_sign_in(client, "ada", IDP_PASSWORD)
    client.logout()
    provider_sign_in(client, "ada", IDP_PASSWORD)
    assert Person.objects.filter(name="Ada Lovelace").count() == 1
    assert SsoIdentity.objects.count() == 1


def test_a_person_is_linked_by_email_when_the_provider_verified_it(client, sso, acme):
    response = provider_sign_in(client, "eve.at.idp", IDP_PASSWORD)
    assert response.status_code == 302
    assert SsoIdentity.objects.get().person == acme.engineer
    assert client.session["_auth_user_id"] == str(acme.engineer.user.pk)
    assert Person.objects.filter(name="Eve Engineer").count() == 1  # linked, not a second Eve
    assert acme.engineer.user.check_password(PASSWORD)  # their password still works too


def test_an_unverified_email_is_not_linked_and_the_page_says_why(client, sso, acme):
    people = Person.objects.count()
    response = provider_sign_in(client, "mallory", IDP_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    page = text_of(client.get(reverse("login")))
    assert "has not verified that address" in page
    assert Person.objects.count() == people and not SsoIdentity.objects.exists()


def test_a_deactivated_person_cannot_sign_in_through_the_provider(client, sso, acme):
    provider_sign_in(client, "eve.at.idp", IDP_PASSWORD)
    client.logout()
    get_user_model().objects.filter(pk=acme.engineer.user.pk).update(is_active=False)
    response = provider_sign_in(client, "eve.at.idp", IDP_PASSWORD)
    assert response.url == reverse("login") and "_auth_user_id" not in client.session


def test_the_sign_in_page_offers_the_provider_beside_the_password(client, sso):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Test IdP" in page and 'name="password"' in page


def test_sso_only_turns_passwords_off_and_says_so(client, settings, provider, acme):
    use_provider(settings, provider, only=True)
    page = client.get(reverse("login"))
    assert 'name="password"' not in page.content.decode()
    assert "Password sign-in is turned off" in text_of(page)
    refused = client.post(reverse("login"), {"username": acme.engineer.user.username, "password": PASSWORD})
    assert refused.status_code == 403 and "_auth_user_id" not in client.session
    for name in ("password-reset", "password-reset-sent", "password-reset-complete"):
        assert client.get(reverse(name)).status_code == 404, name
    response = provider_sign_in(client, "ada", IDP_PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert client.get(reverse("password-change")).status_code == 404


def test_sso_pages_do_not_exist_when_sso_is_off(client, db):
    assert client.get("/sso/start/").status_code == 404
    assert client.get("/sso/callback/").status_code == 404


def test_a_user_name_django_would_refuse_is_made_from_the_name_instead(client, sso):
    provider_sign_in(client, "grace", IDP_PASSWORD)
    assert Person.objects.get(name="Grace Hopper").user.username == "grace.hopper"


def test_a_user_name_taken_here_gets_a_new_one_and_the_person_is_not_merged(client, sso, acme):
    provider_sign_in(client, "max.manager", IDP_PASSWORD)
    other = Person.objects.get(name="Max Other")
    assert other != acme.manager and other.user.username != acme.manager.user.username


def test_a_provider_that_cannot_be_reached_is_said_so_and_passwords_still_work(client, settings, acme):
    config = SsoConfig(
        issuer="http://127.0.0.1:1/o", client_id="x", client_secret="y", provider_name="Test IdP"
    )
    settings.LADDERS_SSO, settings.AUTHENTICATION_BACKENDS = config, authentication_backends(config)
    response = client.get("/sso/start/")
    assert response.status_code == 302 and response.url == reverse("login")
    assert "Test IdP could not be reached" in text_of(client.get(reverse("login")))
    signed = client.post(reverse("login"), {"username": acme.engineer.user.username, "password": PASSWORD})
    assert signed.status_code == 302 and signed.url == "/"


def test_an_id_token_from_another_issuer_is_refused(client, settings, provider, acme):
    """The configured issuer differs from the one the provider signs with (a trailing slash)."""
    o = provider.issuer
    endpoints = {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{o}/authorize/",
        "OIDC_OP_TOKEN_ENDPOINT": f"{o}/token/",
        "OIDC_OP_USER_ENDPOINT": f"{o}/userinfo/",
        "OIDC_OP_JWKS_ENDPOINT": f"{o}/.well-known/jwks.json",
    }
    config = use_provider(settings, provider, endpoints=endpoints)
    settings.LADDERS_SSO = SsoConfig(**{**config.__dict__, "issuer": o + "/"})
    response = provider_sign_in(client, "ada", IDP_PASSWORD)
    assert response.url == reverse("login") and "_auth_user_id" not in client.session
    assert "could not be verified" in text_of(client.get(reverse("login")))
    assert not Person.objects.filter(name="Ada Lovelace").exists()
