"""Pages, views and API handlers ask `ladders.accounts.permissions`; none of them decides a role.

A role decision written in a view (`viewer.is_admin`, `person.role == ...`, a walk up the
management chain) is a second copy of a rule that then drifts from the first.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "ladders"
SHOWING = sorted([*(PACKAGE / "web").rglob("*.py"), *(PACKAGE / "api").rglob("*.py")])
DECIDING_ATTRIBUTES = {"is_admin", "role"}
DECIDING_NAMES = {"is_in_chain_above", "managers_of", "Role"}


def _decisions(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Attribute) and node.attr in DECIDING_ATTRIBUTES:
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in DECIDING_NAMES:
            found.append(f"{path.name}:{node.lineno} {node.id}")
    return found


@pytest.mark.parametrize("path", SHOWING, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_page_view_or_api_handler_decides_a_role(path):
    assert _decisions(path) == []
