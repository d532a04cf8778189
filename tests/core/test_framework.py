"""The default framework holds the spec's ladder, and its content hash identifies it."""

from __future__ import annotations

from collections import Counter

import yaml

from ladders.core.framework_loader import (
    DEFAULT_FRAMEWORK,
    default_framework,
    framework_from_text,
    framework_load,
)

TEXT = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")

SKILLS = {
    "ai": [
        "ml_fundamentals", "data_pipelines", "supervised_learning", "model_fine_tuning",
        "llm_api_integration", "rag_systems", "production_ai_architecture", "llm_deployment",
        "vector_databases", "model_hosting", "agent_workflows", "ai_platform_engineering", "ai_strategy",
    ],
    "frontend": [
        "ui_architecture", "accessibility", "frontend_performance", "streaming_interfaces",
        "frontend_testing",
    ],
    "backend": [
        "api_design", "data_modeling", "error_handling", "input_validation", "concurrency", "caching",
        "authn_authz",
    ],
    "infrastructure": [
        "infrastructure_as_code", "containers_orchestration", "networking", "database_operations",
        "gpu_serving_infrastructure", "cloud_cost_management",
    ],
    "devops": [
        "ci_cd", "observability", "incident_response", "release_management", "reliability_engineering",
        "supply_chain_security",
    ],
    "cross_cutting": [
        "testable_code", "code_review", "documentation", "hallucination_mitigation",
        "happy_path_bias_mitigation", "constraint_blindness_mitigation", "security_practices",
    ],
}  # fmt: skip

GATES = {
    "junior": [],
    "mid": ["mid.shipped", "mid.outcome", "mid.debugging", "mid.fundamentals", "mid.ai_core"],
    "senior": [
        "senior.ownership", "senior.adr", "senior.review", "senior.mentoring", "senior.production_ai",
        "senior.fundamentals",
    ],
    "staff": [
        "staff.cross_team", "staff.platform", "staff.influence", "staff.llm_failure_modes",
        "staff.platform_skills",
    ],
    "principal": ["principal.roadmap", "principal.standards", "principal.hiring", "principal.strategy"],
}  # fmt: skip


def test_the_default_framework_is_the_ai_engineer_ladder(fw):
    assert (fw.id, fw.name, fw.format) == ("ai-engineer", "AI engineer ladder", 1)
    assert framework_load().content_hash == default_framework().content_hash


def test_it_has_the_five_levels_in_order(fw):
    assert [(lv.id, lv.name) for lv in fw.levels] == [
        ("junior", "Junior"),
        ("mid", "Mid"),
        ("senior", "Senior"),
        ("staff", "Staff"),
        ("principal", "Principal"),
    ]
    assert [lv.experience_years for lv in fw.levels] == [[0, 2], [2, 5], [5, 8], [8, None], [10, None]]


def test_it_has_44_skills_13_ai_and_31_engineering_excellence(fw):
    by_category = {category: [s.id for s in fw.skills if s.category == category] for category in SKILLS}

    assert len(fw.skills) == 44
    assert by_category == SKILLS
    assert Counter(s.category for s in fw.skills) == {
        "ai": 13, "frontend": 5, "backend": 7, "infrastructure": 6, "devops": 6, "cross_cutting": 7,
    }  # fmt: skip


def test_every_skill_has_a_description_and_a_rubric_line_for_ratings_one_to_four(fw):
    for skill in fw.skills:
        assert skill.description, skill.id
        assert sorted(skill.rubric) == [1, 2, 3, 4], skill.id
        assert len(set(skill.rubric.values())) == 4, skill.id


def test_the_rating_scale_is_zero_to_four(fw):
    assert [(v.value, v.name) for v in fw.rating_scale.values] == [
        (0, "none"),
        (1, "learning"),
        (2, "working"),
        (3, "independent"),
        (4, "leading"),
    ]


def test_code_review_at_three_includes_the_triple_pass_loop(fw):
    assert "triple-pass" in fw.skill_by_id["code_review"].rubric[3]


def test_it_has_16_evidence_kinds_of_which_course_certification_and_paper_are_learning(fw):
    assert len(fw.evidence_kinds) == 16
    assert [k.id for k in fw.evidence_kinds if k.type == "learning"] == ["course", "certification", "paper"]
    assert [k.id for k in fw.evidence_kinds if k.has_users] == ["shipped_project"]


def test_scopes_are_ordered_smallest_first(fw):
    assert fw.scopes == ["individual", "feature", "team", "multi_team", "org", "company"]


def test_gate_ids_are_exactly_the_specs(fw):
    assert {lv.id: [g.id for g in lv.gates] for lv in fw.levels} == GATES


def test_every_gate_has_a_title_and_an_action(fw):
    for level in fw.levels:
        for gate in level.gates:
            assert gate.title and gate.action, gate.id


def test_the_maturity_model_has_eight_phases_five_levels_and_needs_six_phases(fw):
    assert fw.maturity.min_phases == 6
    assert [p.id for p in fw.maturity.phases] == [
        "planning", "design", "coding", "code_review", "testing", "deployment", "operations", "documentation",
    ]  # fmt: skip
    assert [(m.name, m.supports_level) for m in fw.maturity.levels] == [
        ("Reactive", "junior"),
        ("Experimental", "mid"),
        ("Intentional", "senior"),
        ("Strategic", "staff"),
        ("AI-First", "principal"),
    ]


def test_pitfalls_are_the_specs_four(fw):
    assert [p.id for p in fw.pitfalls] == [
        "theory_without_shipping",
        "no_measurable_outcome",
        "no_time_on_next_level_work",
        "org_ceiling",
    ]


# --- content hash -----------------------------------------------------------------------


def test_the_content_hash_is_a_sha256(fw):
    assert fw.content_hash.startswith("sha256:")
    assert len(fw.content_hash) == len("sha256:") + 64


def test_the_content_hash_is_stable_across_loads(fw):
    assert framework_from_text(TEXT).content_hash == fw.content_hash
    assert framework_load(DEFAULT_FRAMEWORK).content_hash == fw.content_hash


def test_the_content_hash_ignores_comments_whitespace_and_layout(fw):
    data = yaml.safe_load(TEXT)
    reformatted = "# a comment\n\n" + yaml.safe_dump(data, sort_keys=True, indent=4, width=60)

    assert reformatted != TEXT
    assert framework_from_text(reformatted).content_hash == fw.content_hash


def test_the_content_hash_changes_when_a_gate_changes(fw):
    stricter = TEXT.replace(
        "evidence: {kinds: [shipped_project], min: 2, users: real}",
        "evidence: {kinds: [shipped_project], min: 3, users: real}",
    )

    assert stricter != TEXT
    assert framework_from_text(stricter).content_hash != fw.content_hash


def test_the_content_hash_changes_when_text_people_read_changes(fw):
    renamed = TEXT.replace("name: AI engineer ladder", "name: AI engineering ladder")

    assert framework_from_text(renamed).content_hash != fw.content_hash


def test_every_result_carries_the_framework_id_version_and_hash(fw, profile_data, assess_data):
    result = assess_data(profile_data("mid"))

    assert result["framework"] == {
        "id": "ai-engineer",
        "name": "AI engineer ladder",
        "version": "2026.1",
        "hash": fw.content_hash,
    }
