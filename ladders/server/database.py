"""Which database the server uses: SQLite in the data directory, or PostgreSQL by URL.

Backups read the same definitions, so a backup is taken from, and restored into, exactly
the database the server would open.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ladders.core.errors import InputError, Problem
from ladders.server.datadir import database_file

POSTGRES_SCHEMES = frozenset({"postgres", "postgresql"})


def postgres_params(url: str) -> dict[str, str]:
    """NAME, USER, PASSWORD, HOST and PORT from `postgres://user:password@host:port/name`."""
    parsed = urlparse(url)
    if parsed.scheme not in POSTGRES_SCHEMES:
        raise InputError(
            [Problem(f"DATABASE_URL: unsupported scheme '{parsed.scheme}' (use postgres://)", "environment")]
        )
    return {
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
    }


def database_settings(url: str | None, directory: Path) -> dict[str, Any]:
    """Django's settings for the default database; creates an empty, private SQLite file."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(database_file(directory)),
            "OPTIONS": {
                # WAL lets readers proceed while a check-in is being written.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Each server thread keeps its connection: opening one (the file, the pragmas
            # above, the schema) costs more than a whole API request that reads a stored result.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    return {
        "ENGINE": "django.db.backends.postgresql",
        **postgres_params(url),
        "CONN_MAX_AGE": 60,
        "TEST": {"NAME": os.environ.get("LADDERS_TEST_DB_NAME", "test_ladders")},
    }
