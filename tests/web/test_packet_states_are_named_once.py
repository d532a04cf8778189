"""Packet states are typed once (`ladders.core.review.PacketState`); nothing else spells them.

A state typed as a string in a page, view, service or template is a copy that a renamed or
added state silently misses.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ladders.core.review import PacketState

PACKAGE = Path(__file__).resolve().parents[2] / "ladders"
PYTHON = sorted(
    [
        *(PACKAGE / "promotions").rglob("*.py"),
        *(PACKAGE / "web").rglob("*.py"),
        PACKAGE / "api" / "packets.py",
        PACKAGE / "api" / "reviews.py",
    ]
)
TEMPLATES = sorted((PACKAGE / "web" / "templates" / "web").glob("*packet*.html"))
STATES = {state.value for state in PacketState}
CHECKIN_FILES = {"checkins.py", "forms.py"}  # check-ins have draft and submitted states of their own


def _typed_states(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.name}:{node.lineno} {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in STATES
    ]


@pytest.mark.parametrize(
    "path",
    [p for p in PYTHON if "migrations" not in p.parts and p.name not in CHECKIN_FILES],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_module_types_a_packet_state(path):
    assert _typed_states(path) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_packet_template_compares_against_a_typed_state(path):
    typed = re.findall(r"""==\s*["'](\w+)["']|["'](\w+)["']\s*==""", path.read_text())
    assert [word for pair in typed for word in pair if word in STATES] == []
