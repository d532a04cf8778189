"""Changing one's password, and resetting a forgotten one through an e-mailed link."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from ladders.accounts.models import LoginFailure
from tests.org_fixtures import PASSWORD
from tests.web.web_helpers import text_of

NEW_PASSWORD = "a-new-and-longer-passphrase"


@pytest.fixture
def eve(acme):
    acme.engineer.user.email = "eve@acme.example"
    acme.engineer.user.save()
    return acme.engineer


def sign_in(client, username: str, password: str, address: str = "10.0.0.9"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_signed_in_person_changes_their_password_and_stays_signed_in(eve, signed_in):
    client = signed_in(eve)
    response = client.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert "Your password is changed" in text_of(client.get(response.url))
    assert get_user_model().objects.get(pk=eve.user.pk).check_password(NEW_PASSWORD)
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_current_password_changes_nothing(eve, signed_in):
    response = signed_in(eve).post(
        reverse("password-change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200 and "incorrectly" in text_of(response)
    assert get_user_model().objects.get(pk=eve.user.pk).check_password(PASSWORD)


def test_a_short_new_password_is_refused_by_the_validators(eve, signed_in):
    response = signed_in(eve).post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert "too short" in text_of(response)


def test_someone_who_signs_in_through_sso_is_told_there_is_no_password(eve, signed_in):
    eve.user.set_unusable_password()
    eve.user.save()
    page = text_of(signed_in(eve).get(reverse("password-change")))
    assert "Your account has no password" in page


def test_a_reset_link_is_mailed_and_sets_a_new_password(client, eve):
    response = client.post(reverse("password-reset"), {"email": "EVE@acme.example"})
    assert response.status_code == 302 and response.url == reverse("password-reset-sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["eve@acme.example"]
    assert eve.user.username in mail.outbox[0].body
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Set a new password" in text_of(form)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done.url == reverse("password-reset-complete")
    assert sign_in(client, eve.user.username, NEW_PASSWORD).status_code == 302


def test_a_reset_link_works_once(client, eve):
    client.post(reverse("password-reset"), {"email": "eve@acme.example"})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert "This reset link does not work" in text_of(again)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, eve):
    response = client.post(reverse("password-reset"), {"email": "nobody@acme.example"})
    assert response.url == reverse("password-reset-sent")
    assert mail.outbox == []


def test_the_lock_out_message_points_to_the_reset_link_and_a_reset_lifts_the_lock_out(client, eve, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        sign_in(client, eve.user.username, "wrong")
    locked = sign_in(client, eve.user.username, PASSWORD)
    assert locked.status_code == 429
    message = text_of(locked)
    assert "Forgot your password?" in message and "reset link by e-mail" in message
    assert "ask an admin" not in message
    client.post(reverse("password-reset"), {"email": "eve@acme.example"})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not LoginFailure.objects.filter(username=eve.user.username).exists()
    assert sign_in(client, eve.user.username, NEW_PASSWORD).status_code == 302


def test_the_sign_in_page_links_to_the_reset_page(client, db):
    assert reverse("password-reset").encode() in client.get(reverse("login")).content
