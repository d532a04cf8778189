"""Authentication: a personal token or a signed-in session; anything else is a JSON 401."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.crypto import get_random_string

from ladders.accounts.services import token_create
from ladders.leveling.models import Evidence
from tests.framework_ids import KIND

EVIDENCE = {"kind": KIND.adr, "title": "Queue for the embeddings job", "date": "2026-05-01"}


def test_a_personal_token_authenticates_the_caller(acme, api_as):
    response = api_as(acme.engineer).get("/me")
    assert response.status_code == 200
    assert response.json()["id"] == acme.engineer.pk


def test_a_token_request_that_writes_needs_no_csrf_token(acme, api_as):
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", EVIDENCE)
    assert response.status_code == 201


def test_a_request_without_credentials_gets_a_json_401(anonymous):
    response = anonymous.get("/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_gets_401(db, acme):
    client = Client(headers={"Authorization": "Bearer ldr_not-a-real-token"})
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "token is not valid" in response.json()["detail"]


def test_a_wrong_token_is_refused_even_with_a_signed_in_session(acme, signed_in):
    client = signed_in(acme.engineer)
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer ldr_wrong"})
    assert response.status_code == 401


def test_an_authorization_header_that_is_not_bearer_gets_401(acme):
    response = Client().get("/api/v1/me", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert response.status_code == 401


def test_a_token_of_a_deactivated_account_gets_401(acme):
    token = token_create(acme.engineer)
    acme.engineer.user.is_active = False
    acme.engineer.user.save()
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_signed_in_session_can_read(acme, signed_in):
    response = signed_in(acme.manager).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["name"] == "Max Manager"


def test_a_session_post_without_the_csrf_token_is_refused_and_changes_nothing(acme):
    client = Client(enforce_csrf_checks=True)
    client.force_login(acme.engineer.user)
    response = client.post(
        f"/api/v1/people/{acme.engineer.pk}/evidence", json.dumps(EVIDENCE), content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Evidence.objects.exists()


def test_a_session_delete_without_the_csrf_token_is_refused(acme, api_as):
    created = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", EVIDENCE).json()
    client = Client(enforce_csrf_checks=True)
    client.force_login(acme.engineer.user)
    assert client.delete(f"/api/v1/evidence/{created['id']}").status_code == 403
    assert Evidence.objects.filter(pk=created["id"]).exists()


def test_a_session_post_with_the_csrf_token_is_accepted(acme):
    client = Client(enforce_csrf_checks=True)
    client.force_login(acme.engineer.user)
    token = _set_csrf_cookie(client)
    response = client.post(
        f"/api/v1/people/{acme.engineer.pk}/evidence",
        json.dumps(EVIDENCE),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def _set_csrf_cookie(client: Client) -> str:
    """What a page does for the browser: a CSRF cookie whose value scripts echo in a header."""
    token = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return token


def test_an_anonymous_post_is_told_to_authenticate_not_about_csrf(anonymous, acme):
    response = anonymous.post(f"/people/{acme.engineer.pk}/evidence", EVIDENCE)
    assert response.status_code == 401


def test_a_signed_in_account_without_a_person_record_is_refused(db, client):
    user = get_user_model().objects.create_user(username="root", password="x" * 12)
    client.force_login(user)
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert "organisation" in response.json()["detail"]
