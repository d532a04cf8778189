"""The single sign-on settings are read strictly: a setting that cannot work stops start-up."""

from __future__ import annotations

import pytest

from ladders.core import limits
from ladders.core.errors import InputError
from ladders.server.sso import authentication_backends, sso_config

ISSUER = "https://id.example.com/realms/acme"
BASE = {
    "LADDERS_OIDC_ISSUER": ISSUER,
    "LADDERS_OIDC_CLIENT_ID": "ladders",
    "LADDERS_OIDC_CLIENT_SECRET": "s3cret",
}
ENDPOINTS = {
    "LADDERS_OIDC_AUTHORIZATION_ENDPOINT": "https://id.example.com/auth",
    "LADDERS_OIDC_TOKEN_ENDPOINT": "https://id.example.com/token",
    "LADDERS_OIDC_USERINFO_ENDPOINT": "https://id.example.com/userinfo",
    "LADDERS_OIDC_JWKS_ENDPOINT": "https://id.example.com/certs",
}


@pytest.fixture
def env(monkeypatch):
    for name in [*BASE, *ENDPOINTS, "LADDERS_SSO_ONLY"]:
        monkeypatch.delenv(name, raising=False)

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def refusal(env, **values: str) -> str:
    env(**values)
    with pytest.raises(InputError) as refused:
        sso_config()
    return str(refused.value)


def test_without_an_issuer_sso_is_off_and_passwords_are_the_only_way_in(env):
    assert sso_config() is None
    assert authentication_backends(None) == ["django.contrib.auth.backends.ModelBackend"]


def test_an_issuer_with_a_client_turns_sso_on_and_discovers_the_endpoints(env):
    env(**BASE)
    config = sso_config()
    assert (config.issuer, config.client_id, config.endpoints, config.only) == (ISSUER, "ladders", {}, False)
    assert config.discovery_url == f"{ISSUER}/.well-known/openid-configuration"
    assert (config.username_claim, config.email_claim, config.scopes) == (
        "preferred_username",
        "email",
        "openid email profile",
    )
    assert authentication_backends(config)[-1] == "ladders.accounts.sso.OidcBackend"


def test_all_four_endpoints_may_be_given_instead_of_discovery(env):
    env(**BASE, **ENDPOINTS)
    assert set(sso_config().endpoints.values()) == set(ENDPOINTS.values())


def test_some_endpoints_but_not_all_is_refused_naming_the_missing_ones(env):
    message = refusal(env, **BASE, LADDERS_OIDC_TOKEN_ENDPOINT="https://id.example.com/token")
    assert "LADDERS_OIDC_AUTHORIZATION_ENDPOINT" in message and "give all four" in message


def test_an_issuer_without_a_client_secret_is_refused(env):
    assert "LADDERS_OIDC_CLIENT_SECRET is required" in refusal(
        env, LADDERS_OIDC_ISSUER=ISSUER, LADDERS_OIDC_CLIENT_ID="x"
    )


@pytest.mark.parametrize(
    "issuer",
    ["id.example.com", "http://id.example.com/", "ftp://id.example.com", "https://id.example.com/?a=1"],
)
def test_an_issuer_that_is_not_https_is_refused(env, issuer):
    assert f"LADDERS_OIDC_ISSUER={issuer!r}" in refusal(env, **{**BASE, "LADDERS_OIDC_ISSUER": issuer})


def test_an_issuer_too_long_to_store_is_refused(env):
    long_issuer = "https://id.example.com/" + "a" * limits.SSO_ISSUER
    assert f"longer than {limits.SSO_ISSUER} characters" in refusal(
        env, **{**BASE, "LADDERS_OIDC_ISSUER": long_issuer}
    )


def test_plain_http_is_accepted_on_this_machine_only(env):
    env(**{**BASE, "LADDERS_OIDC_ISSUER": "http://127.0.0.1:9000/o"})
    assert sso_config().issuer == "http://127.0.0.1:9000/o"


def test_sso_only_without_an_issuer_is_refused_since_nobody_could_sign_in(env):
    assert "nobody could sign in" in refusal(env, LADDERS_SSO_ONLY="1")


def test_sso_only_leaves_no_password_backend(env):
    env(**BASE, LADDERS_SSO_ONLY="yes")
    assert authentication_backends(sso_config()) == ["ladders.accounts.sso.OidcBackend"]


def test_a_misspelt_setting_is_refused_rather_than_ignored(env):
    assert "LADDERS_OIDC_CLIENTID is not a setting" in refusal(env, **BASE, LADDERS_OIDC_CLIENTID="x")


def test_a_setting_without_the_issuer_is_refused(env):
    assert "LADDERS_OIDC_CLIENT_ID is set but LADDERS_OIDC_ISSUER is not" in refusal(
        env, LADDERS_OIDC_CLIENT_ID="x"
    )


def test_scopes_must_include_openid(env):
    assert "must include openid" in refusal(env, **BASE, LADDERS_OIDC_SCOPES="email profile")


def test_the_signing_algorithm_must_be_one_we_verify(env):
    assert "is not one of: RS256" in refusal(env, **BASE, LADDERS_OIDC_SIGN_ALGORITHM="none")


def test_a_claim_name_is_one_word(env):
    assert "LADDERS_OIDC_EMAIL_CLAIM='e mail'" in refusal(env, **BASE, LADDERS_OIDC_EMAIL_CLAIM="e mail")
