"""`ladders assess` imports what one assessment needs and nothing the other commands use.

A one-shot run pays for every module it imports, so the team server, the Markdown and HTML
reports, the framework schema and the questionnaires are loaded only by the commands that
use them, and the other commands' modules only when they run (`ladders.cli.lazy`); Rich is
loaded only to render text. This pins the budget by module, not by time, so it holds on a
loaded machine too (the time is `python -m bench --only core`'s CLI row).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.example_files import BANDS, ROOT, SAM

OTHER_COMMANDS = [
    "ladders.cli.cycle_cmds",
    "ladders.cli.evidence_cmds",
    "ladders.cli.framework_cmds",
    "ladders.cli.maturity_cmd",
    "ladders.cli.profile_cmds",
    "ladders.cli.server_cmds",
]
"""The modules of every command but `assess`: each is imported only when its command runs."""

NEVER = [
    *OTHER_COMMANDS,
    "django",
    "http",
    "ladders.cli.questionnaires",
    "ladders.core.maturity",
    "ladders.core.schema",
    "ladders.reports",
    "ladders.server",
    "markdown",
    "nh3",
    "numpy",
    "ssl",
    "urllib.request",
]
"""Packages no `ladders assess` run needs, whatever its format (http, ssl: only posting evidence)."""

RENDERING = ["rich", "typer.rich_utils"]
"""Packages only the text rendering needs."""

RICH_UNUSED = [
    "rich.markdown",
    "rich.pretty",
    "rich.progress",
    "rich.syntax",
    "rich.traceback",
    "typer.rich_utils",
]
"""The parts of Rich the text report does not draw with (Typer's Rich help is for --help only)."""


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


def test_assess_as_text_loads_only_the_parts_of_rich_it_draws_with():
    modules = modules_loaded_by("assess", str(SAM), "--bands", str(BANDS))

    assert "rich.table" in modules
    assert loaded(modules, RICH_UNUSED) == []


def test_assess_as_json_does_not_load_rich():
    modules = modules_loaded_by("assess", str(SAM), "--format", "json")

    assert loaded(modules, RENDERING) == []
