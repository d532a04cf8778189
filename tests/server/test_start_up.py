"""The server starts on a fresh data directory and answers its health check."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

LADDERS = Path(sys.executable).with_name("ladders")


def test_healthz_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()} ({exit_})")


def test_passwords_are_hashed_with_argon2_in_real_settings():
    from ladders.server import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/healthz").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_creates_its_data_directory_and_serves(tmp_path):
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "LADDERS_DATA_DIR", "LADDERS_SECRET_KEY"}
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen(
        [str(LADDERS), "serve", "--port", str(port), "--data-dir", str(tmp_path / "data"), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("server did not start")
                time.sleep(0.3)
        assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0
        assert (tmp_path / "data" / "ladders.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_demo_refuses_a_public_host(tmp_path):
    result = subprocess.run(
        [str(LADDERS), "serve", "--demo", "--host", "0.0.0.0", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "localhost only" in result.stderr


@pytest.mark.django_db
def test_the_demo_can_be_loaded_twice():
    from ladders.accounts.models import Person
    from ladders.server.demo import DEMO_ORG, PEOPLE, demo_load

    demo_load()
    logins = demo_load()

    assert len(logins) == len(PEOPLE)
    assert Person.objects.filter(org__name=DEMO_ORG).count() == len(PEOPLE)


@pytest.mark.django_db
def test_the_demo_history_keeps_the_evidence_each_assessment_cited():
    from ladders.core.engine import cited_evidence
    from ladders.leveling.models import AssessmentSnapshot
    from ladders.server.demo import DEMO_ORG, demo_load

    demo_load()
    snapshots = AssessmentSnapshot.objects.filter(person__org__name=DEMO_ORG)
    assert snapshots.exists()
    for snapshot in snapshots:
        assert set(snapshot.evidence) == set(cited_evidence(snapshot.result)), snapshot.pk
