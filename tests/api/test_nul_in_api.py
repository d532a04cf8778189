"""A NUL character (U+0000) anywhere in a request to the API is a 422 JSON error naming where.

The guard reads query parameters and JSON bodies (keys and values, however deeply nested)
before any operation runs, so no NUL ever reaches the database.
"""

from __future__ import annotations

from ladders.leveling.models import Evidence
from tests.framework_ids import KIND

ITEM = {"kind": KIND.debugging_story, "title": "Flaky retriever", "date": "2026-01-02"}


def test_a_nul_in_a_search_parameter_is_a_422_naming_it(acme, api_as):
    response = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/evidence", search="a\x00b")
    assert response.status_code == 422
    assert response.json()["field"] == "search"
    assert "contains a NUL character (U+0000)" in response.json()["detail"]


def test_a_nul_in_a_link_is_a_422_naming_the_list_item(acme, api_as):
    body = {**ITEM, "links": ["https://example.com/ok", "https://example.com/\x00"]}
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", body)
    assert response.status_code == 422
    assert response.json()["field"] == "links.1"
    assert response.json()["errors"] == [
        {"field": "links.1", "message": "contains a NUL character (U+0000); remove it"}
    ]
    assert not Evidence.objects.exists()


def test_a_nul_in_a_key_is_refused(acme, api_as):
    body = {**ITEM, "sk\x00ills": []}
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", body)
    assert response.status_code == 422
    assert not Evidence.objects.exists()


def test_a_nul_deep_inside_a_huge_nesting_is_a_422_not_a_crash(acme, api_as):
    deep = "[" * 5000 + '"\\u0000"' + "]" * 5000
    api = api_as(acme.engineer)
    response = api.client.post(
        f"/api/v1/people/{acme.engineer.pk}/evidence", deep, content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")


def test_a_nul_in_a_check_in_note_is_refused(acme, api_as):
    body = {"self_ratings": {}, "notes": "draft\x00"}
    response = api_as(acme.engineer).put(f"/people/{acme.engineer.pk}/checkins/2026-Q1", body)
    assert response.status_code == 422
    assert response.json()["field"] == "notes"


def test_an_escaped_backslash_before_u0000_is_not_a_nul(acme, api_as):
    body = {**ITEM, "title": "Windows path C:\\u0000 is fine"}
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", body)
    assert response.status_code == 201, response.content
