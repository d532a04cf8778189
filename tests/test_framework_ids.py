"""tests/framework_ids.py names every id of the default framework, and nothing else.

Levels, checks, skills and evidence kinds are spelled once, in the framework's YAML; the
server and CLI tests reach them by name, and a name the framework does not have fails with
the file and the names it does have.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.framework_ids import CHECK, KIND, LEVEL, SKILL


def test_each_namespace_holds_the_default_frameworks_ids_in_its_order(fw):
    assert list(LEVEL) == [level.id for level in fw.levels]
    assert list(CHECK) == [gate.id for level in fw.levels for gate in level.gates]
    assert list(SKILL) == [skill.id for skill in fw.skills]
    assert list(KIND) == [kind.id for kind in fw.evidence_kinds]


def test_a_check_is_named_by_its_id_with_the_dot_made_an_underscore(fw):
    assert CHECK.mid_outcome == "mid.outcome" == fw.levels[1].gates[1].id
    assert LEVEL.mid == "mid" and SKILL.rag_systems == "rag_systems" and KIND.adr == "adr"


def test_a_name_the_framework_lacks_fails_with_the_file_and_the_names_it_has():
    with pytest.raises(AttributeError) as refused:
        _ = CHECK.mid_outcomes

    message = str(refused.value)
    assert "ai-engineer.yaml has no check 'mid_outcomes'" in message
    assert "mid_outcome" in message and "principal_strategy" in message


def test_the_ids_cannot_be_changed_by_a_test():
    with pytest.raises(AttributeError, match="come from the framework"):
        LEVEL.mid = "middle"
    assert LEVEL.mid == "mid"


# Core tests check the engine, often on frameworks of their own, and keep their ids.
TESTS = Path(__file__).resolve().parent
OWN_IDS = {TESTS / "core", TESTS / "framework_ids.py", Path(__file__).resolve()}
# Strings that equal a framework id but are a test's own name for something: (module, string).
NOT_FRAMEWORK_IDS = {
    ("minimum_profiles.py", "adr"): "the evidence id of the minimum profile's ADR",
    ("minimum_profiles.py", "mentoring"): "the evidence id of the minimum profile's mentoring",
}


def test_server_and_cli_tests_name_framework_ids_instead_of_typing_them():
    ids = set(LEVEL) | set(CHECK) | set(SKILL) | set(KIND)
    typed = []
    for path in sorted(TESTS.rglob("*.py")):
        if any(path == own or own in path.parents for own in OWN_IDS):
            continue
        module = str(path.relative_to(TESTS))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and node.value in ids
                and (module, node.value) not in NOT_FRAMEWORK_IDS
            ):
                typed.append(f"tests/{module}:{node.lineno} types {node.value!r}")

    assert typed == [], "name it from tests.framework_ids (LEVEL.mid, CHECK.mid_outcome, SKILL..., KIND...)"
