"""The API tokens pages: create one (shown once), see one's own, revoke; admins revoke anyone's."""

from __future__ import annotations

import re

from django.urls import reverse

from ladders.accounts.models import ApiToken
from ladders.accounts.tokens import token_check, token_create
from tests.web.web_helpers import text_of


def test_a_new_token_is_shown_once_and_works(acme, signed_in):
    client = signed_in(acme.engineer)
    response = client.post(reverse("tokens"), {"name": "Nightly export", "days": "30"})
    assert response.status_code == 201
    token = re.search(r'value="(ldr_[^"]+)"', response.content.decode()).group(1)
    assert token_check(token).person == acme.engineer
    again = client.get(reverse("tokens"))
    assert token.encode() not in again.content
    assert "Nightly export" in text_of(again) and token[:12] in text_of(again)


def test_a_token_that_never_expires_can_be_chosen(acme, signed_in):
    response = signed_in(acme.engineer).post(reverse("tokens"), {"name": "Forever", "days": ""})
    assert response.status_code == 201
    assert ApiToken.objects.get().expires is None


def test_a_token_without_a_name_is_a_form_error_and_nothing_is_made(acme, signed_in):
    response = signed_in(acme.engineer).post(reverse("tokens"), {"name": "", "days": "30"})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_ones_own_tokens(acme, signed_in):
    token_create(acme.manager, "Max's script")
    token_create(acme.engineer, "Eve's script")
    page = text_of(signed_in(acme.engineer).get(reverse("tokens")))
    assert "Eve's script" in page and "Max's script" not in page


def test_the_owner_revokes_their_token_and_it_stops_working(acme, signed_in):
    token = token_create(acme.engineer, "CI")
    client = signed_in(acme.engineer)
    response = client.post(reverse("token-revoke", args=[ApiToken.objects.get().pk]))
    assert response.status_code == 302 and response.url == reverse("tokens")
    assert token_check(token).refusal == "revoked"
    assert "revoked" in text_of(client.get(reverse("tokens")))


def test_an_admin_sees_everyones_tokens_and_revokes_one(acme, signed_in):
    token = token_create(acme.engineer, "Eve's script")
    client = signed_in(acme.admin)
    page = client.get(reverse("admin-tokens"))
    assert "Eve's script" in text_of(page) and acme.engineer.name in text_of(page)
    pk = ApiToken.objects.get().pk
    response = client.post(reverse("token-revoke", args=[pk]), {"back": reverse("admin-tokens")})
    assert response.url == reverse("admin-tokens")
    assert token_check(token).refusal == "revoked"
    assert ApiToken.objects.get().revoked_by == acme.admin
    assert f"by {acme.admin.name}" in text_of(signed_in(acme.engineer).get(reverse("tokens")))


def test_a_manager_may_not_revoke_a_reports_token_and_is_told_it_does_not_exist(acme, signed_in):
    token = token_create(acme.engineer, "CI")
    response = signed_in(acme.manager).post(reverse("token-revoke", args=[ApiToken.objects.get().pk]))
    assert response.status_code == 404
    assert token_check(token).person == acme.engineer
    assert signed_in(acme.manager).get(reverse("admin-tokens")).status_code == 404


def test_an_outsider_cannot_revoke_and_a_redirect_elsewhere_is_ignored(acme, signed_in):
    token_create(acme.engineer, "CI")
    pk = ApiToken.objects.get().pk
    assert signed_in(acme.outsider).post(reverse("token-revoke", args=[pk])).status_code == 404
    response = signed_in(acme.engineer).post(reverse("token-revoke", args=[pk]), {"back": "//evil.example/"})
    assert response.url == reverse("tokens")
