"""The assessment route returns the core engine's result, with the framework hash it used."""

from __future__ import annotations

from ladders.leveling.frameworks import active_framework
from ladders.leveling.services import evidence_create
from tests.framework_ids import CHECK, KIND, LEVEL
from tests.result_keys import RESULT_KEYS


def test_the_assessment_has_the_specs_top_level_keys_and_the_framework_hash(acme, api_as):
    response = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/assessment")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= RESULT_KEYS
    _version, framework = active_framework(acme.org)
    assert body["framework"]["hash"] == framework.content_hash
    assert {"id", "version", "hash"} <= set(body["framework"])
    assert body["level"] == LEVEL.junior
    assert body["next_level"] == LEVEL.mid
    assert body["plan"]["target"] == LEVEL.mid


def test_every_check_names_its_evidence_or_what_is_missing(acme, api_as):
    evidence_create(
        actor=acme.engineer,
        person=acme.engineer,
        data={"id": "bug", "kind": KIND.debugging_story, "title": "Leak", "date": "2026-03-01"},
    )
    body = api_as(acme.manager).get(f"/people/{acme.engineer.pk}/assessment").json()
    checks = {check["id"]: check for gate in body["gates"] for check in gate["checks"]}
    assert checks[CHECK.mid_debugging]["passed"] is True
    assert checks[CHECK.mid_debugging]["evidence"] == ["bug"]
    assert checks[CHECK.mid_shipped]["passed"] is False and checks[CHECK.mid_shipped]["detail"]


def test_as_of_leaves_out_later_evidence(acme, api_as):
    evidence_create(
        actor=acme.engineer,
        person=acme.engineer,
        data={"id": "later", "kind": KIND.adr, "title": "ADR", "date": "2026-06-01"},
    )
    body = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/assessment", as_of="2026-01-31").json()
    assert body["as_of"] == "2026-01-31"
    assert body["evidence_after_as_of"] == ["later"]


def test_target_plans_towards_a_level_further_up(acme, api_as):
    body = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/assessment", target=LEVEL.senior).json()
    assert body["plan"]["target"] == LEVEL.senior
    assert {step["check"] for step in body["plan"]["steps"]} >= {CHECK.mid_shipped, CHECK.senior_adr}


def test_an_unknown_target_is_a_422_naming_target(acme, api_as):
    response = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/assessment", target="wizard")
    assert response.status_code == 422
    assert response.json()["field"] == "target"


def test_a_bad_as_of_is_a_422_naming_as_of(acme, api_as):
    response = api_as(acme.engineer).get(f"/people/{acme.engineer.pk}/assessment", as_of="yesterday")
    assert response.status_code == 422
    assert response.json()["field"] == "as_of"


def test_an_outsider_gets_a_404_for_someone_elses_assessment(acme, api_as):
    assert api_as(acme.outsider).get(f"/people/{acme.engineer.pk}/assessment").status_code == 404
