"""Who reaches a packet: an outsider is told it does not exist, on every packet route and method.

The routes come from the OpenAPI document, so a packet route added later is covered too.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client
from django.utils.crypto import get_random_string

from ladders.api.api import api
from ladders.promotions import services
from ladders.promotions.models import Packet
from tests.api.packet_api_helpers import NARRATIVE, confirmations, honest_verdicts
from tests.promotions.packet_helpers import state_of


def _packet_operations():
    schema = api.get_openapi_schema(path_prefix="")
    for path, methods in schema["paths"].items():
        if "{packet_id}" in path:
            for method, operation in methods.items():
                yield pytest.param(method, path, operation["operationId"], id=operation["operationId"])


def _valid_body(operation_id: str, packet: Packet, acme) -> dict:
    """A body the operation would accept from the right person, so only reach decides the answer."""
    return {
        "packet_update": {"narrative": "Mine now.", "revision": packet.revision},
        "packet_submit": {"reviewer_id": acme.other_manager.pk, "revision": packet.revision},
        "packet_review": {
            "verdicts": honest_verdicts(packet.claims),
            "auditor_id": acme.admin.pk,
            "revision": packet.revision,
        },
        "packet_audit": {"audits": confirmations(packet.verdicts), "revision": packet.revision},
        "packet_decide": {"decision": "promote", "revision": packet.revision},
        "packet_reopen": {"revision": packet.revision},
    }[operation_id]


def _call(client, method: str, url: str, body: dict | None):
    return client.get(url) if method == "get" else getattr(client, method)(url, body)


@pytest.mark.parametrize(("method", "path", "operation_id"), list(_packet_operations()))
def test_an_outsider_gets_404_on_every_packet_route(acme, api_as, packet_at, method, path, operation_id):
    packet = packet_at("draft")
    before = state_of(packet)
    body = None if method == "get" else _valid_body(operation_id, packet, acme)
    response = _call(api_as(acme.outsider), method, path.format(packet_id=packet.pk), body)
    assert response.status_code == 404, (operation_id, response.content)
    assert response.json() == {"detail": "No such promotion packet.", "field": None, "errors": None}
    assert state_of(packet) == before


@pytest.mark.parametrize(("method", "path", "operation_id"), list(_packet_operations()))
def test_every_packet_route_needs_authentication(anonymous, acme, packet_at, method, path, operation_id):
    packet = packet_at("draft")
    body = None if method == "get" else _valid_body(operation_id, packet, acme)
    assert _call(anonymous, method, path.format(packet_id=packet.pk), body).status_code == 401


def test_a_packet_out_of_reach_looks_exactly_like_a_missing_one(acme, api_as, packet_at):
    packet = packet_at("draft")
    outsider = api_as(acme.outsider)
    assert outsider.get(f"/packets/{packet.pk}").json() == outsider.get("/packets/999999").json()


def test_the_reviewer_of_the_review_sees_the_packet_once_named(acme, api_as, packet_at):
    packet = packet_at("submitted")
    assert api_as(acme.outsider).get(f"/packets/{packet.pk}").status_code == 404
    services.packet_review(
        actor=acme.other_manager,
        packet=packet,
        verdicts=honest_verdicts(packet.claims),
        auditor=acme.outsider,
        revision=packet.revision,
    )
    assert api_as(acme.outsider).get(f"/packets/{packet.pk}").status_code == 200


def test_a_personal_token_and_a_signed_in_session_both_read_packets(acme, api_as, packet_at, signed_in):
    packet = packet_at("draft")
    assert api_as(acme.engineer).get(f"/packets/{packet.pk}").status_code == 200
    assert signed_in(acme.engineer).get(f"/api/v1/packets/{packet.pk}").status_code == 200


def _session(person) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(person.user)
    token = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return client, token


def test_a_session_write_needs_the_csrf_token(acme, packet_at):
    packet = packet_at("draft")
    before = state_of(packet)
    client, token = _session(acme.engineer)
    url = f"/api/v1/packets/{packet.pk}"
    body = json.dumps({"narrative": NARRATIVE + " More.", "revision": packet.revision})

    refused = client.patch(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert state_of(packet) == before

    accepted = client.patch(url, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    assert Packet.objects.get().narrative.endswith("More.")
