"""SCIM test helpers: `scim(person)` is a client that calls /scim/v2 with that person's API token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ladders.accounts.models import Person
from ladders.accounts.services import token_create
from tests.org_fixtures import acme  # noqa: F401  (fixtures shared by server tests)

SCIM_JSON = "application/scim+json"


class Scim:
    """Paths are relative to /scim/v2; bodies are dicts sent as application/scim+json."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any):
        return self.client.get("/scim/v2" + path, params, headers=self.headers)

    def send(self, method: str, path: str, body: Any = None):
        data = json.dumps(body) if body is not None else ""
        return self.client.generic(
            method, "/scim/v2" + path, data, content_type=SCIM_JSON, headers=self.headers
        )

    def post(self, path: str, body: Any):
        return self.send("POST", path, body)

    def put(self, path: str, body: Any):
        return self.send("PUT", path, body)

    def patch(self, path: str, body: Any):
        return self.send("PATCH", path, body)

    def delete(self, path: str):
        return self.send("DELETE", path)


@pytest.fixture
def scim(db):
    def as_person(person: Person | None) -> Scim:
        return Scim(token_create(person, "scim") if person is not None else None)

    return as_person
