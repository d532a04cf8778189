"""Backing up a ladders server, and restoring it: the database and the secret key in one file.

A backup is a gzip-compressed tar archive with three members:

  manifest.json     what the file holds: format and its version, database engine, when it
                    was made, by which ladders, and the row count of every table
  secret_key        the key sessions, password-reset links and signed values depend on
  database.sqlite3  a copy made with SQLite's online backup API (SQLite), or
  database.pgdump   a `pg_dump --format=custom` dump (PostgreSQL)

Both copies are consistent while the server runs. A restore goes only into a data directory
that is missing or empty, and for PostgreSQL into a database without tables; anything else
is refused before a byte is written. The restored database is checked against the
manifest's row counts before it is put in place. Nothing here needs Django, so a backup
never migrates or otherwise changes what it copies.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from ladders import __version__
from ladders.core import limits
from ladders.core.errors import InputError, Problem
from ladders.server.backup_postgres import (
    postgres_dump,
    postgres_load,
    postgres_table_counts,
    postgres_tables,
)
from ladders.server.backup_sqlite import (
    sqlite_check,
    sqlite_dump,
    sqlite_is_ladders_database,
    sqlite_table_counts,
)
from ladders.server.database import postgres_params
from ladders.server.datadir import DATABASE_FILE, SECRET_KEY_FILE, private_file_open

FORMAT = "ladders-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SECRET_KEY_MEMBER = "secret_key"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; stored as `manifest.json` at the start of the archive."""

    engine: str
    created: str
    ladders_version: str
    tables: dict[str, int]
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def database(self) -> str:
        """The archive member holding the database."""
        return DATABASE_MEMBER[self.engine]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def summary(self) -> str:
        return f"{self.engine} database, {len(self.tables)} tables, {self.rows} rows, and the secret key"

    def as_json(self) -> bytes:
        return json.dumps({**asdict(self), "database": self.database}, indent=2, sort_keys=True).encode()


@dataclass(frozen=True)
class Target:
    """Where a server keeps its data: the data directory and, with DATABASE_URL, PostgreSQL."""

    data_dir: Path
    postgres: dict[str, str] | None

    @classmethod
    def of(cls, data_dir: Path, database_url: str | None) -> Target:
        return cls(data_dir.expanduser().resolve(), postgres_params(database_url) if database_url else None)

    @property
    def engine(self) -> str:
        return "sqlite" if self.postgres is None else "postgresql"

    @property
    def sqlite_file(self) -> Path:
        return self.data_dir / DATABASE_FILE


def _problem(message: str, source: Path | str, field: str = "") -> InputError:
    return InputError([Problem(message, source=str(source), field=field)])


# -- making a backup -------------------------------------------------------------------------


def backup_create(
    *, data_dir: Path, output: Path, database_url: str | None, secret_key: str | None
) -> Manifest:
    """Write a backup of the server at `data_dir` (and `database_url`) to `output`, mode 0600.

    `secret_key` is the key from the environment, when set there; otherwise the data
    directory's key file is backed up. The file appears complete or not at all.
    """
    target = Target.of(data_dir, database_url)
    key = _secret_key_of(target.data_dir, secret_key)
    out = _output_path(output)
    if target.postgres is None and not sqlite_is_ladders_database(target.sqlite_file):
        raise _problem("no ladders database here: is this the server's data directory?", target.data_dir)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".ladders-backup-") as scratch:
        dump = Path(scratch) / DATABASE_MEMBER[target.engine]
        if target.postgres is None:
            tables = sqlite_dump(target.sqlite_file, dump)
        else:
            tables = postgres_dump(target.postgres, dump)
        manifest = Manifest(
            engine=target.engine,
            created=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            ladders_version=__version__,
            tables=tables,
        )
        partial = Path(scratch) / "backup.tar.gz"
        _archive_write(partial, manifest=manifest, key=key, dump=dump)
        os.replace(partial, out)
    return manifest


