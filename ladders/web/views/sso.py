"""Single sign-on's two pages: off to the provider, and back from it (mozilla-django-oidc's views).

With single sign-on off (`LADDERS_OIDC_ISSUER` unset) both are 404: there is no such page.
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ladders.accounts.sso import oidc_setting, sso

logger = logging.getLogger(__name__)


class _Start(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)


class _Callback(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)

    def login_failure(self) -> HttpResponse:
        if not getattr(self.request, "sso_refused", False):  # the backend said why already
            name = sso().provider_name
            messages.error(self.request, f"Signing in with {name} did not complete. Try again.")
        return super().login_failure()


def _sso_on() -> None:
    if settings.LADDERS_SSO is None:
        raise Http404("No such page.")


def _unreachable(request: HttpRequest) -> HttpResponse:
    """The provider could not be asked (down, or its discovery document is wrong): say so."""
    logger.exception("single sign-on: the identity provider could not be reached")
    name = sso().provider_name
    messages.error(
        request, f"{name} could not be reached just now, so you were not signed in. Try again later."
    )
    return redirect("login")


@never_cache
def sso_start(request: HttpRequest) -> HttpResponse:
    _sso_on()
    try:
        return _Start.as_view()(request)
    except (requests.RequestException, ImproperlyConfigured, ValueError):
        return _unreachable(request)


@never_cache
def sso_callback(request: HttpRequest) -> HttpResponse:
    _sso_on()
    try:
        return _Callback.as_view()(request)
    except (requests.RequestException, ImproperlyConfigured, ValueError):
        return _unreachable(request)
    except SuspiciousOperation as error:  # a wrong signature, issuer, audience, nonce or state
        logger.warning("single sign-on: refused an answer from the identity provider: %s", error)
        name = sso().provider_name
        messages.error(request, f"The answer from {name} could not be verified, so you were not signed in.")
        return redirect("login")
