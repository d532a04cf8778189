"""API test helpers: `api_as(person)` is a client that calls /api/v1 with that person's token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ladders.accounts.models import Person
from ladders.accounts.services import token_create
from tests.api.packet_api_helpers import walk_packet
from tests.org_fixtures import acme, signed_in  # noqa: F401  (fixtures shared by server tests)

PREFIX = "/api/v1"


class Api:
    """A thin JSON client: paths are relative to /api/v1 and bodies are dicts."""

    def __init__(self, client: Client):
        self.client = client

    def get(self, path: str, **params: Any):
        return self.client.get(PREFIX + path, params)

    def post(self, path: str, body: Any = None):
        return self._send("post", path, body)

    def put(self, path: str, body: Any = None):
        return self._send("put", path, body)

    def patch(self, path: str, body: Any = None):
        return self._send("patch", path, body)

    def delete(self, path: str):
        return self.client.delete(PREFIX + path)

    def _send(self, method: str, path: str, body: Any):
        data = json.dumps(body if body is not None else {})
        return getattr(self.client, method)(PREFIX + path, data, content_type="application/json")


@pytest.fixture
def api_as(db):
    """`api_as(acme.engineer)`: calls authenticated with a fresh personal token (no CSRF needed)."""

    def build(person: Person) -> Api:
        token = token_create(person, name="test")
        return Api(Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}"}))

    return build


@pytest.fixture
def anonymous(db) -> Api:
    return Api(Client(enforce_csrf_checks=True))


@pytest.fixture
def packet_at(acme):  # noqa: F811  (the acme fixture, imported above)
    """`packet_at("reviewed")`: Eve's packet for mid, walked through the services to that state."""
    return lambda state="draft": walk_packet(acme, state)
