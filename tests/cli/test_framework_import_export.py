"""`ladders framework import | export`: ladders in from Monzo's format and out to CSV and back."""

from __future__ import annotations

import re

import pytest

from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_load
from tests.example_files import POINTS_LADDER
from tests.monzo_fixture import MONZO_BROKEN, MONZO_SMALL, SHARED_FILES, source_counts

HASH = re.compile(r"\(sha256:[0-9a-f]{64}\)")


def _hash(ladders, path) -> str:
    result = ladders("framework", "validate", path)
    assert result.exit_code == 0, result.stderr
    found = HASH.search(result.stdout)
    assert found, result.stdout
    return found.group(0)


@pytest.mark.parametrize("path", [DEFAULT_FRAMEWORK, POINTS_LADDER], ids=["ai-engineer", "points-ladder"])
def test_a_framework_survives_a_csv_round_trip_with_the_same_hash(ladders, tmp_path, path):
    table, back = tmp_path / "ladder.csv", tmp_path / "back.yaml"
    assert ladders("framework", "export", path, "--to", "csv", "-o", table).exit_code == 0
    rows = table.read_text(encoding="utf-8").splitlines()
    fw = framework_load(path)
    rubric_rows = [r for r in rows if r.startswith("rubric,")]
    assert len(rubric_rows) == sum(len(s.rubric) for s in fw.skills)
    result = ladders("framework", "import", table, "--from", "csv", "-o", back)
    assert result.exit_code == 0, result.stderr
    assert _hash(ladders, back) == _hash(ladders, path)


def test_an_imported_monzo_framework_round_trips_through_csv_with_criteria_rows(ladders, tmp_path):
    source, imported = tmp_path / "tools.md", tmp_path / "tools.yaml"
    source.write_text(MONZO_SMALL, encoding="utf-8")
    assert ladders("framework", "import", source, "--from", "monzo", "-o", imported).exit_code == 0
    table, back = tmp_path / "tools.csv", tmp_path / "back.yaml"
    ladders("framework", "export", imported, "--to", "csv", "-o", table)
    text = table.read_text(encoding="utf-8")
    assert "criterion,communication.2.2,,communication,level-2,,Gives kind and useful review comments" in text
    assert "example,craft.3.1,,,,,Reviewed the plan with two teams" in text
    ladders("framework", "import", table, "--from", "csv", "-o", back)
    assert _hash(ladders, back) == _hash(ladders, imported)


def test_the_threshold_sets_the_share_and_out_of_range_is_bad_input(ladders, tmp_path, assert_bad_input):
    source, out = tmp_path / "tools.md", tmp_path / "tools.yaml"
    source.write_text(MONZO_SMALL, encoding="utf-8")
    assert ladders("framework", "import", source, "--threshold", "0.75", "-o", out).exit_code == 0
    assert "share: 0.75" in out.read_text(encoding="utf-8")
    assert_bad_input(ladders("framework", "import", source, "--threshold", "1.5"), "--threshold")


def test_a_broken_monzo_file_lists_each_problem_with_its_line_and_writes_nothing(
    ladders, tmp_path, assert_bad_input
):
    source, out = tmp_path / "broken.md", tmp_path / "out.yaml"
    source.write_text(MONZO_BROKEN, encoding="utf-8")
    result = ladders("framework", "import", source, "--from", "monzo", "-o", out)
    assert_bad_input(result, f"{source}:6:")
    assert f"{source}:11:" in result.stderr and f"{source}:14:" in result.stderr
    assert not out.exists()


def test_a_bad_csv_row_is_reported_with_its_line_and_column(ladders, tmp_path, assert_bad_input):
    table = tmp_path / "bad.csv"
    table.write_text(
        "record,id,rating,topic,level,field,value\nfield,,,,,format,1\nrubric,nobody,1,,,,text\n",
        encoding="utf-8",
    )
    assert_bad_input(ladders("framework", "import", table, "--from", "csv"), f"{table}:3:2: id: no skill")


def test_an_imported_monzo_framework_assesses_a_profile(ladders, tmp_path):
    source, fw_path, profile = tmp_path / "tools.md", tmp_path / "tools.yaml", tmp_path / "kim.yaml"
    source.write_text(MONZO_SMALL, encoding="utf-8")
    ladders("framework", "import", source, "--threshold", "0.5", "-o", fw_path)
    profile.write_text(
        "name: Kim\nas_of: 2026-02-01\nevidence:\n"
        "  - {id: pr, kind: example, title: A change, date: 2026-01-05}\n"
        "criteria:\n  communication.1.1: [pr]\n  craft.1.1: []\n  communication.2.1: []\n",
        encoding="utf-8",
    )
    result = ladders("assess", profile, "--framework", fw_path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"level": "level-2"' in result.stdout
    assert "craft.1.1 (self-asserted)" in result.stdout


@pytest.mark.skipif(not SHARED_FILES, reason="the shared public frameworks are not on this machine")
@pytest.mark.parametrize("path", SHARED_FILES, ids=lambda p: p.name)
def test_the_shared_monzo_files_import_validate_and_round_trip(ladders, tmp_path, path):
    out, table, back = tmp_path / "out.yaml", tmp_path / "out.csv", tmp_path / "back.yaml"
    assert ladders("framework", "import", path, "--from", "monzo", "-o", out).exit_code == 0
    topics, levels, criteria = source_counts(path)
    fw = framework_load(out)
    assert (len(fw.category_list), len(fw.levels), len(fw.criteria)) == (topics, levels, criteria)
    ladders("framework", "export", out, "--to", "csv", "-o", table)
    ladders("framework", "import", table, "--from", "csv", "-o", back)
    assert _hash(ladders, back) == _hash(ladders, out)
