"""What every command shares: loading inputs, reporting problems, writing output."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ladders.core.errors import InputError, Problem

if TYPE_CHECKING:
    from ladders.core.framework import Framework

T = TypeVar("T")
EXIT_BAD_INPUT = 2

FrameworkOption = Annotated[
    Path | None,
    typer.Option("--framework", "-f", help="Framework YAML file (default: the AI engineer ladder)."),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def fail(problems: list[Problem]) -> None:
    """Print every problem to stderr, one per line, and exit with code 2."""
    err = sys.stderr
    count = len(problems)
    for problem in problems:
        print(f"error: {problem}", file=err)
    if count > 1:
        print(f"{count} problems found.", file=err)
    raise typer.Exit(EXIT_BAD_INPUT)


@contextmanager
def reporting_input_errors() -> Iterator[None]:
    """Turn bad input into a located message and exit 2, never a traceback."""
    try:
        yield
    except InputError as error:
        fail(error.problems)


def framework_from_option(path: Path | None) -> Framework:
    """The framework a `--framework` option names; without one, the shipped default ladder.

    The default comes through the user's cache (`ladders.cli.framework_cache`): a one-shot
    command would otherwise check the same file on every run.
    """
    if path is None:
        from ladders.cli.framework_cache import default_framework

        return default_framework()
    from ladders.core.framework_loader import framework_load

    return framework_load(path)


def guarded(fn: Callable[[], T]) -> T:
    with reporting_input_errors():
        return fn()
    raise AssertionError("unreachable")  # pragma: no cover


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(
            [Problem(f"'{value}' is not a date; write it as YYYY-MM-DD", source="command line", field=option)]
        )
    return None  # pragma: no cover


def write_output(text: str, output: Path | None) -> None:
    """Print to stdout, or write the file in one step so a failure leaves no half file."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    target = output.resolve()
    if not target.parent.is_dir():
        fail([Problem("the folder does not exist", source=str(output), field="--output")])
    if target.is_dir():
        fail([Problem("this is a folder; name a file to write", source=str(output), field="--output")])
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp makes the file private; give it the mode any new file would get.
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"wrote {output}", file=sys.stderr)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def interactive() -> Iterator[None]:
    """Questions cut short (Ctrl+C, or input ending) stop cleanly with exit 130."""
    try:
        yield
    except (typer.Abort, EOFError, KeyboardInterrupt):
        print("\ninterrupted: nothing was written", file=sys.stderr)
        raise typer.Exit(130) from None
