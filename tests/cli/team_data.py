"""A real data directory holding two organisations, and `ladders` run on it as its own process.

The server commands configure Django for the data directory they are given, which a test
process (already set up for the test database) cannot do again; so they run as the installed
`ladders` command, and the test reads the SQLite file they wrote.

Acme (the first organisation, where `ladders user add` adds people by default) and Globex
each have a Sam Rivera; Acme also has Ana Lopez and two people named Kim Lee.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

LADDERS = Path(sys.executable).with_name("ladders")
DATABASE = "ladders.sqlite3"

PEOPLE = {  # organisation -> (name, username, role)
    "Acme": [
        ("Ana Lopez", "ana.lopez", "manager"),
        ("Sam Rivera", "sam.rivera", "engineer"),
        ("Kim Lee", "kim.lee", "engineer"),
        ("Kim Lee", "kim.lee2", "engineer"),
    ],
    "Globex": [("Sam Rivera", "sam.globex", "engineer")],
}

_SETUP = """
import sys
from pathlib import Path

from ladders.server.runner import configure

configure(Path(sys.argv[1]))
from django.core.management import call_command

from ladders.accounts.models import Organisation
from ladders.accounts.services import person_create

call_command("migrate", interactive=False, verbosity=0)
for org_name, people in {people!r}.items():
    org = Organisation.objects.create(name=org_name)
    for name, username, role in people:
        person_create(org=org, name=name, role=role, username=username, check_password=False)
"""


def _env() -> dict[str, str]:
    """This machine's environment without the test run's database and settings."""
    dropped = {"DATABASE_URL", "LADDERS_DATA_DIR", "LADDERS_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    return {k: v for k, v in os.environ.items() if k not in dropped}


def make_two_orgs(data_dir: Path) -> Path:
    subprocess.run(
        [sys.executable, "-c", _SETUP.format(people=PEOPLE), str(data_dir)],
        env=_env(),
        check=True,
        timeout=120,
    )
    return data_dir


def run_ladders(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LADDERS), *args, "--data-dir", str(data_dir)],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )


def query(data_dir: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(data_dir / DATABASE) as db:
        return db.execute(sql, params).fetchall()


def token_owner(data_dir: Path, token: str) -> tuple[str, str] | None:
    """(username, organisation) of the person a token was created for, by its stored prefix."""
    rows = query(
        data_dir,
        "SELECT u.username, o.name FROM accounts_apitoken t"
        " JOIN accounts_person p ON p.id = t.person_id JOIN auth_user u ON u.id = p.user_id"
        " JOIN accounts_organisation o ON o.id = p.org_id WHERE t.prefix = ?",
        token[:12],
    )
    return rows[0] if rows else None


def token_count(data_dir: Path) -> int:
    return query(data_dir, "SELECT COUNT(*) FROM accounts_apitoken")[0][0]
