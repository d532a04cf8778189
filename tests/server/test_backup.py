"""`ladders backup` and `ladders restore` on SQLite: a faithful, private, consistent copy.

A backup holds the database and the secret key. Restoring it gives back every table row
for row, and sessions, signed values and reset links made before still validate. Restore
goes only into a missing or empty folder; anything else is refused with exit 2 and
nothing written. The PostgreSQL round trip is in test_backup_postgres.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from ladders.server.backup import Manifest, backup_create, backup_restore
from tests.server.backup_helpers import (
    BATCH,
    SEED,
    VERIFY,
    archive_members,
    archive_rewrite,
    django_in,
    folder_state,
    ladders,
    login_failures_in_backups_taken_while_writing,
    sqlite_rows,
)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> tuple[Path, dict]:
    """A data directory with the demo organisation in it, and what was signed with its key."""
    data_dir = tmp_path_factory.mktemp("live") / "data"
    seed = django_in(data_dir, SEED)
    return data_dir, seed


@pytest.fixture(scope="module")
def backup_file(live, tmp_path_factory) -> Path:
    data_dir, _ = live
    output = tmp_path_factory.mktemp("backups") / "ladders.tar.gz"
    result = ladders("backup", "--data-dir", data_dir, "-o", output)
    assert result.returncode == 0, result.stderr
    assert f"wrote {output}: sqlite database" in result.stderr
    return output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_round_trip_gives_back_every_table_row_for_row(live, backup_file, tmp_path):
    data_dir, _ = live
    restored = tmp_path / "restored"
    result = ladders("restore", backup_file, "--data-dir", restored)
    assert result.returncode == 0, result.stderr
    assert f"into {restored}" in result.stdout

    before, after = sqlite_rows(data_dir / "ladders.sqlite3"), sqlite_rows(restored / "ladders.sqlite3")
    assert after == before
    assert len(before["rows"]["accounts_person"]) >= 12 and before["rows"]["leveling_evidence"]


def test_the_restored_secret_key_still_validates_sessions_signed_values_and_reset_links(
    live, backup_file, tmp_path
):
    data_dir, seed = live
    restored = tmp_path / "restored"
    assert ladders("restore", backup_file, "--data-dir", restored).returncode == 0

    assert (restored / "secret_key").read_text() == (data_dir / "secret_key").read_text()
    checked = django_in(restored, VERIFY, json.dumps(seed))
    assert checked == {
        "session": {"who": seed["username"]},
        "signed": {"who": seed["username"]},
        "reset": True,
    }


def test_the_backup_holds_a_manifest_the_database_and_the_secret_key(live, backup_file):
    data_dir, _ = live
    members = archive_members(backup_file)
    assert list(members) == ["manifest.json", "secret_key", "database.sqlite3"]
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == "ladders-backup" and manifest["format_version"] == 1
    assert (manifest["engine"], manifest["database"]) == ("sqlite", "database.sqlite3")
    assert manifest["ladders_version"] and manifest["created"].endswith("Z")
    assert manifest["tables"]["accounts_person"] == len(
        sqlite_rows(data_dir / "ladders.sqlite3")["rows"]["accounts_person"]
    )
    assert members["secret_key"].decode() == (data_dir / "secret_key").read_text().strip()


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=oct)
def test_backup_files_are_0600_whatever_the_umask(live, tmp_path, mask):
    data_dir, _ = live
    output = tmp_path / "b.tar.gz"
    assert ladders("backup", "--data-dir", data_dir, "-o", output, umask=mask).returncode == 0
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["b.tar.gz"]  # no scratch files left behind


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=oct)
def test_a_restored_folder_is_private(backup_file, tmp_path, mask):
    restored = tmp_path / "restored"
    assert ladders("restore", backup_file, "--data-dir", restored, umask=mask).returncode == 0
    assert stat.S_IMODE(restored.stat().st_mode) == 0o700
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in restored.iterdir()} == {
        "ladders.sqlite3": 0o600,
        "secret_key": 0o600,
    }


def test_restore_into_a_folder_with_anything_in_it_is_refused_and_changes_nothing(backup_file, tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = ladders("restore", backup_file, "--data-dir", folder)
    assert result.returncode == 2
    assert "the folder is not empty (it holds notes.txt)" in result.stderr
    assert folder_state(folder) == {"notes.txt": b"keep me"}
    assert [p.name for p in tmp_path.iterdir()] == ["busy"]


def test_restore_over_a_live_data_directory_is_refused(live, backup_file):
    data_dir, _ = live
    before = digest(data_dir / "ladders.sqlite3")
    result = ladders("restore", backup_file, "--data-dir", data_dir)
    assert result.returncode == 2 and "is not empty" in result.stderr
    assert digest(data_dir / "ladders.sqlite3") == before


def test_restore_into_an_existing_empty_folder_works(backup_file, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert ladders("restore", backup_file, "--data-dir", folder).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == ["ladders.sqlite3", "secret_key"]


def test_a_backup_taken_while_another_connection_writes_is_consistent(live, tmp_path):
    data_dir, _ = live
    busy = tmp_path / "busy"
    busy.mkdir()
    for name in ["ladders.sqlite3", "secret_key"]:
        (busy / name).write_bytes((data_dir / name).read_bytes())
    writer = sqlite3.connect(
        busy / "ladders.sqlite3", timeout=20, isolation_level=None, check_same_thread=False
    )
    writer.execute("PRAGMA journal_mode=WAL")

    def write_batch(n: int) -> None:
        rows = [(f"batch-{n}", f"10.1.{n % 250}.{i}", "2026-01-01 00:00:00") for i in range(BATCH)]
        writer.execute("BEGIN IMMEDIATE")
        writer.executemany(
            "INSERT INTO accounts_loginfailure (username, address, created) VALUES (?, ?, ?)", rows
        )
        writer.execute("COMMIT")

    def take_backup(n: int) -> Manifest:
        return backup_create(
            data_dir=busy, output=tmp_path / f"b{n}.tar.gz", database_url=None, secret_key=None
        )

    with closing(writer):
        counts = login_failures_in_backups_taken_while_writing(write_batch, take_backup, backups=6)

    assert len(set(counts)) > 1, "the writer made no progress during the backups"
    assert all((count - 1) % BATCH == 0 for count in counts), counts  # one seeded row, then whole batches
    restored = tmp_path / "restored"
    backup_restore(archive=tmp_path / "b5.tar.gz", data_dir=restored, database_url=None)
    with closing(sqlite3.connect(restored / "ladders.sqlite3")) as copy:
        sizes = copy.execute(
            "SELECT count(*) FROM accounts_loginfailure WHERE username LIKE 'batch-%' GROUP BY username"
        ).fetchall()
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert sizes and set(sizes) == {(BATCH,)}


# -- refusals ---------------------------------------------------------------------------------


def test_backup_of_a_folder_without_a_database_is_refused_and_creates_nothing(tmp_path):
    result = ladders("backup", "--data-dir", tmp_path / "nothing", "-o", tmp_path / "b.tar.gz")
    assert result.returncode == 2 and "is this the server's data directory?" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_backup_to_a_missing_folder_is_refused(live, tmp_path):
    data_dir, _ = live
    result = ladders("backup", "--data-dir", data_dir, "-o", tmp_path / "no" / "b.tar.gz")
    assert result.returncode == 2 and "--output: the folder does not exist" in result.stderr


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(os.urandom(2048))
    result = ladders("restore", junk, "--data-dir", tmp_path / "restored")
    assert result.returncode == 2
    assert f"error: {junk}: not a ladders backup" in result.stderr
    assert not (tmp_path / "restored").exists()


def test_a_truncated_backup_is_refused_and_nothing_is_written(backup_file, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    data = backup_file.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    result = ladders("restore", cut, "--data-dir", tmp_path / "restored")
    assert result.returncode == 2 and "truncated or damaged" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.tar.gz"]


def test_a_backup_from_a_newer_format_is_refused(backup_file, tmp_path):
    newer = tmp_path / "newer.tar.gz"
    archive_rewrite(backup_file, newer, format_version=2, ladders_version="9.0.0")
    result = ladders("restore", newer, "--data-dir", tmp_path / "restored")
    assert result.returncode == 2
    assert "manifest.json: made by a newer ladders (ladders 9.0.0, backup format 2" in result.stderr


def test_a_database_that_does_not_match_its_manifest_is_refused_and_nothing_is_written(backup_file, tmp_path):
    tables = json.loads(archive_members(backup_file)["manifest.json"])["tables"]
    tampered = tmp_path / "tampered.tar.gz"
    archive_rewrite(backup_file, tampered, tables={**tables, "accounts_person": 1})
    result = ladders("restore", tampered, "--data-dir", tmp_path / "restored")
    assert result.returncode == 2
    assert "does not match the manifest (tables accounts_person)" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tampered.tar.gz"]


def test_a_sqlite_backup_is_not_restored_into_postgresql(backup_file, tmp_path):
    result = ladders(
        "restore", backup_file, "--data-dir", tmp_path / "r", DATABASE_URL="postgres://nobody@127.0.0.1:1/x"
    )
    assert result.returncode == 2 and "holds a SQLite database" in result.stderr
    assert not (tmp_path / "r").exists()


def test_a_data_directory_whose_path_has_uri_characters_backs_up_and_restores(live, tmp_path):
    data_dir, _ = live
    odd = tmp_path / "data #1?mode=rw%20"
    odd.mkdir()
    for name in ["ladders.sqlite3", "secret_key"]:
        (odd / name).write_bytes((data_dir / name).read_bytes())
    output = tmp_path / "b.tar.gz"
    assert ladders("backup", "--data-dir", odd, "-o", output).returncode == 0
    assert ladders("restore", output, "--data-dir", tmp_path / "again #2?").returncode == 0
    assert sqlite_rows(tmp_path / "again #2?" / "ladders.sqlite3") == sqlite_rows(odd / "ladders.sqlite3")
