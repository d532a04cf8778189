"""What the server keeps on disk is readable by its own user only, whatever the umask.

The database holds password hashes, salaries and token digests, so the data directory is
created 0700 and the database, its WAL and shared-memory files and the secret key are 0600,
under a permissive umask (0o000) as under the usual one (0o022).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from ladders.server.database import database_settings
from ladders.server.datadir import data_dir, secret_key

LADDERS = Path(sys.executable).with_name("ladders")
UMASKS = [0o022, 0o000]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(value: int) -> Iterator[None]:
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def sqlite_connection(django_db_blocker):
    """A real connection made the way the server makes one, to a database in a directory."""

    @contextmanager
    def connect(directory: Path):
        handler = ConnectionHandler({"default": database_settings(None, directory)})
        connection = handler["default"]
        with django_db_blocker.unblock():
            try:
                connection.ensure_connection()
                yield connection
            finally:
                connection.close()

    return connect


@pytest.mark.parametrize("mask", UMASKS, ids=oct)
def test_the_data_directory_is_created_for_its_owner_only(tmp_path, monkeypatch, mask):
    monkeypatch.setenv("LADDERS_DATA_DIR", str(tmp_path / "srv" / "ladders"))
    with umask(mask):
        directory = data_dir()
    assert directory == tmp_path / "srv" / "ladders"
    assert mode(directory) == 0o700


@pytest.mark.parametrize("mask", UMASKS, ids=oct)
def test_the_secret_key_file_is_created_0600(tmp_path, monkeypatch, mask):
    monkeypatch.delenv("LADDERS_SECRET_KEY", raising=False)
    with umask(mask):
        key = secret_key(tmp_path)
    assert key and mode(tmp_path / "secret_key") == 0o600


@pytest.mark.parametrize("mask", UMASKS, ids=oct)
def test_the_database_and_its_wal_and_shared_memory_files_are_0600(tmp_path, sqlite_connection, mask):
    with umask(mask), sqlite_connection(tmp_path) as connection:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE salary (person TEXT, amount INTEGER)")
            cursor.execute("INSERT INTO salary VALUES ('Eve', 123456)")
        files = {p.name: mode(p) for p in tmp_path.iterdir()}
    assert files == {"ladders.sqlite3": 0o600, "ladders.sqlite3-wal": 0o600, "ladders.sqlite3-shm": 0o600}


def test_a_database_left_readable_by_an_older_version_is_closed_on_the_next_start(
    tmp_path, sqlite_connection
):
    database = tmp_path / "ladders.sqlite3"
    database.touch()
    database.chmod(0o644)
    with sqlite_connection(tmp_path) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x)")
        assert mode(database) == 0o600


@pytest.mark.parametrize("mask", UMASKS, ids=oct)
def test_a_server_command_leaves_nothing_readable_by_others(tmp_path, mask):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "LADDERS_DATA_DIR", "LADDERS_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    data = tmp_path / "data"
    result = subprocess.run(
        [str(LADDERS), "user", "add", "Ada Admin", "--role", "admin", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        preexec_fn=lambda: os.umask(mask),
    )
    assert result.returncode == 0, result.stderr
    assert mode(data) == 0o700
    private = [p for p in data.iterdir() if p.is_file()]
    assert {p.name for p in private} >= {"ladders.sqlite3", "secret_key"}
    assert {p.name: mode(p) for p in private} == {p.name: 0o600 for p in private}
