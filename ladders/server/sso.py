"""Single sign-on settings: one OpenID Connect provider, read strictly from the environment.

`LADDERS_OIDC_ISSUER` turns single sign-on on; the client id and secret must then be set
too. The provider's endpoints are either all four given, or read from the issuer's
discovery document (`ISSUER/.well-known/openid-configuration`) the first time someone
signs in, so the server starts without asking the network anything. A variable spelt
`LADDERS_OIDC_...` that is not one of these stops start-up, as a misspelt one would
otherwise be ignored. The settings are in docs/server.md, "Single sign-on".
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ladders.core import limits
from ladders.core.errors import InputError, Problem
from ladders.server.environment import SOURCE, env_choice, env_flag, env_text, env_url

SIGN_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")
ENDPOINTS = {
    # our variable suffix: (mozilla-django-oidc's setting, the discovery document's key)
    "AUTHORIZATION_ENDPOINT": ("OIDC_OP_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
    "TOKEN_ENDPOINT": ("OIDC_OP_TOKEN_ENDPOINT", "token_endpoint"),
    "USERINFO_ENDPOINT": ("OIDC_OP_USER_ENDPOINT", "userinfo_endpoint"),
    "JWKS_ENDPOINT": ("OIDC_OP_JWKS_ENDPOINT", "jwks_uri"),
}
KNOWN = {
    "ISSUER",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "USERNAME_CLAIM",
    "EMAIL_CLAIM",
    "NAME_CLAIM",
    "SCOPES",
    "SIGN_ALGORITHM",
    "PROVIDER_NAME",
    *ENDPOINTS,
}
CLAIM = r"[A-Za-z0-9_.:-]{1,100}"
SCOPES = r"[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*"  # RFC 6749's scope-token, space separated


@dataclass(frozen=True)
class SsoConfig:
    issuer: str
    client_id: str
    client_secret: str
    username_claim: str = "preferred_username"
    email_claim: str = "email"
    name_claim: str = "name"
    scopes: str = "openid email profile"
    sign_algorithm: str = "RS256"
    provider_name: str = "your company account"
    only: bool = False  # SSO only: password sign-in, change and reset are turned off
    endpoints: dict[str, str] = field(default_factory=dict)  # mozilla-django-oidc name -> URL; {} = discover

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def _problem(text: str) -> InputError:
    return InputError([Problem(text, source=SOURCE)])


def sso_config() -> SsoConfig | None:
    """The single sign-on settings, or None when `LADDERS_OIDC_ISSUER` is unset."""
    unknown = sorted(
        name
        for name in os.environ
        if name.startswith("LADDERS_OIDC_") and name.removeprefix("LADDERS_OIDC_") not in KNOWN
    )
    if unknown:
        known = ", ".join(f"LADDERS_OIDC_{k}" for k in sorted(KNOWN))
        raise _problem(f"{unknown[0]} is not a setting: the single sign-on settings are {known}")
    only = env_flag("LADDERS_SSO_ONLY", default=False)
    issuer = env_url("LADDERS_OIDC_ISSUER")
    if not issuer:
        if only:
            raise _problem("LADDERS_SSO_ONLY is on but LADDERS_OIDC_ISSUER is not set: nobody could sign in")
        others = sorted(n for n in os.environ if n.startswith("LADDERS_OIDC_") and os.environ[n].strip())
        if others:
            raise _problem(f"{others[0]} is set but LADDERS_OIDC_ISSUER is not: set the issuer to use SSO")
        return None
    if len(issuer) > limits.SSO_ISSUER:
        raise _problem(f"LADDERS_OIDC_ISSUER is longer than {limits.SSO_ISSUER} characters")
    client_id = env_text("LADDERS_OIDC_CLIENT_ID", "")
    client_secret = os.environ.get("LADDERS_OIDC_CLIENT_SECRET", "")
    for name, value in (("LADDERS_OIDC_CLIENT_ID", client_id), ("LADDERS_OIDC_CLIENT_SECRET", client_secret)):
        if not value.strip():
            raise _problem(f"{name} is required when LADDERS_OIDC_ISSUER is set (from the provider's app)")
    endpoints = {
        setting: url
        for suffix, (setting, _) in ENDPOINTS.items()
        if (url := env_url(f"LADDERS_OIDC_{suffix}"))
    }
    if endpoints and len(endpoints) != len(ENDPOINTS):
        missing = [f"LADDERS_OIDC_{s}" for s, (setting, _) in ENDPOINTS.items() if setting not in endpoints]
        raise _problem(
            f"{', '.join(missing)} not set: give all four endpoints, or none to read them from the issuer"
        )
    scopes = env_text("LADDERS_OIDC_SCOPES", "openid email profile", pattern=SCOPES)
    if "openid" not in scopes.split():
        raise _problem(f"LADDERS_OIDC_SCOPES={scopes!r} must include openid")
    return SsoConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        username_claim=env_text("LADDERS_OIDC_USERNAME_CLAIM", "preferred_username", pattern=CLAIM),
        email_claim=env_text("LADDERS_OIDC_EMAIL_CLAIM", "email", pattern=CLAIM),
        name_claim=env_text("LADDERS_OIDC_NAME_CLAIM", "name", pattern=CLAIM),
        scopes=scopes,
        sign_algorithm=env_choice("LADDERS_OIDC_SIGN_ALGORITHM", "RS256", SIGN_ALGORITHMS),
        provider_name=env_text("LADDERS_OIDC_PROVIDER_NAME", "your company account"),
        only=only,
        endpoints=endpoints,
    )


def authentication_backends(config: SsoConfig | None) -> list[str]:
    """Passwords unless SSO only; the OpenID Connect backend whenever SSO is on."""
    backends = [] if config and config.only else ["django.contrib.auth.backends.ModelBackend"]
    if config is not None:
        backends.append("ladders.accounts.sso.OidcBackend")
    return backends
