"""Many wrong passwords for one user at the same moment: at most the limit is ever checked.

Each guess runs in its own thread, with its own database connection, through the sign-in
page. The password check is slowed down so every guess is in flight at once: a throttle
that counts failures only after checking the password lets them all through.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.org_fixtures import PASSWORD

GUESSES = 40
ADDRESS = "10.0.0.1"


def in_parallel(count: int, attempt: Callable[[], int]) -> list[int]:
    """Run `attempt` in `count` threads released together; the status codes they got."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []

    def run() -> None:
        try:
            barrier.wait()
            statuses.append(attempt())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """Every password actually checked, each check slowed down to widen the race."""
    seen: list[str] = []

    def slow_authenticate(request, **credentials):
        seen.append(credentials["password"])
        time.sleep(0.05)
        return authenticate(request, **credentials)

    monkeypatch.setattr("ladders.accounts.throttle.authenticate", slow_authenticate)
    return seen


def guess(username: str, password: str, address: str = ADDRESS) -> int:
    response = Client().post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_passwords_get_at_most_the_limit_checked(acme, checked):
    username = acme.engineer.user.username
    statuses = in_parallel(GUESSES, lambda: guess(username, "wrong-password"))

    assert len(statuses) == GUESSES
    assert len(checked) <= settings.LOGIN_FAILURE_LIMIT
    assert statuses.count(400) == len(checked)
    assert statuses.count(429) == GUESSES - len(checked)


@pytest.mark.django_db(transaction=True)
def test_once_the_limit_is_reached_in_a_burst_the_right_password_is_refused(acme, checked):
    username = acme.engineer.user.username
    in_parallel(GUESSES, lambda: guess(username, "wrong-password"))
    # Guesses refused only because others were in flight leave no failure behind, so a
    # burst may use less than the whole allowance; spend the rest one at a time.
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        if guess(username, "wrong-password") != 400:
            break
    assert len(checked) == settings.LOGIN_FAILURE_LIMIT

    assert guess(username, PASSWORD) == 429
    assert PASSWORD not in checked
