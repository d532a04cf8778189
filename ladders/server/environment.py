"""Reading settings from environment variables, strictly.

A value the server does not understand stops it at start-up, naming the variable and the
values it accepts. Reading `LADDERS_SECURE=ture` as "false" would quietly turn off secure
cookies and HSTS, so an unknown word is an error rather than a default.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from urllib.parse import urlsplit

from ladders.core.errors import InputError, Problem

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
BOOLEAN_HELP = "use 1/0, true/false, yes/no, on/off"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SOURCE = "environment"


def _refuse(name: str, value: str, what: str) -> InputError:
    return InputError([Problem(f"{name}={value!r} {what}", source=SOURCE)])


def env_flag(name: str, default: bool) -> bool:
    """A yes/no setting; unset or empty means the default."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _refuse(name, value, f"is not a boolean: {BOOLEAN_HELP}")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole-number setting within a range; unset or empty means the default."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    bounds = f"from {minimum} to {maximum}" if maximum is not None else f"of {minimum} or more"
    try:
        number = int(value)
    except ValueError:
        raise _refuse(name, value, f"is not a whole number: use a number {bounds}") from None
    if number < minimum or (maximum is not None and number > maximum):
        raise _refuse(name, value, f"is out of range: use a number {bounds}")
    return number


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of a fixed set of words (case-insensitive); returned as spelled in `choices`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    by_upper = {choice.upper(): choice for choice in choices}
    if value.upper() in by_upper:
        return by_upper[value.upper()]
    raise _refuse(name, value, f"is not one of: {', '.join(choices)}")


def env_time_zone(name: str, default: str) -> str:
    """An IANA time zone name such as `Europe/Paris`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise _refuse(name, value, "is not a time zone: use a name such as UTC or Europe/Paris") from None
    return value


def env_base_url(name: str) -> str:
    """An absolute http(s) address such as `https://ladders.example.com` (no path, query or
    fragment); unset or empty means none. Returned without a trailing slash."""
    value = os.environ.get(name, "").strip()
    if not value:
        return ""
    how = "use an absolute address such as https://ladders.example.com"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (a port out of range raises here)
    except ValueError:
        raise _refuse(name, value, f"is not an address: {how}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise _refuse(name, value, f"is not an http or https address: {how}")
    if parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username:
        raise _refuse(name, value, f"has more than a scheme, host and port: {how}")
    return f"{parts.scheme}://{parts.netloc}"


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def env_url(name: str) -> str:
    """An https:// URL (plain http:// only to this machine, for trying things out); "" when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    loopback = parts.hostname in LOOPBACK_HOSTS
    if not parts.netloc or parts.scheme not in ("https", "http") or (parts.scheme == "http" and not loopback):
        raise _refuse(
            name, value, "is not an https:// URL (http:// is accepted for 127.0.0.1 and localhost only)"
        )
    if parts.query or parts.fragment:
        raise _refuse(name, value, "must not have a query (?...) or fragment (#...)")
    return value


def env_text(name: str, default: str, *, pattern: str = r"\S(.*\S)?") -> str:
    """A one-line value matching `pattern` (by default: no leading or trailing space); unset: the default."""
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    if not re.fullmatch(pattern, value):
        raise _refuse(name, value, "is not allowed here: no spaces at either end, and one line only")
    return value
