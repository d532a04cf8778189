"""The data directory: the SQLite database and the secret key live here, never in git.

Everything in it is for the server's own user only. The database holds password hashes,
salaries and token digests, so the directory is created 0700 and every file in it 0600,
set explicitly rather than left to the umask (which may be 0o000, or 0o022 and so leave
files readable by everyone).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

DEFAULT_DATA_DIR = "ladders-data"
DATABASE_FILE = "ladders.sqlite3"
SECRET_KEY_FILE = "secret_key"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
# SQLite writes beside the database: the write-ahead log, its index in shared memory and,
# outside WAL mode, a rollback journal. All hold the same data as the database.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def data_dir() -> Path:
    """The data directory from LADDERS_DATA_DIR, created for its owner only when new.

    An existing directory keeps its mode: it may be one the operator chose and set up.
    """
    path = Path(os.environ.get("LADDERS_DATA_DIR", DEFAULT_DATA_DIR)).expanduser().resolve()
    private_dir_create(path)
    return path


def private_dir_create(path: Path) -> None:
    """Create `path` (and missing parents) with the directory itself 0700."""
    if path.is_dir():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIR)
    except FileExistsError:
        return  # another process made it first and set its mode
    path.chmod(PRIVATE_DIR)


def private_file_open(path: Path, *, exclusive: bool = True) -> int:
    """A descriptor for writing a new file that is 0600 from the moment it exists."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)  # the umask may have removed bits; set exactly 0600
    return fd


def secret_key(directory: Path) -> str:
    """Read the key, creating it on first start with owner-only permissions."""
    from_env = os.environ.get("LADDERS_SECRET_KEY")
    if from_env:
        return from_env
    key_file = directory / SECRET_KEY_FILE
    if not key_file.exists():
        with os.fdopen(private_file_open(key_file), "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def database_file(directory: Path) -> Path:
    """The SQLite database's path, the file created empty and 0600 if missing.

    An empty file is a valid empty database; creating it here, rather than letting SQLite
    create it with its default 0644, means it is never readable by others, not even for
    the moment before the first connection closes it up.
    """
    path = directory / DATABASE_FILE
    with contextlib.suppress(FileExistsError):
        os.close(private_file_open(path))
    return path


def sqlite_files_protect(database: Path) -> None:
    """Make the database and the files SQLite keeps beside it 0600.

    Run on every new connection: it closes up a database an older version left readable,
    and since SQLite gives a new WAL or shared-memory file the database's own mode, every
    one created later is private too.
    """
    for path in [database, *(database.with_name(database.name + s) for s in SQLITE_COMPANIONS)]:
        try:
            if path.stat().st_mode & 0o777 != PRIVATE_FILE:
                path.chmod(PRIVATE_FILE)
        except FileNotFoundError:
            continue
