"""`ladders profile new`: a few questions, and a valid profile YAML to assess."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ladders.cli.common import (
    FrameworkOption,
    fail,
    framework_from_option,
    interactive,
    reporting_input_errors,
    write_output,
)
from ladders.core.errors import Problem

profile_app = typer.Typer(help="Create profiles.", no_args_is_help=True)


@profile_app.command("new")
def profile_new(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the profile.")] = Path(
        "profile.yaml"
    ),
    framework: FrameworkOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Answer a few questions and get a valid profile YAML to assess."""
    from ladders.cli.questionnaires import profile_interview

    if output.exists() and not force:
        fail([Problem("the file exists; use --force to overwrite it", source=str(output), field="--output")])
    with reporting_input_errors(), interactive():
        fw = framework_from_option(framework)
        text = profile_interview(fw)
    write_output(text, output)
