"""Sign-in with throttling: repeated failures lock out one user name from one address.

Every attempt is written down before the password is checked, then the attempts in the
window are counted, and only an attempt within the limit has its password checked. Because
each count runs after its own row is committed, attempts racing in parallel cannot all see
a count below the limit: of N simultaneous guesses, the k-th to be recorded counts at least
k rows. So at most the limit of passwords is ever checked, on SQLite and on PostgreSQL, in
any number of server processes. A refused attempt's row is removed again, so a lock-out
ends when the window has passed since the failures that caused it, however often someone
keeps trying.

A lock-out is per user name and address: a guesser elsewhere cannot lock a named person
out. One address trying many names is refused too, at a higher limit. A success clears that
name's failures from that address.

The caller must not hold an open transaction: the attempt has to be visible to the others
at once (the sign-in view runs in autocommit).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from ladders.accounts.models import LoginFailure
from ladders.core import limits
from ladders.server.errors import BadRequest, Throttled


class SignInRefused(BadRequest):
    """Wrong username or password (never says which)."""

    def __init__(self) -> None:
        super().__init__("That username and password do not match. Check both and try again.")


class SignInThrottled(Throttled):
    """Too many recent failures; try again after the window passes (HTTP 429)."""

    def __init__(self, minutes: int) -> None:
        super().__init__(
            f"Too many failed sign-in attempts. Wait {minutes} minute{'s' if minutes != 1 else ''} "
            "and try again. Forgotten your password? Use “Forgot your password?” below to get a "
            "reset link by e-mail; once you have set a new one you can sign in straight away.",
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


def _window_start() -> datetime:
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_attempt_record(*, username: str, address: str) -> LoginFailure:
    """Write the attempt down, committed, before anything is checked."""
    # Old rows are useless for throttling; dropping them here keeps the table small.
    LoginFailure.objects.filter(created__lt=_window_start()).delete()
    return LoginFailure.objects.create(username=username[: limits.USERNAME], address=address[:64])


def login_blocked(attempt: LoginFailure) -> bool:
    """True when this attempt is over the limit for its user name and address, or its address.

    The count includes the attempt itself and every other one recorded so far, finished or
    still in flight.
    """
    recent = LoginFailure.objects.filter(created__gte=_window_start(), address=attempt.address)
    counts = recent.aggregate(address=Count("id"), pair=Count("id", filter=Q(username=attempt.username)))
    return (
        counts["pair"] > settings.LOGIN_FAILURE_LIMIT
        or counts["address"] > settings.LOGIN_ADDRESS_FAILURE_LIMIT
    )


def login_failures_clear(*, username: str, address: str) -> None:
    LoginFailure.objects.filter(username=username[: limits.USERNAME], address=address).delete()


def login_failures_forget(*, username: str) -> None:
    """Lift every lock-out of a user name, from any address (its password has just been reset)."""
    LoginFailure.objects.filter(username=username[: limits.USERNAME]).delete()


def sign_in_check(*, request: HttpRequest, username: str, password: str) -> User:
    """The user these credentials belong to; raises SignInThrottled or SignInRefused."""
    username = username.strip()
    address = client_address(request)
    attempt = login_attempt_record(username=username, address=address)
    if login_blocked(attempt):
        attempt.delete()
        raise SignInThrottled(max(1, round(settings.LOGIN_FAILURE_WINDOW_SECONDS / 60)))
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise SignInRefused()  # the attempt stays, as a failure
    login_failures_clear(username=username, address=address)
    return user
