"""Copying a live PostgreSQL database with pg_dump's custom format, and loading it back.

The dump and the row counts recorded beside it come from one exported snapshot, so both
describe the same moment while the server keeps writing. Ownership and grants are left
out, so a backup can be restored into a database owned by another role. The PostgreSQL
client tools (`pg_dump`, `pg_restore`) of the server's version or newer must be on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.abc import Query
from psycopg.conninfo import make_conninfo

from ladders.core.errors import InputError, Problem

SOURCE = "DATABASE_URL"


def _connect(params: dict[str, str]) -> psycopg.Connection:
    try:
        return psycopg.connect(
            dbname=params["NAME"],
            user=params["USER"] or None,
            password=params["PASSWORD"] or None,
            host=params["HOST"] or None,
            port=params["PORT"] or None,
            autocommit=True,
        )
    except psycopg.OperationalError as error:
        raise InputError([Problem(f"cannot connect to PostgreSQL: {error}".strip(), source=SOURCE)]) from None


def _client_env(params: dict[str, str]) -> dict[str, str]:
    """The client tools read the connection from the environment: nothing on the command line."""
    env = dict(os.environ)
    for variable, key in [("PGDATABASE", "NAME"), ("PGUSER", "USER"), ("PGHOST", "HOST"), ("PGPORT", "PORT")]:
        if params[key]:
            env[variable] = params[key]
    if params["PASSWORD"]:
        env["PGPASSWORD"] = params["PASSWORD"]
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise InputError(
            [
                Problem(
                    f"{name} is not on PATH: install the PostgreSQL client tools, "
                    "of the server's version or newer",
                    source=SOURCE,
                )
            ]
        )
    return path


def _tables(connection: psycopg.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [name for (name,) in rows]


def _value(connection: psycopg.Connection, query: Query) -> Any:
    """The one value of a query that always answers one row (a count, a function's result)."""
    row = connection.execute(query).fetchone()
    if row is None:
        raise RuntimeError(f"no row from {query!r}")
    return row[0]


def _counts(connection: psycopg.Connection) -> dict[str, int]:
    return {
        table: _value(connection, sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        for table in _tables(connection)
    }


def postgres_table_counts(params: dict[str, str]) -> dict[str, int]:
    """How many rows each table of the database holds."""
    with _connect(params) as connection:
        return _counts(connection)


def postgres_tables(params: dict[str, str]) -> list[str]:
    """The tables the database already holds (empty for a database fit to restore into)."""
    with _connect(params) as connection:
        return _tables(connection)


def postgres_dump(params: dict[str, str], target: Path) -> dict[str, int]:
    """Dump the database into `target`; its row counts per table, from the same snapshot."""
    pg_dump = _tool("pg_dump")
    with _connect(params) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = _value(connection, "SELECT pg_export_snapshot()")
        if "django_migrations" not in _tables(connection):
            raise InputError([Problem("the database holds no ladders tables", source=SOURCE)])
        counts = _counts(connection)
        result = subprocess.run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=_client_env(params),
            capture_output=True,
            text=True,
        )
        connection.execute("COMMIT")
    if result.returncode != 0:
        raise InputError([Problem(f"pg_dump failed: {result.stderr.strip()}", source=SOURCE)])
    return counts


def postgres_load(params: dict[str, str], dump: Path) -> None:
    """Load a dump into the (empty) database in one transaction: all of it or nothing."""
    pg_restore = _tool("pg_restore")
    result = subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={make_conninfo(dbname=params['NAME'])}",
            str(dump),
        ],
        env=_client_env(params),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise InputError([Problem(f"pg_restore failed: {result.stderr.strip()}", source=SOURCE)])