def _secret_key_of(data_dir: Path, from_env: str | None) -> str:
    if from_env:
        return from_env
    key_file = data_dir / SECRET_KEY_FILE
    if not key_file.is_file():
        raise _problem(
            "no secret key here (secret_key): is this the server's data directory?", data_dir, "--data-dir"
        )
    return key_file.read_text(encoding="utf-8").strip()


def _output_path(output: Path) -> Path:
    out = output.expanduser().resolve()
    if out.is_dir():
        raise _problem("this is a folder; name a file to write", output, "--output")
    if not out.parent.is_dir():
        raise _problem("the folder does not exist", output, "--output")
    return out


def _archive_write(path: Path, *, manifest: Manifest, key: str, dump: Path) -> None:
    mtime = datetime.now(UTC).timestamp()
    with (
        os.fdopen(private_file_open(path), "wb") as raw,
        tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
    ):
        _add(tar, MANIFEST, manifest.as_json(), mtime)
        _add(tar, SECRET_KEY_MEMBER, key.encode(), mtime)
        with dump.open("rb") as data:
            _add(tar, manifest.database, data, mtime, size=dump.stat().st_size)


def _add(tar: tarfile.TarFile, name: str, data: bytes | IO[bytes], mtime: float, size: int = 0) -> None:
    info = tarfile.TarInfo(name)
    info.mode, info.mtime = 0o600, mtime
    if isinstance(data, bytes):
        info.size, data = len(data), io.BytesIO(data)
    else:
        info.size = size
    tar.addfile(info, data)


# -- restoring it ----------------------------------------------------------------------------


