"""Every answer under /api/v1 is JSON, errors included: `{"detail": ..., "field": ...}`."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.framework_ids import KIND, SKILL


def _is_json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize("path", ["/no-such-route", "/", "/people/1/nothing-here", "/me/"])
def test_an_unknown_route_is_a_json_404(acme, api_as, path):
    body = _is_json_error(api_as(acme.engineer).get(path), 404)
    assert "openapi.json" in body["detail"]


def test_an_unknown_route_is_a_json_404_even_for_an_anonymous_post_without_csrf(db):
    response = Client(enforce_csrf_checks=True).post("/api/v1/no-such-route", {})
    _is_json_error(response, 404)


def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(acme, api_as):
    response = api_as(acme.engineer).delete("/me")
    body = _is_json_error(response, 405)
    assert response["Allow"] == "GET"
    assert "GET" in body["detail"]


def test_a_body_that_is_not_json_is_a_400(acme, api_as):
    api = api_as(acme.engineer)
    response = api.client.post(
        f"/api/v1/people/{acme.engineer.pk}/evidence", "{not json", content_type="application/json"
    )
    _is_json_error(response, 400)


def test_a_missing_field_is_a_422_naming_it(acme, api_as):
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", {"kind": KIND.adr})
    body = _is_json_error(response, 422)
    assert body["field"] == "title"
    assert {e["field"] for e in body["errors"]} == {"title", "date"}


def test_a_value_of_the_wrong_type_is_a_422_naming_the_field(acme, api_as):
    body = {"kind": KIND.adr, "title": "ADR", "date": "2026-01-01", "skills": SKILL.rag_systems}
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", body)
    assert _is_json_error(response, 422)["field"] == "skills"


def test_an_unknown_key_is_a_422_rather_than_silently_dropped(acme, api_as):
    body = {"kind": KIND.adr, "title": "ADR", "date": "2026-01-01", "titel": "typo"}
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", body)
    assert _is_json_error(response, 422)["field"] == "titel"


def test_an_id_that_is_not_a_number_is_a_422_naming_it(acme, api_as):
    response = api_as(acme.engineer).get("/people/abc")
    assert _is_json_error(response, 422)["field"] == "person_id"


def test_a_bad_query_parameter_is_a_422_naming_it(acme, api_as):
    response = api_as(acme.engineer).get("/people", limit=0)
    assert _is_json_error(response, 422)["field"] == "limit"


def test_an_id_too_large_to_exist_is_refused_without_a_server_error(acme, api_as):
    response = api_as(acme.engineer).get(f"/people/{2**70}")
    assert response.status_code in {404, 422}
    assert response.json()["detail"]


def test_an_unexpected_failure_is_a_json_500_not_a_page(acme, api_as, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("ladders.api.people.people_search", broken)
    response = api_as(acme.engineer).get("/people")
    body = _is_json_error(response, 500)
    assert "boom" not in body["detail"]


def test_a_body_over_the_upload_limit_is_a_json_413(acme, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"kind": KIND.adr, "title": "ADR", "date": "2026-01-01", "notes": "x" * 2000}
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", body)
    _is_json_error(response, 413)


def test_a_missing_body_is_a_422_naming_the_body(acme, api_as):
    api = api_as(acme.engineer)
    response = api.client.post(
        f"/api/v1/people/{acme.engineer.pk}/evidence", "", content_type="application/json"
    )
    assert _is_json_error(response, 422)["field"] == "body"
