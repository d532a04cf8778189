"""Every person-scoped route answers 404 to someone outside the person's reach, for every method.

The routes come from the OpenAPI document, so a new route is covered the day it is added.
"""

from __future__ import annotations

import pytest

from ladders.api.api import api
from ladders.leveling.models import CheckIn, Evidence
from ladders.leveling.services import checkin_save, checkin_sign_off, evidence_create
from tests.framework_ids import KIND, LEVEL, SKILL

QUARTER = "2026-Q2"
VALID_BODIES = {
    "evidence_create": {"kind": KIND.adr, "title": "Mine now", "date": "2026-05-01"},
    "evidence_update": {"title": "Mine now"},
    "checkin_save": {"quarter": QUARTER, "self_ratings": {SKILL.rag_systems: 4}},
    "checkin_update": {"self_ratings": {SKILL.rag_systems: 4}},
    "checkin_submit": {},
    "checkin_sign_off": {"manager_ratings": {SKILL.rag_systems: 4}},
    "packet_create": {"target": LEVEL.mid, "narrative": "Mine now"},
    "suggestions_receive": {
        "suggestions": [
            {
                "id": "brag-visibility",
                "kind": KIND.adr,
                "title": "Mine now",
                "date": "2026-05-01",
                "source": {"type": "brag"},
                "confidence": 0.5,
                "why": "a test",
            }
        ]
    },
    "person_edit": {"title": "Mine now"},
    "person_deactivate": {},
    "person_reactivate": {},
    "person_salary_set": {"base_salary": 1000, "currency": "USD", "market": "us"},
}


def _scoped_operations():
    schema = api.get_openapi_schema(path_prefix="")
    for path, methods in schema["paths"].items():
        if "{person_id}" in path or "{evidence_id}" in path:
            for method, operation in methods.items():
                yield pytest.param(method, path, operation["operationId"], id=operation["operationId"])


@pytest.fixture
def engineer_records(acme):
    item = evidence_create(
        actor=acme.engineer,
        person=acme.engineer,
        data={"kind": KIND.adr, "title": "Original", "date": "2026-05-01"},
    )
    earlier = checkin_save(
        actor=acme.engineer, person=acme.engineer, quarter="2026-Q1", self_ratings={}, submit=True
    )
    snapshot = checkin_sign_off(actor=acme.manager, checkin=earlier)
    checkin_save(actor=acme.engineer, person=acme.engineer, quarter=QUARTER, self_ratings={}, submit=True)
    return {
        "person_id": acme.engineer.pk,
        "evidence_id": item.pk,
        "quarter": QUARTER,
        "snapshot_id": snapshot.pk,
    }


@pytest.mark.parametrize(("method", "path", "operation_id"), list(_scoped_operations()))
def test_an_outsider_gets_404_on_every_person_scoped_route(
    acme, api_as, engineer_records, method, path, operation_id
):
    outsider = api_as(acme.outsider)
    url = path.format(**engineer_records)
    if method == "get":
        response = outsider.get(url)
    elif method == "delete":
        response = outsider.delete(url)
    else:
        response = getattr(outsider, method)(url, VALID_BODIES[operation_id])
    assert response.status_code == 404, (operation_id, response.content)
    assert response.json()["detail"]
    assert Evidence.objects.get(pk=engineer_records["evidence_id"]).title == "Original"
    assert CheckIn.objects.get(quarter=QUARTER).status == "submitted"


@pytest.mark.parametrize(("method", "path", "operation_id"), list(_scoped_operations()))
def test_every_person_scoped_route_needs_authentication(
    anonymous, engineer_records, method, path, operation_id
):
    url = path.format(**engineer_records)
    if method in {"get", "delete"}:
        response = getattr(anonymous, method)(url)
    else:
        response = getattr(anonymous, method)(url, VALID_BODIES[operation_id])
    assert response.status_code == 401