def backup_restore(*, archive: Path, data_dir: Path, database_url: str | None) -> Manifest:
    """Restore `archive` into the missing or empty `data_dir` (and the empty `database_url`)."""
    target = Target.of(data_dir, database_url)
    with _archive_open(archive) as tar:
        manifest = _manifest_read(tar, archive)
        key = _text_member(tar, SECRET_KEY_MEMBER, archive)
        _engine_check(manifest, target, archive)
        _data_dir_check(target.data_dir, data_dir)
        if target.postgres is not None:
            existing = postgres_tables(target.postgres)
            if existing:
                raise _problem(
                    f"the database is not empty (it has {len(existing)} tables, such as "
                    f"{', '.join(existing[:3])}): restore into a new, empty database",
                    "DATABASE_URL",
                )
        target.data_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(dir=target.data_dir.parent, prefix=f".{target.data_dir.name}.restore-")
        )
        try:
            with os.fdopen(private_file_open(staging / SECRET_KEY_FILE), "w", encoding="utf-8") as handle:
                handle.write(key)
            dump = staging / manifest.database
            _extract(tar, manifest.database, dump, archive)
            if target.postgres is None:
                database = dump.rename(staging / DATABASE_FILE)
                sqlite_check(database, source=str(archive))
                _counts_check(manifest, sqlite_table_counts(database), archive)
            else:
                postgres_load(target.postgres, dump)
                dump.unlink()
                _counts_check(manifest, postgres_table_counts(target.postgres), archive)
            _move_into(staging, target.data_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return manifest


@contextmanager
def _archive_open(archive: Path) -> Iterator[tarfile.TarFile]:
    if not archive.is_file():
        raise _problem("no such backup file", archive, "FILE")
    try:
        tar = tarfile.open(archive, mode="r:gz")  # noqa: SIM115  (closed below, after the checks)
    except (tarfile.TarError, EOFError, OSError, zlib.error):
        raise _problem("not a ladders backup: it is not a gzip-compressed tar archive", archive) from None
    with tar:
        yield tar


def _member(tar: tarfile.TarFile, name: str, archive: Path) -> tarfile.TarInfo:
    try:
        member = tar.getmember(name)
    except KeyError:
        raise _problem(f"not a ladders backup: it has no {name}", archive) from None
    except (tarfile.TarError, EOFError, OSError, zlib.error):
        raise _problem("the backup is truncated or damaged", archive) from None
    if not member.isreg():
        raise _problem(f"not a ladders backup: {name} is not a file", archive)
    return member


def _text_member(tar: tarfile.TarFile, name: str, archive: Path) -> str:
    member = _member(tar, name, archive)
    if member.size > limits.BACKUP_TEXT_BYTES:
        raise _problem(f"{name} is larger than {limits.BACKUP_TEXT_BYTES} bytes", archive, name)
    try:
        text = tar.extractfile(member).read().decode("utf-8").strip()  # type: ignore[union-attr]
    except UnicodeDecodeError:
        raise _problem("is not UTF-8 text", archive, name) from None
    except (tarfile.TarError, EOFError, OSError, zlib.error):
        raise _problem("the backup is truncated or damaged", archive, name) from None
    if not text:
        raise _problem("is empty", archive, name)
    return text


def _manifest_read(tar: tarfile.TarFile, archive: Path) -> Manifest:
    try:
        data: Any = json.loads(_text_member(tar, MANIFEST, archive))
    except json.JSONDecodeError as error:
        raise _problem(f"is not JSON ({error})", archive, MANIFEST) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _problem(
            f"not a ladders backup: the manifest does not say format '{FORMAT}'", archive, MANIFEST
        )
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise _problem("format_version is missing or not a whole number", archive, MANIFEST)
    if version > FORMAT_VERSION:
        raise _problem(
            f"made by a newer ladders (ladders {data.get('ladders_version', '?')}, backup format "
            f"{version}; this ladders {__version__} reads format {FORMAT_VERSION}): restore it with "
            "that version or newer",
            archive,
            MANIFEST,
        )
    engine, tables = data.get("engine"), data.get("tables")
    if engine not in DATABASE_MEMBER:
        raise _problem(f"unknown engine {engine!r} (expected sqlite or postgresql)", archive, MANIFEST)
    if not isinstance(tables, dict) or not all(
        isinstance(k, str) and isinstance(v, int) for k, v in tables.items()
    ):
        raise _problem("tables must map each table name to its row count", archive, MANIFEST)
    return Manifest(
        engine=engine,
        created=str(data.get("created", "")),
        ladders_version=str(data.get("ladders_version", "")),
        tables=tables,
    )


def _engine_check(manifest: Manifest, target: Target, archive: Path) -> None:
    if manifest.engine == target.engine:
        return
    if manifest.engine == "sqlite":
        raise _problem(
            "this backup holds a SQLite database, but DATABASE_URL names a PostgreSQL one: "
            "unset DATABASE_URL to restore it into the data directory",
            archive,
        )
    raise _problem(
        "this backup holds a PostgreSQL database: set DATABASE_URL to a new, empty PostgreSQL "
        "database to restore it into",
        archive,
    )


def _data_dir_check(path: Path, given: Path) -> None:
    if not path.exists():
        return
    if not path.is_dir():
        raise _problem("this is a file, not a folder", given, "--data-dir")
    held = sorted(p.name for p in path.iterdir())
    if held:
        shown = ", ".join(held[:3]) + (", ..." if len(held) > 3 else "")
        raise _problem(
            f"the folder is not empty (it holds {shown}): restore into a new or empty folder",
            given,
            "--data-dir",
        )


def _extract(tar: tarfile.TarFile, name: str, target: Path, archive: Path) -> None:
    member = _member(tar, name, archive)
    try:
        source = tar.extractfile(member)
        assert source is not None  # a regular file always has a stream
        with source, os.fdopen(private_file_open(target), "wb") as sink:
            shutil.copyfileobj(source, sink, COPY_CHUNK)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise _problem(f"the backup is truncated or damaged ({error})", archive, name) from None


def _counts_check(manifest: Manifest, counts: dict[str, int], archive: Path) -> None:
    if counts != manifest.tables:
        differ = sorted(
            t for t in set(counts) | set(manifest.tables) if counts.get(t) != manifest.tables.get(t)
        )
        raise _problem(
            f"the restored database does not match the manifest (tables {', '.join(differ[:5])})", archive
        )


def _move_into(staging: Path, data_dir: Path) -> None:
    """Put the restored files in place: the whole folder at once when it is new."""
    if not data_dir.exists():
        staging.rename(data_dir)
        return
    for path in staging.iterdir():
        path.rename(data_dir / path.name)
