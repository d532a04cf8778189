"""A refused API token gets a JSON 401 that says why: unknown, revoked or expired."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from ladders.accounts.models import ApiToken
from ladders.accounts.tokens import token_create, token_revoke


def me(token: str):
    return Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_an_expired_token_gets_401_with_the_reason_expired(acme):
    token = token_create(acme.engineer, "CI", days=7)
    assert me(token).status_code == 200
    ApiToken.objects.update(expires=timezone.now() - timedelta(minutes=1))
    response = me(token)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["reason"] == "expired"
    assert "expired" in response.json()["detail"]


def test_a_revoked_token_gets_401_with_the_reason_revoked_from_its_next_request(acme):
    token = token_create(acme.engineer, "CI")
    assert me(token).status_code == 200
    token_revoke(actor=acme.engineer, token_id=ApiToken.objects.get().pk)
    response = me(token)
    assert (response.status_code, response.json()["reason"]) == (401, "revoked")


def test_an_unknown_token_gets_401_with_the_reason_unknown(acme):
    response = me("ldr_never-issued")
    assert (response.status_code, response.json()["reason"]) == (401, "unknown")


def test_a_call_with_a_token_records_when_it_was_last_used(acme):
    token = token_create(acme.engineer, "CI")
    assert ApiToken.objects.get().last_used is None
    me(token)
    assert ApiToken.objects.get().last_used is not None
