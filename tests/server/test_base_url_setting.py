"""LADDERS_BASE_URL, the address links in mails use, is read strictly like every other setting."""

from __future__ import annotations

import pytest

from ladders.core.errors import InputError
from ladders.server.environment import env_base_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        ("https://ladders.example.com", "https://ladders.example.com"),
        ("https://ladders.example.com/", "https://ladders.example.com"),
        ("http://10.0.0.5:8000", "http://10.0.0.5:8000"),
    ],
)
def test_an_absolute_address_is_kept_without_its_trailing_slash(monkeypatch, value, expected):
    monkeypatch.setenv("LADDERS_BASE_URL", value)
    assert env_base_url("LADDERS_BASE_URL") == expected


@pytest.mark.parametrize(
    "value",
    [
        "ladders.example.com",
        "ftp://ladders.example.com",
        "https://",
        "https://x.com/app",
        "https://x.com:99999",
        "https://x.com?a=1",
    ],
)
def test_anything_else_stops_start_up_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("LADDERS_BASE_URL", value)
    with pytest.raises(InputError) as error:
        env_base_url("LADDERS_BASE_URL")
    assert "LADDERS_BASE_URL=" in str(error.value.problems[0])


def test_without_it_links_use_the_served_address_and_a_warning_says_so(settings, monkeypatch):
    from ladders.cycles.links import absolute, base_url_warning

    settings.BASE_URL = ""
    monkeypatch.setenv("LADDERS_SERVED_AT", "http://localhost:8123")
    assert absolute("checkin", "2026-Q2") == "http://localhost:8123/checkins/2026-Q2/"
    assert "LADDERS_BASE_URL is not set" in (base_url_warning() or "")
    settings.BASE_URL = "https://ladders.example.com"
    assert absolute("dashboard") == "https://ladders.example.com/"
    assert base_url_warning() is None
