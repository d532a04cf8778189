"""docs/server.md lists every limit of `ladders.core.limits` with its value, so none is secret."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ladders.core import limits
from ladders.core.text import byte_size

SERVER_DOC = Path(__file__).resolve().parents[2] / "docs" / "server.md"


def _limits() -> dict[str, int]:
    return {name: value for name, value in vars(limits).items() if name.isupper() and isinstance(value, int)}


def _rows() -> dict[str, str]:
    section = SERVER_DOC.read_text(encoding="utf-8").split("## Limits", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([A-Z_]+)` \| ([^|]+) \|", section, flags=re.M))


@pytest.mark.parametrize("name", sorted(_limits()))
def test_every_limit_has_a_row_with_its_value(name):
    value = _limits()[name]
    shown = byte_size(value) if name.endswith("_BYTES") else f"{value:,}"
    assert _rows().get(name, "").strip() == shown, f"docs/server.md Limits: `{name}` should say {shown}"


def test_every_row_names_a_limit_that_exists():
    assert set(_rows()) <= set(_limits())
