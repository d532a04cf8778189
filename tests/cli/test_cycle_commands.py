"""`ladders cycle open|list|close` and `ladders remind`, run as the installed command on a data directory.

The organisation has a manager and two engineers with addresses, and one engineer without;
mail goes to a real SMTP server on loopback (aiosmtpd) that the test starts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.team_data import _env, query, run_ladders
from tests.cycles.receivers import smtp_server

_SETUP = """
import sys
from pathlib import Path

from ladders.server.runner import configure

configure(Path(sys.argv[1]))
from django.core.management import call_command

from ladders.accounts.models import Organisation
from ladders.accounts.services import person_create

call_command("migrate", interactive=False, verbosity=0)
org = Organisation.objects.create(name="Initech")
boss, _ = person_create(org=org, name="Bill Boss", role="manager", team_name="Core", username="bill",
                        email="bill@initech.test", check_password=False)
PEOPLE = [
    ("Pat Peters", "pat", "pat@initech.test"),
    ("Sam Samir", "sam", "sam@initech.test"),
    ("Milton Waddams", "milton", ""),
]
for name, username, email in PEOPLE:
    person_create(org=org, name=name, manager=boss, team_name="Core", username=username, email=email,
                  check_password=False)
person_create(org=org, name="Ola Other", team_name="Ops", username="ola", email="ola@initech.test",
              check_password=False)
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("initech")
    subprocess.run([sys.executable, "-c", _SETUP, str(folder)], env=_env(), check=True, timeout=120)
    return folder


def ladders(data_dir: Path, *args: str, smtp_port: int | None = None) -> subprocess.CompletedProcess[str]:
    if smtp_port is None:
        return run_ladders(*args, data_dir=data_dir)
    env = {
        **_env(),
        "LADDERS_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "LADDERS_EMAIL_HOST": "127.0.0.1",
        "LADDERS_EMAIL_PORT": str(smtp_port),
        "LADDERS_BASE_URL": "https://ladders.initech.test",
    }
    return subprocess.run(
        [str(Path(sys.executable).with_name("ladders")), *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def smtp():
    with smtp_server() as found:
        yield found


def test_a_cycle_is_opened_listed_reminded_and_closed(data_dir, smtp):
    inbox, port = smtp
    opened = ladders(
        data_dir,
        "cycle",
        "open",
        "2026-Q2",
        "--self-review-due",
        "2026-06-19",
        "--sign-off-due",
        "2026-06-30",
        "--opens",
        "2026-04-01",
        "--team",
        "Core",
    )
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.splitlines()[-1] == "opened 2026-Q2: 4 check-ins asked for"
    assert query(data_dir, "SELECT COUNT(*) FROM leveling_checkin WHERE quarter = '2026-Q2'") == [(4,)]

    listed = ladders(data_dir, "cycle", "list")
    assert listed.returncode == 0
    assert "2026-Q2" in listed.stdout and "open" in listed.stdout and "teams Core" in listed.stdout

    dry = ladders(data_dir, "remind", "--now", "2026-06-12T09:00:00+00:00", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[-1] == "0 reminders sent"
    assert "3 reminders due" in dry.stdout
    assert query(data_dir, "SELECT COUNT(*) FROM cycles_reminder") == [(0,)]

    first = ladders(data_dir, "remind", "--now", "2026-06-12T09:00:00+00:00", smtp_port=port)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == "3 reminders sent"
    assert "warning" not in first.stderr
    assert sorted(to for to, _ in inbox.messages) == [
        ["bill@initech.test"],
        ["pat@initech.test"],
        ["sam@initech.test"],
    ]
    for address in ("pat@initech.test", "sam@initech.test"):
        assert "https://ladders.initech.test/checkins/2026-Q2/" in inbox.bodies_to(address)[0]

    again = ladders(data_dir, "remind", "--now", "2026-06-12T09:00:00+00:00", smtp_port=port)
    assert again.stdout.splitlines()[-1] == "0 reminders sent"

    tomorrow = ladders(data_dir, "remind", "--now", "2026-06-18T09:00:00", smtp_port=port)
    assert tomorrow.stdout.splitlines()[-1] == "3 reminders sent"
    assert query(
        data_dir, "SELECT threshold, COUNT(*) FROM cycles_reminder GROUP BY threshold ORDER BY threshold"
    ) == [("1d", 3), ("7d", 3)]

    closed = ladders(data_dir, "cycle", "close", "2026-Q2")
    assert closed.returncode == 0, closed.stderr
    assert "not signed off: Milton Waddams (not started)" in closed.stdout
    assert closed.stdout.splitlines()[-1] == "closed 2026-Q2: 4 check-ins not signed off"

    after = ladders(data_dir, "remind", "--now", "2026-06-25T09:00:00+00:00")
    assert after.stdout.splitlines()[-1] == "0 reminders sent"
    assert "LADDERS_BASE_URL is not set" in after.stderr


@pytest.mark.parametrize(
    ("args", "field", "fragment"),
    [
        (("remind", "--now", "next tuesday"), "--now", "ISO 8601"),
        (("cycle", "close", "1999-Q1"), "NAME", "no cycle named '1999-Q1'"),
        (
            (
                "cycle",
                "open",
                "X",
                "--quarter",
                "2999-Q1",
                "--self-review-due",
                "2999-01-09",
                "--sign-off-due",
                "2999-01-19",
            ),
            "--quarter",
            "has not started yet",
        ),
        (
            ("cycle", "open", "Y", "--quarter", "2026-Q1", "--self-review-due", "2026-03-09"),
            "--sign-off-due",
            "due dates",
        ),
        (
            (
                "cycle",
                "open",
                "Z",
                "--quarter",
                "2026-Q1",
                "--self-review-due",
                "2026-03-09",
                "--sign-off-due",
                "2026-03-01",
                "--opens",
                "2026-01-05",
            ),
            "--sign-off-due",
            "before the self review",
        ),
        (
            (
                "cycle",
                "open",
                "W",
                "--quarter",
                "2026-Q1",
                "--self-review-due",
                "2026-03-09",
                "--sign-off-due",
                "2026-03-19",
                "--team",
                "Nope",
            ),
            "--team",
            "no team 'Nope'",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_option_and_writes_nothing(data_dir, args, field, fragment):
    before = query(data_dir, "SELECT COUNT(*) FROM cycles_cycle")

    result = ladders(data_dir, *args)

    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith(f"error: command line: {field}: "), result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert query(data_dir, "SELECT COUNT(*) FROM cycles_cycle") == before
