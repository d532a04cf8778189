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
from ladders.accounts.tokens import REFUSALS, token_check

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class TokenRefused(AuthenticationError):
    """A 401 whose JSON body names why the token was refused (`reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(message=REFUSALS[reason])
        self.reason = reason


class BearerToken(HttpBearer):
    """A personal API token, created with `ladders token create` or on the tokens page."""

    def __call__(self, request: HttpRequest) -> Person | None:
        header = request.headers.get(self.header)
        if not header:
            return None  # no token: let the session try
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError(message="The Authorization header must read 'Bearer TOKEN'.")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Person:
        check = token_check(token)
        if check.person is None:
            # A refused token is refused outright rather than falling back to the session.
            raise TokenRefused(check.refusal or "unknown")
        return check.person


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
