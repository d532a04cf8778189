"""Signing in and out, and throttling after repeated failures.

A lock-out is per user name and address, and lasts until its failures leave the window;
one address trying many names is locked out as a whole. The parallel case is in
test_sign_in_race.py.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ladders.accounts.models import LoginFailure
from tests.org_fixtures import PASSWORD

LIMIT = 3


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.LOGIN_FAILURE_LIMIT = LIMIT
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = LIMIT
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600


def sign_in(client, username: str, password: str, address: str = "10.0.0.1", forwarded: str = "", **extra):
    meta = {"REMOTE_ADDR": address, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    return client.post(reverse("login"), {"username": username, "password": password, **extra}, **meta)


def test_the_right_password_signs_in_and_opens_the_dashboard(client, acme):
    response = sign_in(client, acme.engineer.user.username, PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_without_saying_which_field_was_wrong(client, acme):
    response = sign_in(client, acme.engineer.user.username, "not-the-password")
    assert response.status_code == 400
    assert b"That username and password do not match" in response.content
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username=acme.engineer.user.username).count() == 1


def test_pages_send_someone_signed_out_to_sign_in(client, acme):
    for name in ["dashboard", "my-evidence", "checkins", "team", "framework", "maturity", "admin-frameworks"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith("/login/?next="), name


def test_after_the_limit_even_the_right_password_is_refused_with_429(client, acme):
    username = acme.engineer.user.username
    for _ in range(LIMIT):
        assert sign_in(client, username, "wrong").status_code == 400
    response = sign_in(client, username, PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_a_blocked_attempt_does_not_check_the_password(client, acme, monkeypatch):
    username = acme.engineer.user.username
    for _ in range(LIMIT):
        sign_in(client, username, "wrong")
    checked = []
    monkeypatch.setattr("ladders.accounts.throttle.authenticate", lambda *a, **k: checked.append(1))
    assert sign_in(client, username, PASSWORD).status_code == 429
    assert checked == []


def test_failures_from_one_address_block_other_usernames_from_it(client, acme):
    for person in [acme.manager, acme.outsider, acme.admin]:
        sign_in(client, person.user.username, "wrong", address="10.9.9.9")
    assert sign_in(client, acme.engineer.user.username, PASSWORD, address="10.9.9.9").status_code == 429
    assert sign_in(client, acme.engineer.user.username, PASSWORD, address="10.1.1.1").status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_added(client, acme, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxy = "10.0.0.254"
    for person in [acme.manager, acme.outsider, acme.admin]:
        sign_in(client, person.user.username, "wrong", address=proxy, forwarded="1.1.1.1, 7.7.7.7")
    engineer = acme.engineer.user.username
    assert sign_in(client, engineer, PASSWORD, address=proxy, forwarded="8.8.8.8").status_code == 302
    client.logout()
    # A client cannot dodge the limit by claiming another address in front of the proxy's.
    assert sign_in(client, engineer, PASSWORD, address=proxy, forwarded="2.2.2.2, 7.7.7.7").status_code == 429


def test_failures_for_one_username_from_other_addresses_do_not_lock_it_out_here(client, acme):
    username = acme.engineer.user.username
    for n in range(LIMIT):
        sign_in(client, username, "wrong", address=f"10.0.0.{n + 10}")
    assert sign_in(client, username, PASSWORD, address="10.7.7.7").status_code == 302


def test_a_guesser_cannot_lock_a_named_person_out_from_elsewhere(client, acme):
    username = acme.engineer.user.username
    for _ in range(LIMIT):
        sign_in(client, username, "wrong", address="10.6.6.6")
    assert sign_in(client, username, PASSWORD, address="10.6.6.6").status_code == 429
    assert sign_in(client, username, PASSWORD, address="10.1.1.1").status_code == 302


def test_one_address_trying_many_names_is_locked_out_at_the_address_limit(client, acme, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = LIMIT + 1
    names = [p.user.username for p in (acme.manager, acme.outsider, acme.admin, acme.other_manager)]
    for username in names:
        assert sign_in(client, username, "wrong", address="10.9.9.9").status_code == 400
    assert sign_in(client, acme.engineer.user.username, PASSWORD, address="10.9.9.9").status_code == 429


def test_every_attempt_is_written_down_before_its_password_is_checked(client, acme, monkeypatch):
    username = acme.engineer.user.username
    recorded_at_check = []

    def authenticate(request, **credentials):
        recorded_at_check.append(LoginFailure.objects.filter(username=username, address="10.0.0.1").count())

    monkeypatch.setattr("ladders.accounts.throttle.authenticate", authenticate)
    sign_in(client, username, "wrong")
    assert recorded_at_check == [1]


def test_a_lock_out_ends_with_its_window_however_often_someone_keeps_trying(client, acme):
    username = acme.engineer.user.username
    for _ in range(LIMIT):
        sign_in(client, username, "wrong")
    LoginFailure.objects.update(created=timezone.now() - timedelta(seconds=590))
    for _ in range(LIMIT * 3):
        assert sign_in(client, username, PASSWORD).status_code == 429
    aged = timezone.now() - timedelta(seconds=500)
    LoginFailure.objects.filter(created__lt=aged).update(created=timezone.now() - timedelta(seconds=601))
    assert sign_in(client, username, PASSWORD).status_code == 302


def test_failures_older_than_the_window_no_longer_count(client, acme):
    username = acme.engineer.user.username
    for _ in range(LIMIT):
        sign_in(client, username, "wrong")
    LoginFailure.objects.update(created=timezone.now() - timedelta(seconds=601))
    assert sign_in(client, username, PASSWORD).status_code == 302


def test_a_success_clears_that_usernames_failures(client, acme):
    username = acme.engineer.user.username
    for _ in range(LIMIT - 1):
        sign_in(client, username, "wrong")
    sign_in(client, acme.outsider.user.username, "wrong", address="10.2.2.2")
    assert sign_in(client, username, PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username=username).exists()
    assert LoginFailure.objects.filter(username=acme.outsider.user.username).count() == 1


def test_next_leads_back_to_the_page_asked_for_but_never_to_another_site(client, acme):
    username = acme.engineer.user.username
    assert sign_in(client, username, PASSWORD, next="/framework/").url == "/framework/"
    client.logout()
    assert sign_in(client, username, PASSWORD, next="https://evil.example/").url == "/"


def test_signing_out_takes_a_post_and_ends_the_session(client, acme, signed_in):
    signed_in(acme.engineer)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == "/login/"
    assert client.get("/").status_code == 302


def test_the_sign_in_form_is_protected_against_cross_site_posts(acme):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": acme.engineer.user.username, "password": PASSWORD})
    assert response.status_code == 403


# Only a path on this site is followed after signing in; anything else leads to the dashboard.
NEXT_VALUES = [
    ("reports", "/"),
    ("dashboard", "/"),
    ("//evil.example", "/"),
    ("//evil.example/team/", "/"),
    ("/\\evil.example", "/"),
    ("https://evil.example/", "/"),
    ("http://testserver/team/", "/"),
    ("javascript:alert(1)", "/"),
    ("/team/", "/team/"),
    ("/framework/?tab=gates", "/framework/?tab=gates"),
]


@pytest.mark.parametrize(("wanted", "landing"), NEXT_VALUES)
def test_signing_in_follows_only_a_path_on_this_site(client, acme, wanted, landing):
    response = client.post(
        f"{reverse('login')}?{urlencode({'next': wanted})}",
        {"username": acme.engineer.user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302 and response.url == landing


@pytest.mark.parametrize(("wanted", "landing"), NEXT_VALUES)
def test_the_next_field_of_the_form_is_held_to_the_same_rule(client, acme, wanted, landing):
    response = sign_in(client, acme.engineer.user.username, PASSWORD, next=wanted)
    assert response.status_code == 302 and response.url == landing


@pytest.mark.parametrize(("wanted", "landing"), NEXT_VALUES)
def test_someone_signed_in_who_opens_the_sign_in_page_is_sent_on_by_the_same_rule(
    client, acme, signed_in, wanted, landing
):
    signed_in(acme.engineer)
    response = client.get(reverse("login"), {"next": wanted})
    assert response.status_code == 302 and response.url == landing


@pytest.mark.parametrize(("wanted", "landing"), NEXT_VALUES)
def test_the_sign_in_form_carries_only_a_safe_next_path(client, acme, wanted, landing):
    response = client.get(reverse("login"), {"next": wanted})
    assert response.status_code == 200
    assert response.context["next"] == landing
