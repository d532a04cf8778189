"""Sign-in with throttling: repeated failures for one username or one address block sign-in.

Failures are rows in the database (not process memory) so every server worker counts the
same attempts. While blocked, the password is not even checked: a guesser learns nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone

from ladders.accounts.models import LoginFailure
from ladders.accounts.services import ServiceError


class SignInRefused(ServiceError):
    """Wrong username or password (never says which)."""

    def __init__(self) -> None:
        super().__init__("That username and password do not match. Check both and try again.", status=400)


class SignInThrottled(ServiceError):
    """Too many recent failures; try again after the window passes (HTTP 429)."""

    def __init__(self, minutes: int) -> None:
        super().__init__(
            f"Too many failed sign-in attempts. Wait {minutes} minute{'s' if minutes != 1 else ''} "
            "and try again, or ask an admin to reset your password.",
            status=429,
        )


def client_address(request: HttpRequest) -> str:
    """The address the request came from.

    Behind a reverse proxy (LADDERS_BEHIND_PROXY) every request comes from the proxy, so
    the address is the last one in X-Forwarded-For: the one our proxy added. Earlier
    entries are whatever the client claimed and are never trusted.
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1][:64]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_blocked(*, username: str, address: str) -> bool:
    """True when the username or the address has reached the failure limit in the window."""
    recent = LoginFailure.objects.filter(created__gte=_window_start())
    limit = settings.LOGIN_FAILURE_LIMIT
    by_username = recent.filter(username=username).count() if username else 0
    return by_username >= limit or recent.filter(address=address).count() >= limit


def login_failure_record(*, username: str, address: str) -> None:
    # Old rows are useless for throttling; dropping them here keeps the table small.
    LoginFailure.objects.filter(created__lt=_window_start()).delete()
    LoginFailure.objects.create(username=username[:150], address=address[:64])


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=username).delete()


def sign_in_check(*, request: HttpRequest, username: str, password: str) -> AbstractBaseUser:
    """The user these credentials belong to; raises SignInThrottled or SignInRefused."""
    username = username.strip()
    address = client_address(request)
    if login_blocked(username=username, address=address):
        raise SignInThrottled(max(1, round(settings.LOGIN_FAILURE_WINDOW_SECONDS / 60)))
    user = authenticate(request, username=username, password=password)
    if user is None:
        login_failure_record(username=username, address=address)
        raise SignInRefused()
    login_failures_clear(username=username)
    return user
