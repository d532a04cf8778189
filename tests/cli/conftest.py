"""Fixtures for the CLI tests: run `ladders` in-process and make broken copies of example files.

`ladders("assess", path, "--format", "json")` runs the Typer app with a `CliRunner` and returns
its result (`exit_code`, `stdout`, `stderr`). A bug in a command raises in the test instead of
becoming exit code 1, so its traceback shows. `broken_copy(path, old, new)` copies a file into
the test's folder with one edit, and `line_of(path, text)` says on which line the edit landed,
so a test can check that an error points at the right line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ladders.cli.app import app

# Wide enough that Rich never wraps a line of the text report in the middle of a phrase.
WIDE_TERMINAL = {"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}


@pytest.fixture
def ladders() -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str | Path, input: str | None = None, catch_exceptions: bool = False) -> Result:
        return runner.invoke(
            app, [str(a) for a in args], input=input, env=WIDE_TERMINAL, catch_exceptions=catch_exceptions
        )

    return invoke


@pytest.fixture
def broken_copy(tmp_path: Path) -> Callable[..., Path]:
    """Copy `source` into the test folder, replacing `old` (which must occur once) by `new`."""

    def copy(source: Path, old: str, new: str, name: str | None = None) -> Path:
        text = source.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {source}"
        target = tmp_path / (name or source.name)
        target.write_text(text.replace(old, new), encoding="utf-8")
        return target

    return copy


@pytest.fixture
def line_of() -> Callable[[Path, str], int]:
    """The 1-based number of the only line of `path` that contains `text`."""

    def find(path: Path, text: str) -> int:
        lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
        assert len(lines) == 1, f"{text!r} is on lines {lines} of {path}"
        return lines[0]

    return find


@pytest.fixture
def assert_bad_input() -> Callable[..., None]:
    """Exit 2, every expected fragment (location, field, value) in stderr, nothing on stdout."""

    def check(result: Result, *fragments: str) -> None:
        assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith("error: ")
        for fragment in fragments:
            assert fragment in result.stderr
        assert "Traceback" not in result.stderr

    return check
