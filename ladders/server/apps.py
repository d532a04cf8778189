"""The server itself as an app, so it can watch database connections being made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _protect_sqlite_files(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Keep a SQLite database and its WAL files private (see ladders.server.datadir)."""
    from ladders.server.datadir import sqlite_files_protect

    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db() or not name:
        return
    sqlite_files_protect(Path(name))


class ServerConfig(AppConfig):
    name = "ladders.server"
    label = "server"

    def ready(self) -> None:
        connection_created.connect(_protect_sqlite_files, dispatch_uid="ladders-private-sqlite-files")
