"""Settings from the environment: a value the server does not understand stops it at start-up.

`LADDERS_SECURE=ture` used to mean "false" without a word: no secure cookies, no HSTS. Every
yes/no and numeric variable now names itself and the values it accepts, and the commands
exit 2 with that message instead of starting, or printing a traceback.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from ladders.core.errors import InputError
from ladders.server import settings as settings_module
from ladders.server.environment import env_flag, env_int

LADDERS = Path(sys.executable).with_name("ladders")
BOOLEAN_HELP = "is not a boolean: use 1/0, true/false, yes/no, on/off"

BAD_VALUES = [
    ("LADDERS_DEBUG", "maybe", BOOLEAN_HELP),
    ("LADDERS_SECURE", "ture", BOOLEAN_HELP),
    ("LADDERS_BEHIND_PROXY", "2", BOOLEAN_HELP),
    ("LADDERS_LOGIN_FAILURE_LIMIT", "five", "is not a whole number"),
    ("LADDERS_LOGIN_FAILURE_LIMIT", "0", "is out of range: use a number of 1 or more"),
    ("LADDERS_LOGIN_ADDRESS_FAILURE_LIMIT", "-3", "is out of range"),
    ("LADDERS_LOGIN_FAILURE_WINDOW", "15m", "is not a whole number"),
    ("LADDERS_LOG_LEVEL", "LOUD", "is not one of: DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("LADDERS_TIME_ZONE", "Mars/Olympus", "is not a time zone"),
]


@pytest.fixture
def fresh_settings(monkeypatch, tmp_path):
    """Run the real settings module again, as a start-up does, with a scratch data directory."""
    monkeypatch.setenv("LADDERS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return lambda: runpy.run_path(settings_module.__file__)


@pytest.mark.parametrize(("name", "value", "complaint"), BAD_VALUES)
def test_start_up_refuses_a_value_it_does_not_understand_and_names_the_variable(
    fresh_settings, monkeypatch, name, value, complaint
):
    monkeypatch.setenv(name, value)
    with pytest.raises(InputError) as refused:
        fresh_settings()
    assert f"{name}={value!r} {complaint}" in str(refused.value)


@pytest.mark.parametrize("word", ["1", "true", "True", "yes", "on", "ON "])
def test_every_documented_yes_word_means_true(monkeypatch, word):
    monkeypatch.setenv("LADDERS_SECURE", word)
    assert env_flag("LADDERS_SECURE", default=False) is True


@pytest.mark.parametrize("word", ["0", "false", "no", "Off"])
def test_every_documented_no_word_means_false(monkeypatch, word):
    monkeypatch.setenv("LADDERS_SECURE", word)
    assert env_flag("LADDERS_SECURE", default=True) is False


def test_an_empty_or_missing_value_means_the_default(monkeypatch):
    monkeypatch.setenv("LADDERS_SECURE", "")
    assert env_flag("LADDERS_SECURE", default=True) is True
    monkeypatch.delenv("LADDERS_SECURE")
    assert env_int("LADDERS_SECURE", 7, minimum=1) == 7


def test_the_settings_read_good_values(fresh_settings, monkeypatch):
    monkeypatch.setenv("LADDERS_SECURE", "no")
    monkeypatch.setenv("LADDERS_LOGIN_FAILURE_LIMIT", "8")
    monkeypatch.setenv("LADDERS_LOG_LEVEL", "info")
    settings = fresh_settings()
    assert settings["SESSION_COOKIE_SECURE"] is False and settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["LOGIN_FAILURE_LIMIT"] == 8
    assert settings["LOGGING"]["root"]["level"] == "INFO"


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "LADDERS_DATA_DIR", "LADDERS_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [str(LADDERS), *args, "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, **env},
    )


def test_a_mistyped_boolean_stops_a_command_with_exit_2_and_a_clear_message(tmp_path):
    result = _run(tmp_path, "user", "add", "Ada Admin", LADDERS_SECURE="ture")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: environment: LADDERS_SECURE='ture' is not a boolean: use 1/0, true/false, yes/no, on/off"
    )


def test_serve_refuses_to_start_on_a_mistyped_number(tmp_path):
    result = _run(tmp_path, "serve", "--port", "1", LADDERS_LOGIN_FAILURE_WINDOW="15m")
    assert result.returncode == 2
    assert "LADDERS_LOGIN_FAILURE_WINDOW='15m' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
