"""Importing a Monzo-style framework: topics, levels and criteria become a ladders framework."""

from __future__ import annotations

import pytest
import yaml

from ladders.core.engine import assess
from ladders.core.errors import InputError
from ladders.core.framework_loader import framework_from_text
from ladders.core.interchange.monzo import monzo_import
from ladders.core.profile import profile_from_text
from tests.monzo_fixture import MONZO_BROKEN, MONZO_SMALL, SHARED_FILES, source_counts


def _load(text: str, **kwargs):
    return framework_from_text(yaml.safe_dump(monzo_import(text, "tools.md", **kwargs)), "tools.yaml")


def test_criteria_ids_count_plain_criteria_first_then_examples_per_level():
    fw = _load(MONZO_SMALL)
    assert [c.id for c in fw.criteria] == [
        "communication.1.1",
        "communication.1.2",
        "communication.2.1",
        "communication.2.2",
        "communication.3.1",
        "craft.1.1",
        "craft.3.1",
    ]
    assert fw.criterion_by_id["communication.2.2"].examples == ["Suggested a clearer name and said why"]
    assert fw.criterion_by_id["craft.3.1"].level == fw.levels[2].id


def test_topics_become_categories_and_skills_and_levels_get_a_criteria_gate():
    fw = _load(MONZO_SMALL)
    assert [c.name for c in fw.category_list] == ["Communication", "Craft"]
    assert fw.name == "Tools Engineering Framework"
    assert len(fw.levels) == 3 and all(len(level.gates) == 1 for level in fw.levels)
    assert fw.skill_by_id["craft"].rubric[2] == "No Craft criteria at level 2."
    assert all(level.gates[0].rule.criteria.share == 1.0 for level in fw.levels)


def test_the_threshold_becomes_every_gates_share():
    fw = _load(MONZO_SMALL, share=0.5)
    assert {level.gates[0].rule.criteria.share for level in fw.levels} == {0.5}


def test_an_imported_framework_assesses_a_profile_by_its_criteria():
    fw = _load(MONZO_SMALL, share=0.5)
    profile = profile_from_text(
        "name: Kim\nevidence:\n  - {id: pr, kind: example, title: A change, date: 2026-01-05}\n"
        "criteria:\n  communication.1.1: [pr]\n  craft.1.1: []\n  communication.2.1: []\n",
        fw,
    )
    result = assess(fw, profile, as_of=__import__("datetime").date(2026, 2, 1))
    assert result["level"] == fw.levels[1].id
    assert result["gates"][0]["checks"][0]["evidence"] == ["pr"]


def test_every_problem_of_the_source_is_reported_with_its_line():
    with pytest.raises(InputError) as caught:
        monzo_import(MONZO_BROKEN, "broken.md")
    found = {(p.line, p.message.split(" (")[0]) for p in caught.value.problems}
    assert (6, "level must be a number from 1 to 2") in found
    assert (11, "a criterion must be non-empty text") in found
    assert any(line == 13 and "example criterion" in msg for line, msg in found)
    assert any(line == 14 and "listed twice" in msg for line, msg in found)


def test_a_file_without_front_matter_is_refused_at_line_one():
    with pytest.raises(InputError, match="front matter"):
        monzo_import("# just a heading\n", "plain.md")


@pytest.mark.skipif(not SHARED_FILES, reason="the shared public frameworks are not on this machine")
@pytest.mark.parametrize("path", SHARED_FILES, ids=lambda p: p.name)
def test_the_shared_monzo_files_import_with_the_sources_counts(path):
    topics, levels, criteria = source_counts(path)
    fw = framework_from_text(yaml.safe_dump(monzo_import(path.read_text(encoding="utf-8"), path.name)), "x")
    assert (len(fw.category_list), len(fw.levels), len(fw.criteria)) == (topics, levels, criteria)
