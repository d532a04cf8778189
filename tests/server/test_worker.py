"""Background tasks: queued in the database, run by the worker, followed on the import's page.

The rest of the suite runs tasks as they are queued (settings_test); these tests put them
in the database queue, as a deployment does, and run the worker: once in this process on
the test database, and as the real `ladders worker` and `ladders serve` processes on a
scratch data directory, driven over HTTP like an admin's browser.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from ladders.accounts.models import Person
from ladders.leveling.calibration import calibration_tables, csv_table
from ladders.leveling.exports import export_run
from ladders.leveling.imports import people_import_start
from ladders.leveling.models import CheckIn, Export, ImportState, PeopleImport
from ladders.server.runner import worker_run
from tests.framework_ids import LEVEL
from tests.web.web_helpers import text_of

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LADDERS = Path(sys.executable).with_name("ladders")
ADMIN_PASSWORD = "worker-test-password-1"
CSV = (
    "name,username,role,manager,level\n"
    f"Wanda Worker,wanda,manager,,{LEVEL.senior}\n"
    "Will Worker,will,,wanda,\n"
)
BAD_CSV = "name,username,role\nWanda Worker,wanda,wizard\n"

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits, as it does in production


@pytest.fixture
def database_queue() -> Iterator[None]:
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


def test_an_import_waits_in_the_queue_until_the_worker_runs_it_and_the_page_follows(
    acme, signed_in, database_queue
):
    client = signed_in(acme.admin)
    response = client.post(reverse("admin-people-import"), {"text": CSV})
    job_url = response.headers["Location"]
    waiting = client.get(job_url).content.decode()
    assert (
        "Waiting for the worker" in waiting and 'http-equiv="refresh"' in waiting and "<progress" in waiting
    )
    assert not Person.objects.filter(name__endswith="Worker").exists()

    worker_run(batch=True, verbosity=0)

    page = text_of(client.get(job_url))
    assert "Imported 2 people" in page and "shown only once" in page
    assert 'http-equiv="refresh"' not in client.get(job_url).content.decode()
    will = Person.objects.get(user__username="will")
    assert will.manager.user.username == "wanda" and will.org == acme.org
    job = PeopleImport.objects.get()
    assert (job.state, job.done, job.total, job.text) == (ImportState.DONE, 2, 2, "")


def test_a_bad_file_run_by_the_worker_creates_nobody_and_the_page_names_row_and_column(
    acme, signed_in, database_queue
):
    job = people_import_start(actor=acme.admin, text=BAD_CSV)
    worker_run(batch=True, verbosity=0)

    page = text_of(signed_in(acme.admin).get(reverse("admin-people-import-job", args=[job.pk])))
    assert "1 problem in the file; nobody was imported" in page
    assert "row 2 role unknown role 'wizard'" in page
    assert not Person.objects.filter(name="Wanda Worker").exists()


def test_an_import_runs_once_even_if_its_task_is_run_again(acme, database_queue):
    from ladders.leveling.imports import people_import_run

    job = people_import_start(actor=acme.admin, text=CSV)
    worker_run(batch=True, verbosity=0)
    people_import_run(import_id=job.pk)  # a second worker, or a retry, finds it done
    assert Person.objects.filter(name__endswith="Worker").count() == 2


def test_an_export_waits_for_the_worker_and_its_page_then_offers_the_file(acme, signed_in, database_queue):
    client = signed_in(acme.admin)
    response = client.post(reverse("exports"), {"kind": "calibration", "table": "level_distribution"})
    page_url = response.headers["Location"]
    waiting = client.get(page_url).content.decode()
    assert (
        "Waiting for the worker" in waiting and 'http-equiv="refresh"' in waiting and "<progress" in waiting
    )
    job = Export.objects.get()
    assert client.get(reverse("export-download", args=[job.pk])).status_code == 302  # back to its page

    worker_run(batch=True, verbosity=0)

    rows = len(calibration_tables(viewer=acme.admin)["tables"]["level_distribution"])
    assert f"Ready: {rows} rows" in text_of(client.get(page_url))
    download = client.get(reverse("export-download", args=[job.pk]))
    assert download.content.decode() == csv_table(
        calibration_tables(viewer=acme.admin)["tables"]["level_distribution"]
    )
    export_run(export_id=job.pk)  # a second worker, or a retry, finds it done and leaves it
    job.refresh_from_db()
    assert (job.state, job.rows) == (ImportState.DONE, rows)


def test_an_activation_leaves_the_facts_records_to_the_worker_which_rewrites_them(acme, database_queue):
    from ladders.core.framework_loader import DEFAULT_FRAMEWORK
    from ladders.leveling import services
    from ladders.leveling.frameworks import active_framework
    from ladders.leveling.models import FactsRebuild, FactsRecord

    newer = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.2"', 1)
    services.framework_upload(actor=acme.admin, text=newer, activate=True)
    _, fw = active_framework(acme.org)
    job = FactsRebuild.objects.get(org=acme.org)
    assert job.state == ImportState.QUEUED and job.task_id  # queued once the activation committed

    worker_run(batch=True, verbosity=0)

    job.refresh_from_db()
    people = Person.objects.filter(org=acme.org).count()
    assert (job.state, job.done) == (ImportState.DONE, people)
    assert set(FactsRecord.objects.filter(org=acme.org).values_list("framework_hash", flat=True)) == {
        fw.content_hash
    }


def test_a_large_cycle_waits_for_the_worker_then_opens_with_one_check_in_each(
    acme, database_queue, monkeypatch
):
    from ladders.core import limits
    from ladders.cycles.models import Cycle, CycleOpening, Participant
    from tests.cycles.cycle_helpers import QUARTER, open_cycle

    monkeypatch.setattr(limits, "CYCLE_OPEN_SYNC_PEOPLE", 1)
    cycle = open_cycle(acme)
    job = CycleOpening.objects.get(cycle=cycle)
    assert (cycle.state, job.state) == ("opening", ImportState.QUEUED) and job.task_id

    worker_run(batch=True, verbosity=0)

    people = Person.objects.filter(org=acme.org).count()
    assert Cycle.objects.get(pk=cycle.pk).state == "open"
    assert Participant.objects.filter(cycle=cycle).count() == people
    assert CheckIn.objects.filter(quarter=QUARTER).count() == people


# -- the real processes ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _scratch_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "LADDERS_DATA_DIR", "LADDERS_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env["LADDERS_SECURE"] = "0"
    return env


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A scratch data directory with one admin, made by `ladders user add`."""
    data = tmp_path / "data"
    subprocess.run(
        [
            str(LADDERS),
            "user",
            "add",
            "Ada Admin",
            "--role",
            "admin",
            "--username",
            "ada",
            "--data-dir",
            str(data),
        ],
        input=ADMIN_PASSWORD + "\n",
        env=_scratch_env(),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return data


class Browser:
    """Cookies and CSRF like a browser, over plain HTTP on loopback."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> tuple[str, str]:
        _, form = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token, f"no CSRF token on {path}"
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(LADDERS), *args], env=_scratch_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _wait_for(what: str, check, process: subprocess.Popen, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while True:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        if time.monotonic() > deadline or process.poll() is not None:
            pytest.fail(f"{what} did not happen")
        time.sleep(0.3)


def _serve(data_dir: Path, *extra: str) -> tuple[subprocess.Popen, Browser]:
    port = _free_port()
    server = _start(["serve", "--port", str(port), "--data-dir", str(data_dir), "--workers", "1", *extra])
    browser = Browser(port)
    _wait_for("the server starting", lambda: browser.get("/healthz"), server)
    browser.post("/login/", {"username": "ada", "password": ADMIN_PASSWORD})
    return server, browser


def _import(browser: Browser) -> str:
    job_url, _ = browser.post("/admin/people/import/", {"text": CSV})
    assert re.search(r"/admin/people/import/\d+/$", job_url), job_url
    return urllib.parse.urlparse(job_url).path


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    found = []
    for task in tasks.iterdir() if tasks.exists() else []:
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _worker_children(server: subprocess.Popen) -> list[int]:
    """The `python -m ladders worker` processes the server started."""
    found = []
    for pid in _children(server.pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except FileNotFoundError:
            continue
        if b"worker" in command and b"ladders" in command:
            found.append(pid)
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_ladders_serve_starts_a_worker_that_runs_the_import_and_stops_with_it(data_dir):
    server, browser = _serve(data_dir)
    try:
        workers = _wait_for("the worker starting", lambda: _worker_children(server), server)
        job = _import(browser)

        def finished() -> str | None:
            page = browser.get(job)[1]
            return page if "Imported 2 people" in page else None

        page = _wait_for("the import finishing", finished, server)
        assert "Wanda Worker" in page and "wanda" in page and "shown only once" in page
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0
    assert not any(_alive(pid) for pid in workers), "the worker outlived the server"


def test_ladders_worker_runs_what_a_server_without_its_own_worker_queued(data_dir):
    server, browser = _serve(data_dir, "--no-task-worker")
    try:
        job = _import(browser)
        time.sleep(1.5)
        assert "Waiting for the worker" in browser.get(job)[1]
        worker = _start(["worker", "--data-dir", str(data_dir)])
        try:
            _wait_for("the worker's import", lambda: "Imported 2 people" in browser.get(job)[1], worker)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
        assert worker.returncode == 0, "the worker stops cleanly on SIGTERM"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
