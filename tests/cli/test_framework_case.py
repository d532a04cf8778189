"""CASE 1.1 export and import: ladders out and back with the same hash, and plain CASE in."""

from __future__ import annotations

import json

import pytest

from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_load
from tests.case_fixture import plain_case_package
from tests.cli.test_framework_import_export import _hash
from tests.example_files import POINTS_LADDER
from tests.monzo_fixture import MONZO_SMALL


@pytest.mark.parametrize("path", [DEFAULT_FRAMEWORK, POINTS_LADDER], ids=["ai-engineer", "points-ladder"])
def test_a_framework_survives_a_case_round_trip_with_the_same_hash(ladders, tmp_path, path):
    package, back = tmp_path / "ladder.json", tmp_path / "back.yaml"
    assert ladders("framework", "export", path, "--to", "case", "-o", package).exit_code == 0
    result = ladders("framework", "import", package, "--from", "case", "-o", back)
    assert result.exit_code == 0, result.stderr
    assert _hash(ladders, back) == _hash(ladders, path)


def test_the_package_has_the_case_parts_and_one_rubric_level_per_rating(ladders, tmp_path):
    package = tmp_path / "ladder.json"
    ladders("framework", "export", DEFAULT_FRAMEWORK, "--to", "case", "-o", package)
    data = json.loads(package.read_text(encoding="utf-8"))
    fw = framework_load(DEFAULT_FRAMEWORK)
    assert data["CFDocument"]["title"] == fw.name and data["CFDocument"]["caseVersion"] == "1.1"
    types = [item["CFItemType"] for item in data["CFItems"]]
    assert types.count("Skill") == len(fw.skills) and types.count("Category") == len(fw.category_list)
    criteria = data["CFRubrics"][0]["CFRubricCriteria"]
    assert len(criteria) == len(fw.skills)
    skill = fw.skills[0]
    first = next(c for c in criteria if c["CFItemURI"]["title"] == skill.name)
    assert [level["score"] for level in first["CFRubricCriterionLevels"]] == list(skill.rubric)
    assert {a["associationType"] for a in data["CFAssociations"]} == {"isChildOf"}
    assert "levels" in data["extensions"]["ladders"]["framework"]


def test_a_checklist_framework_carries_its_criteria_and_examples_as_items(ladders, tmp_path):
    source, fw_path, package, back = (tmp_path / n for n in ("t.md", "t.yaml", "t.json", "back.yaml"))
    source.write_text(MONZO_SMALL, encoding="utf-8")
    ladders("framework", "import", source, "-o", fw_path)
    ladders("framework", "export", fw_path, "--to", "case", "-o", package)
    data = json.loads(package.read_text(encoding="utf-8"))
    criteria = [i for i in data["CFItems"] if i["CFItemType"] == "Criterion"]
    assert [c["humanCodingScheme"] for c in criteria][:2] == ["communication.1.1", "communication.1.2"]
    assert sum(i["CFItemType"] == "Example" for i in data["CFItems"]) == 3
    assert "isPartOf" in {a["associationType"] for a in data["CFAssociations"]}
    ladders("framework", "import", package, "--from", "case", "-o", back)
    assert _hash(ladders, back) == _hash(ladders, fw_path)


def test_a_plain_case_package_becomes_skills_with_rubrics(ladders, tmp_path):
    package, out = tmp_path / "plain.json", tmp_path / "plain.yaml"
    package.write_text(plain_case_package(), encoding="utf-8")
    result = ladders("framework", "import", package, "--from", "case", "-o", out)
    assert result.exit_code == 0, result.stderr
    fw = framework_load(out)
    assert [s.name for s in fw.skills] == ["Reading charts", "Writes a query that answers a question"]
    assert [c.name for c in fw.category_list] == ["Working with data"]
    assert (fw.rating_scale.min, fw.rating_scale.max) == (0, 3)
    assert fw.skills[0].rubric[3] == "Spots a misleading scale"
    assert fw.rating_name(2) == "Secure"


def test_a_broken_case_package_names_the_line(ladders, tmp_path, assert_bad_input):
    text = plain_case_package().replace('"CFItemURI"', '"CFItemURL"', 1)
    package = tmp_path / "broken.json"
    package.write_text(text, encoding="utf-8")
    opening = next(n for n, row in enumerate(text.splitlines(), start=1) if '"e0000001-' in row) - 1
    result = ladders("framework", "import", package, "--from", "case")
    assert_bad_input(
        result, f"{package}:{opening}:", "CFRubrics[0].CFRubricCriteria[0]", "'CFItemURI' is missing"
    )
