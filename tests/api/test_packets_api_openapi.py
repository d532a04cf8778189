"""The OpenAPI document describes every packet operation with its own input and output schema."""

from __future__ import annotations

import pytest
from django.test import Client

OPERATIONS = {
    # (method, path): (input schema or None, success status, output schema)
    ("get", "/api/v1/packets"): (None, "200", "PacketListOut"),
    ("post", "/api/v1/people/{person_id}/packets"): ("PacketCreateIn", "201", "PacketCreatedOut"),
    ("get", "/api/v1/packets/{packet_id}"): (None, "200", "PacketGetOut"),
    ("patch", "/api/v1/packets/{packet_id}"): ("PacketUpdateIn", "200", "PacketUpdatedOut"),
    ("post", "/api/v1/packets/{packet_id}/submit"): ("PacketSubmitIn", "200", "PacketSubmittedOut"),
    ("post", "/api/v1/packets/{packet_id}/review"): ("PacketReviewIn", "200", "PacketReviewedOut"),
    ("post", "/api/v1/packets/{packet_id}/audit"): ("PacketAuditIn", "200", "PacketAuditedOut"),
    ("post", "/api/v1/packets/{packet_id}/decision"): ("PacketDecisionIn", "200", "PacketDecidedOut"),
    ("post", "/api/v1/packets/{packet_id}/reopen"): ("PacketReopenIn", "200", "PacketReopenedOut"),
}


@pytest.fixture(scope="module")
def document() -> dict:
    return Client().get("/api/v1/openapi.json").json()


@pytest.mark.parametrize(("method", "path"), list(OPERATIONS))
def test_each_packet_operation_has_its_own_schemas(document, method, path):
    operation = document["paths"][path][method]
    given, status, output = OPERATIONS[(method, path)]
    if given is not None:
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body == {"$ref": f"#/components/schemas/{given}"}
    success = operation["responses"][status]["content"]["application/json"]["schema"]
    assert success == {"$ref": f"#/components/schemas/{output}"}


@pytest.mark.parametrize(("method", "path"), [op for op in OPERATIONS if op[0] != "get"])
def test_each_packet_write_documents_its_refusals(document, method, path):
    assert {"401", "403", "404", "409", "422"} <= set(document["paths"][path][method]["responses"])


def test_the_export_is_documented_as_markdown_or_html(document):
    export = document["paths"]["/api/v1/packets/{packet_id}/export"]["get"]
    assert set(export["responses"]["200"]["content"]) == {"text/markdown", "text/html"}
    fmt = next(p for p in export["parameters"] if p["name"] == "format")
    assert fmt["schema"]["enum"] == ["markdown", "html"]


def test_a_packet_shows_its_claims_state_revision_and_events(document):
    packet = document["components"]["schemas"]["PacketGetOut"]["properties"]
    assert {"claims", "evidence", "flags", "state", "revision", "events", "narrative"} <= set(packet)
    claim = document["components"]["schemas"]["ClaimOut"]["properties"]
    assert {"evidence", "verdict", "audit", "flags"} <= set(claim)


def test_verdicts_and_audits_name_their_allowed_values(document):
    schemas = document["components"]["schemas"]
    verdict = schemas["VerdictIn"]["properties"]["verdict"]["anyOf"][0]["enum"]
    assert verdict == ["supported", "not_supported", "insufficient_evidence"]
    assert schemas["AuditIn"]["properties"]["audit"]["enum"] == ["confirmed", "challenged"]
    assert schemas["PacketDecisionIn"]["properties"]["decision"]["enum"] == ["promote", "not_yet"]
