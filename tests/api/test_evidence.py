"""Evidence: listed, recorded, changed and deleted through the service, with 422s naming fields."""

from __future__ import annotations

import pytest

from ladders.leveling.models import AuditEvent, Evidence
from tests.framework_ids import KIND, SKILL

SHIPPED = {
    "slug": "rag-bot",
    "kind": KIND.shipped_project,
    "title": "Support assistant on RAG",
    "date": "2026-03-01",
    "scope": "feature",
    "users": "real",
    "outcome": "Cut support tickets by 40%",
    "skills": [SKILL.rag_systems, SKILL.llm_api_integration],
}


@pytest.fixture
def engineer_api(acme, api_as):
    return api_as(acme.engineer)


@pytest.fixture
def recorded(acme, engineer_api) -> dict:
    response = engineer_api.post(f"/people/{acme.engineer.pk}/evidence", SHIPPED)
    assert response.status_code == 201, response.content
    return response.json()


def test_recording_evidence_stores_it_with_its_author_and_an_audit_event(acme, recorded):
    item = Evidence.objects.get(pk=recorded["id"])
    assert (item.person, item.slug, item.kind, item.author) == (
        acme.engineer,
        "rag-bot",
        KIND.shipped_project,
        acme.engineer,
    )
    assert recorded["skills"] == [SKILL.rag_systems, SKILL.llm_api_integration]
    assert recorded["author"]["name"] == "Eve Engineer"
    assert AuditEvent.objects.filter(action="evidence.created", subject="rag-bot").exists()


def test_evidence_without_a_slug_gets_e1(acme, engineer_api):
    body = {"kind": KIND.adr, "title": "Queue for embeddings", "date": "2026-04-01"}
    created = engineer_api.post(f"/people/{acme.engineer.pk}/evidence", body).json()
    assert created["slug"] == "e1"
    assert created["scope"] == "individual"


def test_a_manager_may_record_evidence_for_a_report(acme, api_as):
    response = api_as(acme.manager).post(f"/people/{acme.engineer.pk}/evidence", SHIPPED)
    assert response.status_code == 201
    assert response.json()["author"]["name"] == "Max Manager"


def test_an_unknown_kind_is_a_422_naming_kind(acme, engineer_api):
    response = engineer_api.post(f"/people/{acme.engineer.pk}/evidence", {**SHIPPED, "kind": "blog_post"})
    assert response.status_code == 422
    assert response.json()["field"] == "kind"
    assert "blog_post" in response.json()["detail"]
    assert not Evidence.objects.exists()


def test_an_unknown_skill_is_a_422_naming_skills(acme, engineer_api):
    response = engineer_api.post(f"/people/{acme.engineer.pk}/evidence", {**SHIPPED, "skills": ["juggling"]})
    assert response.status_code == 422
    assert response.json()["field"] == "skills"


@pytest.mark.parametrize("bad_date", ["2026-02-30", "1 March 2026", 20260301])
def test_a_bad_date_is_a_422_naming_date(acme, engineer_api, bad_date):
    response = engineer_api.post(f"/people/{acme.engineer.pk}/evidence", {**SHIPPED, "date": bad_date})
    assert response.status_code == 422
    assert response.json()["field"] == "date"


def test_users_on_a_kind_without_users_is_a_422_naming_users(acme, engineer_api):
    body = {"kind": KIND.adr, "title": "ADR", "date": "2026-01-01", "users": "real"}
    response = engineer_api.post(f"/people/{acme.engineer.pk}/evidence", body)
    assert response.status_code == 422
    assert response.json()["field"] == "users"


def test_a_slug_already_used_by_the_person_is_a_409(acme, engineer_api, recorded):
    response = engineer_api.post(f"/people/{acme.engineer.pk}/evidence", SHIPPED)
    assert response.status_code == 409
    assert Evidence.objects.count() == 1


