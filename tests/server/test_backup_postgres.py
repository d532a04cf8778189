"""`ladders backup` and `ladders restore` on PostgreSQL: pg_dump's format, and the secret key.

Runs in the PostgreSQL pass of the suite (LADDERS_TEST_DATABASE=postgres), on databases of
its own beside the test database, created and dropped here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from ladders.server.backup import Manifest, backup_create
from tests.server.backup_helpers import (
    BATCH,
    SEED,
    VERIFY,
    archive_members,
    django_in,
    ladders,
    login_failures_in_backups_taken_while_writing,
)

pytestmark = pytest.mark.skipif(
    os.environ.get("LADDERS_TEST_DATABASE") != "postgres",
    reason="needs PostgreSQL (LADDERS_TEST_DATABASE=postgres)",
)


def server_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def admin() -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    )


@pytest.fixture(scope="module")
def databases() -> Iterator[Callable[[str], str]]:
    """`databases("src")`: the URL of a new, empty database, dropped at the end."""
    made: list[str] = []

    def create(label: str) -> str:
        name = f"ladders_backup_{os.getpid()}_{label}"
        with admin() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        made.append(name)
        return server_url(name)

    yield create
    with admin() as connection:
        for name in made:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def pg_rows(url: str) -> dict:
    """Every row of every table, and where every sequence stands."""
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        rows = {
            t: sorted(
                connection.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(t))).fetchall(), key=repr
            )
            for t in tables
        }
        sequences = connection.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
    return {"rows": rows, "sequences": sequences}


@pytest.fixture(scope="module")
def live(databases, tmp_path_factory):
    url = databases("src")
    data_dir = tmp_path_factory.mktemp("pg-live") / "data"
    seed = django_in(data_dir, SEED, DATABASE_URL=url)
    return url, data_dir, seed


@pytest.fixture(scope="module")
def backup_file(live, tmp_path_factory):
    url, data_dir, _ = live
    output = tmp_path_factory.mktemp("pg-backups") / "ladders.tar.gz"
    result = ladders("backup", "--data-dir", data_dir, "-o", output, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    return output


def test_the_backup_holds_a_pg_dump_and_the_secret_key(live, backup_file):
    _, data_dir, _ = live
    members = archive_members(backup_file)
    assert list(members) == ["manifest.json", "secret_key", "database.pgdump"]
    manifest = json.loads(members["manifest.json"])
    assert (manifest["engine"], manifest["database"]) == ("postgresql", "database.pgdump")
    assert members["database.pgdump"].startswith(b"PGDMP")  # pg_dump's custom format
    assert members["secret_key"].decode() == (data_dir / "secret_key").read_text().strip()


def test_a_round_trip_gives_back_every_table_row_for_row_and_every_sequence(
    live, backup_file, databases, tmp_path
):
    url, _, seed = live
    target = databases("dst")
    restored = tmp_path / "restored"
    result = ladders("restore", backup_file, "--data-dir", restored, DATABASE_URL=target)
    assert result.returncode == 0, result.stderr

    before, after = pg_rows(url), pg_rows(target)
    assert after == before
    assert len(before["rows"]["accounts_person"]) >= 12
    checked = django_in(restored, VERIFY, json.dumps(seed), DATABASE_URL=target)
    assert checked == {
        "session": {"who": seed["username"]},
        "signed": {"who": seed["username"]},
        "reset": True,
    }


def test_restore_into_a_database_with_tables_is_refused_and_changes_nothing(live, backup_file, tmp_path):
    url, _, _ = live
    before = pg_rows(url)
    result = ladders("restore", backup_file, "--data-dir", tmp_path / "restored", DATABASE_URL=url)
    assert result.returncode == 2
    assert "DATABASE_URL: the database is not empty" in result.stderr
    assert pg_rows(url) == before
    assert not (tmp_path / "restored").exists()


def test_a_postgresql_backup_needs_a_postgresql_target(backup_file, tmp_path):
    result = ladders("restore", backup_file, "--data-dir", tmp_path / "restored")
    assert result.returncode == 2 and "holds a PostgreSQL database: set DATABASE_URL" in result.stderr


def test_a_backup_taken_while_another_connection_writes_is_consistent(backup_file, databases, tmp_path):
    url, data_dir = databases("busy"), tmp_path / "busy"
    assert ladders("restore", backup_file, "--data-dir", data_dir, DATABASE_URL=url).returncode == 0
    writer = psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)

    def write_batch(n: int) -> None:
        with writer.transaction():
            writer.cursor().executemany(
                "INSERT INTO accounts_loginfailure (username, address, created) VALUES (%s, %s, now())",
                [(f"batch-{n}", f"10.2.{n % 250}.{i}") for i in range(BATCH)],
            )

    def take_backup(n: int) -> Manifest:
        return backup_create(
            data_dir=data_dir, output=tmp_path / f"b{n}.tar.gz", database_url=url, secret_key=None
        )

    with writer:
        counts = login_failures_in_backups_taken_while_writing(write_batch, take_backup, backups=4)

    assert len(set(counts)) > 1, "the writer made no progress during the backups"
    assert all((count - 1) % BATCH == 0 for count in counts), counts
