"""Copying a live SQLite database with SQLite's online backup API.

The copy is taken in one step under a read transaction, so it is the database as it was
at one moment, however many writers the server has at the time: WAL mode lets them go on
writing while it is read.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from ladders.core.errors import InputError, Problem

BUSY_TIMEOUT_SECONDS = 20


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)


def sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    """Every table of the database except SQLite's own, by name."""
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [name for (name,) in rows]


def sqlite_table_counts(path: Path) -> dict[str, int]:
    """How many rows each table of the database at `path` holds."""
    with closing(_connect(path)) as connection:
        return {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in sqlite_tables(connection)
        }


def sqlite_is_ladders_database(path: Path) -> bool:
    """True when `path` is a SQLite database that ladders has migrated."""
    try:
        # A read-only URI, percent-encoded by as_uri(), so a '?' or '#' in the path is a name.
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            return "django_migrations" in sqlite_tables(connection)
    except sqlite3.DatabaseError:
        return False


def sqlite_dump(database: Path, target: Path) -> dict[str, int]:
    """Copy `database` into the new file `target`; the copy's row counts per table.

    The copy is switched out of WAL mode so that it is one self-contained file.
    """
    with closing(_connect(database)) as source, closing(_connect(target)) as copy:
        source.backup(copy)  # pages=-1: the whole database in one step, one snapshot
        copy.execute("PRAGMA journal_mode=DELETE")
    sqlite_check(target, source=str(database))
    return sqlite_table_counts(target)


def sqlite_check(path: Path, *, source: str) -> None:
    """Refuse a database file that SQLite finds damaged."""
    try:
        with closing(_connect(path)) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        verdict = str(error)
    if verdict != "ok":
        raise InputError([Problem(f"the database is damaged ({verdict})", source=source)])