def test_evidence_is_listed_newest_first_and_paginated(acme, engineer_api):
    for month in (1, 2, 3):
        body = {"kind": KIND.adr, "title": f"ADR {month}", "date": f"2026-0{month}-01"}
        engineer_api.post(f"/people/{acme.engineer.pk}/evidence", body)
    page = engineer_api.get(f"/people/{acme.engineer.pk}/evidence", limit=2).json()
    assert page["count"] == 3
    assert [item["title"] for item in page["items"]] == ["ADR 3", "ADR 2"]
    rest = engineer_api.get(f"/people/{acme.engineer.pk}/evidence", limit=2, offset=2).json()
    assert [item["title"] for item in rest["items"]] == ["ADR 1"]


def test_evidence_can_be_filtered_by_kind_and_text(acme, engineer_api, recorded):
    engineer_api.post(
        f"/people/{acme.engineer.pk}/evidence", {"kind": KIND.adr, "title": "ADR", "date": "2026-01-01"}
    )
    url = f"/people/{acme.engineer.pk}/evidence"
    assert [i["slug"] for i in engineer_api.get(url, kind=KIND.adr).json()["items"]] == ["e2"]
    assert [i["slug"] for i in engineer_api.get(url, search="tickets").json()["items"]] == ["rag-bot"]


def test_patch_changes_only_the_fields_sent(engineer_api, recorded):
    response = engineer_api.patch(f"/evidence/{recorded['id']}", {"title": "RAG support assistant"})
    assert response.status_code == 200
    item = Evidence.objects.get(pk=recorded["id"])
    assert item.title == "RAG support assistant"
    assert item.outcome == SHIPPED["outcome"]
    assert AuditEvent.objects.filter(action="evidence.updated").exists()


def test_patch_with_null_clears_an_optional_field(engineer_api, recorded):
    response = engineer_api.patch(f"/evidence/{recorded['id']}", {"outcome": None})
    assert response.status_code == 200
    assert response.json()["outcome"] is None


def test_patch_with_an_unknown_scope_is_a_422_and_changes_nothing(engineer_api, recorded):
    response = engineer_api.patch(f"/evidence/{recorded['id']}", {"scope": "galaxy", "title": "Changed"})
    assert response.status_code == 422
    assert response.json()["field"] == "scope"
    assert Evidence.objects.get(pk=recorded["id"]).title == SHIPPED["title"]


def test_delete_removes_the_evidence(engineer_api, recorded):
    response = engineer_api.delete(f"/evidence/{recorded['id']}")
    assert response.status_code == 204
    assert not Evidence.objects.exists()
    assert AuditEvent.objects.filter(action="evidence.deleted").exists()


def test_an_outsider_cannot_see_change_or_delete_evidence(acme, api_as, recorded):
    outsider = api_as(acme.outsider)
    assert outsider.patch(f"/evidence/{recorded['id']}", {"title": "Mine now"}).status_code == 404
    assert outsider.delete(f"/evidence/{recorded['id']}").status_code == 404
    assert outsider.post(f"/people/{acme.engineer.pk}/evidence", SHIPPED).status_code == 404
    assert Evidence.objects.get(pk=recorded["id"]).title == SHIPPED["title"]


def test_evidence_of_someone_out_of_reach_looks_exactly_like_missing_evidence(acme, api_as, recorded):
    outsider = api_as(acme.outsider)
    assert outsider.delete(f"/evidence/{recorded['id']}").json() == outsider.delete("/evidence/999999").json()


def test_a_nul_character_in_evidence_text_is_refused_naming_the_field(acme):
    from django.test import Client

    from ladders.accounts.services import token_create

    token = token_create(acme.engineer)
    response = Client().post(
        f"/api/v1/people/{acme.engineer.pk}/evidence",
        data={"kind": KIND.debugging_story, "title": "bad\x00title", "date": "2026-01-02"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert "title" in response.json()["detail"]
