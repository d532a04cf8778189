"""/api/v1/openapi.json: a valid OpenAPI 3 document describing every operation completely."""

from __future__ import annotations

import pytest
import schemathesis
from django.test import Client

EXPECTED = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/people"),
    ("get", "/api/v1/people/{person_id}"),
    ("get", "/api/v1/people/{person_id}/evidence"),
    ("post", "/api/v1/people/{person_id}/evidence"),
    ("patch", "/api/v1/evidence/{evidence_id}"),
    ("delete", "/api/v1/evidence/{evidence_id}"),
    ("get", "/api/v1/people/{person_id}/assessment"),
    ("get", "/api/v1/people/{person_id}/checkins"),
    ("post", "/api/v1/people/{person_id}/checkins"),
    ("get", "/api/v1/people/{person_id}/checkins/{quarter}"),
    ("put", "/api/v1/people/{person_id}/checkins/{quarter}"),
    ("post", "/api/v1/people/{person_id}/checkins/{quarter}/submit"),
    ("post", "/api/v1/people/{person_id}/checkins/{quarter}/sign-off"),
    ("get", "/api/v1/people/{person_id}/history"),
    ("get", "/api/v1/people/{person_id}/snapshots/{snapshot_id}"),
    ("get", "/api/v1/framework"),
    ("get", "/api/v1/packets"),
    ("post", "/api/v1/people/{person_id}/packets"),
    ("get", "/api/v1/packets/{packet_id}"),
    ("patch", "/api/v1/packets/{packet_id}"),
    ("post", "/api/v1/packets/{packet_id}/submit"),
    ("post", "/api/v1/packets/{packet_id}/review"),
    ("post", "/api/v1/packets/{packet_id}/audit"),
    ("post", "/api/v1/packets/{packet_id}/decision"),
    ("post", "/api/v1/packets/{packet_id}/reopen"),
    ("get", "/api/v1/packets/{packet_id}/export"),
    ("get", "/api/v1/calibration"),
    ("get", "/api/v1/calibration/{table}.csv"),
    ("post", "/api/v1/exports"),
    ("get", "/api/v1/exports/{export_id}"),
    ("get", "/api/v1/exports/{export_id}/download"),
    ("get", "/api/v1/bands"),
    ("post", "/api/v1/bands"),
    ("delete", "/api/v1/bands/{band_id}"),
    ("get", "/api/v1/people/{person_id}/pay"),
    ("get", "/api/v1/people/{person_id}/suggestions"),
    ("post", "/api/v1/people/{person_id}/suggestions"),
    ("post", "/api/v1/suggestions/{suggestion_id}/accept"),
    ("post", "/api/v1/suggestions/{suggestion_id}/reject"),
    ("get", "/api/v1/cycles"),
    ("post", "/api/v1/cycles"),
    ("get", "/api/v1/cycles/{cycle_id}"),
    ("get", "/api/v1/cycles/{cycle_id}/participation"),
    ("post", "/api/v1/cycles/{cycle_id}/open"),
    ("post", "/api/v1/cycles/{cycle_id}/close"),
    ("patch", "/api/v1/people/{person_id}"),
    ("post", "/api/v1/people/{person_id}/deactivate"),
    ("post", "/api/v1/people/{person_id}/reactivate"),
    ("put", "/api/v1/people/{person_id}/salary"),
    ("post", "/api/v1/invitations"),
    ("get", "/api/v1/audit"),
}


@pytest.fixture(scope="module")
def document() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def test_the_document_is_valid_openapi_3(document):
    assert document["openapi"].startswith("3.")
    schemathesis.openapi.from_dict(document).validate()  # raises on any violation of the OpenAPI schema


def test_the_document_lists_every_operation(document):
    assert {(method, path) for method, path, _ in _operations(document)} == EXPECTED


def test_every_operation_has_a_unique_id_a_summary_and_a_tag(document):
    ids = [operation["operationId"] for _, _, operation in _operations(document)]
    assert len(ids) == len(set(ids))
    for method, path, operation in _operations(document):
        assert operation.get("summary"), (method, path)
        assert operation.get("tags"), (method, path)


def test_every_operation_documents_its_auth_and_its_json_errors(document):
    for method, path, operation in _operations(document):
        assert {"BearerToken", "SessionCookie"} <= {name for item in operation["security"] for name in item}
        error = operation["responses"]["401"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorOut"}, (method, path)


def test_every_operation_has_its_own_output_schema(document):
    outputs = []
    for _, _, operation in _operations(document):
        success = next(code for code in operation["responses"] if code.startswith("2"))
        content = operation["responses"][success].get("content", {})
        if "application/json" in content:  # 204 has none; exports are documents (text/csv, ...)
            outputs.append(content["application/json"]["schema"]["$ref"])
    assert len(outputs) == len(set(outputs))


def test_the_error_schema_is_documented(document):
    error = document["components"]["schemas"]["ErrorOut"]
    assert {"detail", "field", "errors"} <= set(error["properties"])


def test_the_compensation_rule_is_stated_in_the_person_schema(document):
    person = document["paths"]["/api/v1/people/{person_id}"]["get"]
    assert "null" in person["description"] and "base_salary" in person["description"]
