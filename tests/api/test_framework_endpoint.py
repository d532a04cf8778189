"""/framework: the active framework's ids, so clients never hard-code a level or skill."""

from __future__ import annotations

from ladders.leveling.frameworks import active_framework
from tests.framework_ids import SKILL


def test_the_framework_lists_levels_skills_kinds_and_scopes_from_the_active_version(acme, api_as):
    response = api_as(acme.engineer).get("/framework")
    assert response.status_code == 200
    body = response.json()
    _version, framework = active_framework(acme.org)
    assert body["hash"] == framework.content_hash
    assert [level["id"] for level in body["levels"]] == [level.id for level in framework.levels]
    assert {skill["id"] for skill in body["skills"]} == set(framework.skill_by_id)
    assert {kind["id"] for kind in body["evidence_kinds"]} == set(framework.kind_by_id)
    assert body["scopes"] == list(framework.scopes)


def test_each_skill_carries_its_rubric_by_rating(acme, api_as):
    body = api_as(acme.engineer).get("/framework").json()
    skill = next(s for s in body["skills"] if s["id"] == SKILL.code_review)
    assert set(skill["rubric"]) <= {str(v["value"]) for v in body["rating_scale"]["values"]}
    assert skill["rubric"]


def test_the_framework_needs_authentication(anonymous):
    assert anonymous.get("/framework").status_code == 401
