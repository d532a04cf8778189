"""Signing in through the company's OpenID Connect provider (mozilla-django-oidc).

The library runs the protocol: the authorisation-code flow with PKCE, state and nonce, the
token request and the ID token's signature against the provider's keys. On top of it:

- the settings come from `settings.LADDERS_SSO` (ladders.server.sso), the endpoints from the
  issuer's discovery document unless they are given;
- the ID token must come from the configured issuer and be meant for this client;
- who the person is, is decided by `sso_person`: the identity they used before (issuer and
  subject); else a person of the organisation with the same e-mail, linked only when the
  provider says the address is verified; else a new person, created there and then.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from ladders.accounts.models import Organisation, Person, SsoIdentity
from ladders.accounts.services import default_org, person_create, username_for
from ladders.core import limits
from ladders.core.text import text_problem
from ladders.server.errors import Forbidden, ServiceError
from ladders.server.sso import ENDPOINTS, SsoConfig

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10
USERNAME = re.compile(r"[\w.@+-]+")
_discovered: dict[str, dict[str, str]] = {}  # discovery URL -> the four endpoints


def sso() -> SsoConfig:
    config = settings.LADDERS_SSO
    if config is None:
        raise ImproperlyConfigured("single sign-on is off: LADDERS_OIDC_ISSUER is not set")
    return config


def provider_endpoints(config: SsoConfig) -> dict[str, str]:
    """The four endpoints, as configured or from the issuer's discovery document (read once)."""
    if config.endpoints:
        return config.endpoints
    url = config.discovery_url
    if url not in _discovered:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
        if document.get("issuer") != config.issuer:
            raise ImproperlyConfigured(
                f"the discovery document at {url} names the issuer {document.get('issuer')!r}, "
                f"not LADDERS_OIDC_ISSUER={config.issuer!r}"
            )
        _discovered[url] = {setting: str(document[key]) for setting, key in ENDPOINTS.values()}
    return _discovered[url]


def oidc_setting(attr: str, *default: Any) -> Any:
    """What mozilla-django-oidc asks for, answered from `LADDERS_SSO` (else Django's settings)."""
    config = sso()
    fixed: dict[str, Any] = {
        "OIDC_RP_CLIENT_ID": config.client_id,
        "OIDC_RP_CLIENT_SECRET": config.client_secret,
        "OIDC_RP_SIGN_ALGO": config.sign_algorithm,
        "OIDC_RP_SCOPES": config.scopes,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_USE_PKCE": True,
        "OIDC_USE_NONCE": True,
        "OIDC_TIMEOUT": TIMEOUT_SECONDS,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso-callback",
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "LOGIN_REDIRECT_URL_FAILURE": settings.LOGIN_URL,
    }
    if attr in fixed:
        return fixed[attr]
    if attr.startswith("OIDC_OP_"):
        return provider_endpoints(config)[attr]
    return import_from_settings(attr, *default)


class SsoRefused(Forbidden):
    """The provider vouched for someone this server will not let in; the message says why."""


def _claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def _verified(claims: dict[str, Any]) -> bool:
    """Only the provider's explicit yes counts (some send the JSON string "true")."""
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _audit(action: str, person: Person, after: dict[str, Any]) -> None:
    from ladders.leveling.audit import audit

    audit(person, action, org_id=person.org_id, person=person, subject="single sign-on", after=after)


@transaction.atomic
def sso_person(*, config: SsoConfig, claims: dict[str, Any]) -> Person:
    """The person these verified claims sign in, linking or creating them; raises SsoRefused."""
    subject = _claim(claims, "sub")
    if not subject or len(subject) > limits.SSO_SUBJECT:
        raise SsoRefused(f"{config.provider_name} sent no usable subject (`sub`) for this account.")
    identity = (
        SsoIdentity.objects.select_related("person__user", "person__org")
        .filter(issuer=config.issuer, subject=subject)
        .first()
    )
    if identity is not None:
        return identity.person
    org = default_org()
    email = _claim(claims, config.email_claim)
    if email:
        same_email = list(Person.objects.select_related("user").filter(org=org, user__email__iexact=email))
        if same_email and not _verified(claims):
            raise SsoRefused(
                f"An account with the e-mail address {email} exists here, but {config.provider_name} "
                "has not verified that address, so it was not linked to your sign-in. Ask whoever "
                "runs the identity provider to verify it, or sign in with your password."
            )
        if len(same_email) > 1:
            raise SsoRefused(f"More than one person here has the e-mail address {email}: ask an admin.")
        if same_email:
            person = same_email[0]
            SsoIdentity.objects.create(person=person, issuer=config.issuer, subject=subject)
            _audit("sso.link", person, {"issuer": config.issuer, "subject": subject, "email": email})
            return person
    return _sso_person_create(config=config, claims=claims, org=org, subject=subject, email=email)


def _sso_person_create(
    *, config: SsoConfig, claims: dict[str, Any], org: Organisation, subject: str, email: str
) -> Person:
    wanted = _claim(claims, config.username_claim)
    User = get_user_model()
    name = _claim(claims, config.name_claim) or wanted or email.partition("@")[0] or subject
    # Django's own rule for user names: letters, digits and @ . + - _, and not too long.
    usable = USERNAME.fullmatch(wanted) is not None and text_problem(wanted, limit=limits.USERNAME) is None
    if not usable or User.objects.filter(username=wanted).exists():
        wanted = username_for(name)
    person, _ = person_create(
        org=org,
        name=name[: limits.PERSON_NAME],
        username=wanted,
        # An address the provider has not verified is not kept: a reset link must never go to it.
        email=email if _verified(claims) else "",
        check_password=False,
    )
    person.user.set_unusable_password()  # they sign in through the provider
    person.user.save(update_fields=["password"])
    SsoIdentity.objects.create(person=person, issuer=config.issuer, subject=subject)
    _audit("sso.create", person, {"issuer": config.issuer, "subject": subject, "username": wanted})
    return person


class OidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, with ladders' settings, issuer check and people.

    Django builds every backend for every sign-in, passwords included; the library's own
    constructor would read the endpoints there, asking the provider's discovery document
    and failing when the provider is down. This one reads them only for a sign-in that
    comes back from the provider.
    """

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs: Any):
        if request is None or "password" in kwargs or not {"code", "state"} <= request.GET.keys():
            return None
        super().__init__()  # now the endpoints and the client's settings are needed
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        config = sso()
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != config.issuer or config.client_id not in audiences:
            raise SuspiciousOperation("the ID token was issued by another provider or for another client")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the userinfo endpoint answered for another subject")
        try:
            person = sso_person(config=sso(), claims={**payload, **userinfo})
        except ServiceError as error:
            self.refuse(str(error))
            return None
        if not person.user.is_active:
            self.refuse("This account has been deactivated: ask an admin.")
            return None
        return person.user

    def refuse(self, message: str) -> None:
        messages.error(self.request, message)
        self.request.sso_refused = True  # read by the callback view

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
