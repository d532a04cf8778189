"""`ladders.core` is pure Python: no Django, no CLI or web libraries, nothing from outer layers."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import ladders.core

CORE = Path(ladders.core.__file__).resolve().parent
MODULES = sorted(CORE.rglob("*.py"))
FORBIDDEN = {"django", "ninja", "typer", "rich", "click"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_core_has_modules_to_scan():
    assert {"engine.py", "profile.py", "framework_loader.py"} <= {p.name for p in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_core_module_imports_django_or_a_cli_library(path):
    roots = {name.split(".")[0] for name in imported_modules(path)}

    assert not roots & FORBIDDEN


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_the_core_imports_nothing_from_the_layers_built_on_it(path):
    outer = {
        name
        for name in imported_modules(path)
        if name.startswith("ladders.") and not name.startswith("ladders.core")
    }

    assert outer == set()


def test_importing_the_engine_loads_no_django_typer_or_rich():
    probe = (
        "import sys, ladders.core.engine, ladders.core.maturity, ladders.core.compensation;"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(FORBIDDEN)!r})))"
    )

    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=CORE.parent.parent
    )

    assert out.stdout.strip() == "[]"
