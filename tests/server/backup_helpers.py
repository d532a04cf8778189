"""Running ladders as a separate process on a data directory, and reading databases whole.

Backups are about what is on disk, so these tests drive real processes on real data
directories, never the test database; the environment is scrubbed so the suite's own
database settings do not leak into them.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

LADDERS = Path(sys.executable).with_name("ladders")
SUITE_ONLY = {"DATABASE_URL", "LADDERS_DATA_DIR", "LADDERS_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
BATCH = 10

# Fills a data directory: the demo organisation, a failed sign-in, and three things signed
# with the secret key (a session, a signed value, a password-reset token) to check later.
SEED = """
import json
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.core import signing
from ladders.accounts.models import LoginFailure, Person
from ladders.server.demo import demo_load
from ladders.server.runner import prepare

prepare()
demo_load()
LoginFailure.objects.create(username="someone", address="10.0.0.1")
user = Person.objects.order_by("id").first().user
session = SessionStore()
session["who"] = user.username
session.create()
print(json.dumps({
    "user": user.pk,
    "username": user.username,
    "session": session.session_key,
    "signed": signing.dumps({"who": user.username}),
    "reset": default_token_generator.make_token(user),
}))
"""

# Reads the three signed things back with the restored key.
VERIFY = """
import json, sys
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.core import signing

seed = json.loads(sys.argv[1])
user = get_user_model().objects.get(pk=seed["user"])
try:
    signed = signing.loads(seed["signed"])
except signing.BadSignature:
    signed = None
print(json.dumps({
    "session": SessionStore(seed["session"]).load(),
    "signed": signed,
    "reset": default_token_generator.check_token(user, seed["reset"]),
}))
"""


def clean_env(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in SUITE_ONLY}, **extra}


def ladders(*args: str | Path, umask: int | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LADDERS), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        env=clean_env(**env),
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )


def django_in(data_dir: Path, code: str, *args: str, **env: str) -> Any:
    """Run `code` in a process configured for `data_dir`; the JSON it printed last."""
    prelude = f"from ladders.server.runner import configure\nconfigure({str(data_dir)!r})\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + code, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=clean_env(**env),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def sqlite_rows(path: Path) -> dict[str, Any]:
    """The schema and every row of every table, in an order that does not depend on storage."""
    with closing(sqlite3.connect(path)) as connection:
        schema = connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        ).fetchall()
        tables = [name for type_, name, _, _ in schema if type_ == "table" and not name.startswith("sqlite_")]
        rows = {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    return {"schema": schema, "rows": rows}


def archive_members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def archive_rewrite(source: Path, target: Path, **manifest_changes: Any) -> None:
    """A copy of a backup whose manifest says something else."""
    members = archive_members(source)
    manifest = {**json.loads(members["manifest.json"]), **manifest_changes}
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def folder_state(path: Path) -> dict[str, bytes]:
    """Every file under `path` with its content, to show that nothing changed."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@contextmanager
def writing_batches(write_batch: Callable[[int], None]) -> Iterator[list[int]]:
    """Keep calling `write_batch(n)` (one transaction of BATCH rows) in a thread meanwhile."""
    stop = threading.Event()
    written: list[int] = []

    def run() -> None:
        n = 0
        while not stop.is_set():
            write_batch(n)
            written.append(n)
            n += 1

    thread = threading.Thread(target=run)
    thread.start()
    try:
        yield written
    finally:
        stop.set()
        thread.join()


def login_failures_in_backups_taken_while_writing(
    write_batch: Callable[[int], None], take_backup: Callable[[int], Any], backups: int
) -> list[int]:
    """Take `backups` backups while `write_batch` keeps committing; each one's login-failure count.

    A few batches land between two backups, so a consistent backup holds whole batches only.
    """
    counts = []
    with writing_batches(write_batch) as written:
        for n in range(backups):
            while len(written) < (n + 1) * 3:
                time.sleep(0.001)  # let a few batches land between backups
            counts.append(take_backup(n).tables["accounts_loginfailure"])
    return counts
