"""`ladders assess` imports what one assessment needs and nothing the other commands use.

A one-shot run pays for every module it imports, so the team server, the Markdown and HTML
reports, the framework schema and the questionnaires are loaded only by the commands that
use them; Rich is loaded only to render text. This pins the budget by module, not by time,
so it holds on a loaded machine too (the time is `python -m bench --only core`'s CLI row).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.example_files import BANDS, ROOT, SAM

NEVER = [
    "django",
    "ladders.cli.questionnaires",
    "ladders.core.maturity",
    "ladders.core.schema",
    "ladders.reports",
    "ladders.server",
    "markdown",
    "nh3",
    "numpy",
]
"""Packages no `ladders assess` run needs, whatever its format."""

RENDERING = ["rich", "typer.rich_utils"]
"""Packages only the text rendering needs."""


def modules_loaded_by(*args: str) -> set[str]:
    """The top packages and modules `ladders <args>` has imported by the time it exits."""
    probe = f"""
import json, sys
from ladders.cli.app import main
sys.argv = ["ladders", *{list(args)!r}]
try:
    main()
except SystemExit as stop:
    assert not stop.code, stop.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert run.stdout.strip(), "the assessment was printed"
    return set(json.loads(run.stderr.strip().splitlines()[-1]))


def loaded(modules: set[str], packages: list[str]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


@pytest.mark.parametrize("format", ["text", "json"])
def test_assess_loads_neither_the_server_nor_the_reports_nor_the_schema(format):
    modules = modules_loaded_by("assess", str(SAM), "--bands", str(BANDS), "--format", format)

    assert loaded(modules, NEVER) == []


def test_assess_as_json_does_not_load_rich():
    modules = modules_loaded_by("assess", str(SAM), "--format", "json")

    assert loaded(modules, RENDERING) == []
