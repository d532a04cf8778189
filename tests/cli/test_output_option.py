"""`-o FILE`: the report is written whole or not at all, and a bad path is bad input, not a bug."""

from __future__ import annotations

import errno
import os
import stat

from tests.example_files import SAM


def test_output_into_a_missing_folder_is_refused_and_creates_nothing(ladders, assert_bad_input, tmp_path):
    target = tmp_path / "reports" / "sam.html"

    assert_bad_input(ladders("assess", SAM, "--format", "html", "-o", target), str(target), "--output")
    assert list(tmp_path.iterdir()) == []


def test_bad_input_leaves_no_output_file_behind(ladders, broken_copy, tmp_path):
    profile = broken_copy(SAM, "  rag_systems: 3", "  rag_systems: 7")
    target = tmp_path / "sam.html"

    result = ladders("assess", profile, "--format", "html", "-o", target)

    assert result.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [profile.name]


def test_a_failed_write_leaves_neither_the_report_nor_a_temporary_file(ladders, tmp_path, monkeypatch):
    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)

    result = ladders("assess", SAM, "-o", tmp_path / "sam.txt", catch_exceptions=True)

    assert result.exit_code != 0
    assert list(tmp_path.iterdir()) == []


def test_output_replaces_an_existing_file_whole(ladders, tmp_path):
    target = tmp_path / "sam.json"
    target.write_text("old report " * 10_000, encoding="utf-8")

    result = ladders("assess", SAM, "--format", "json", "-o", target)

    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("{")
    assert "old report" not in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["sam.json"]


def test_output_naming_an_existing_folder_is_bad_input(ladders, assert_bad_input, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()

    result = ladders("assess", SAM, "-o", folder, catch_exceptions=True)

    assert_bad_input(result, str(folder), "--output")
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_a_written_report_gets_the_permissions_of_any_new_file(ladders, tmp_path):
    previous = os.umask(0o022)
    try:
        result = ladders("assess", SAM, "--format", "html", "-o", tmp_path / "sam.html")
    finally:
        os.umask(previous)

    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "sam.html").stat().st_mode) == 0o644
