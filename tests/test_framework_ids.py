"""tests/framework_ids.py names every id of the default framework, and nothing else.

Levels, checks, skills and evidence kinds are spelled once, in the framework's YAML; the
server and CLI tests reach them by name, and a name the framework does not have fails with
the file and the names it does have.
"""

from __future__ import annotations

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
