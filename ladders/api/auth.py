"""Who is calling: a personal API token (`Authorization: Bearer ldr_...`) or a signed-in session.

Both return the caller's `Person`, which handlers read as `request.auth`. A token request
needs no CSRF token (a browser never attaches it by itself); a session request that
changes something must pass Django's CSRF check, as a form post would.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from ladders.accounts.models import Person
from ladders.accounts.services import token_owner_deactivated, token_person

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class BearerToken(HttpBearer):
    """A personal API token, created with `ladders token` or on the profile page."""

    def __call__(self, request: HttpRequest) -> Person | None:
        header = request.headers.get(self.header)
        if not header:
            return None  # no token: let the session try
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError(message="The Authorization header must read 'Bearer TOKEN'.")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Person:
        person = token_person(token)
        if person is None:
            if token_owner_deactivated(token):
                raise AuthenticationError(
                    message="The API token's account is deactivated; an admin of the organisation can "
                    "reactivate it."
                )
            # A wrong token is refused outright rather than falling back to the session.
            raise AuthenticationError(message="The API token is not valid (revoked, mistyped or expired).")
        return person


class SessionCookie(APIKeyCookie):
    """The session of a signed-in browser; unsafe methods must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # CSRF is checked below, and only for signed-in sessions, so an anonymous request
        # is told to authenticate (401) rather than that its CSRF token is missing.
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        user = request.user
        if not user.is_authenticated:
            return None
        person = Person.objects.select_related("org").filter(user=user).first()
        if person is None:
            raise HttpError(403, "This account is not a member of any organisation.")
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(
                403,
                "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header, "
                "or authenticate with a Bearer token instead of the session.",
            )
        return person


api_auth = [BearerToken(), SessionCookie()]
