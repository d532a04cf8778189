"""`ladders assess`: one profile against a framework, the command people run most.

It is the one a person waits for, so it imports what one assessment needs when it runs:
the reports and Rich only for the format asked for (tests/cli/test_assess_import_budget.py).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ladders.cli.common import (
    Format,
    FrameworkOption,
    OutputOption,
    fail,
    framework_from_option,
    parse_date,
    reporting_input_errors,
    write_output,
)
from ladders.core.errors import Problem, unknown_message

if TYPE_CHECKING:
    from ladders.core.framework import Framework
    from ladders.core.results import AssessmentResult


def assess(
    profile: Annotated[Path, typer.Argument(help="Profile YAML file.")],
    framework: FrameworkOption = None,
    bands: Annotated[
        Path | None, typer.Option("--bands", "-b", help="Compensation bands YAML (enables the pay section).")
    ] = None,
    target: Annotated[str | None, typer.Option("--target", "-t", help="Plan for this level id.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Assess as of this date (YYYY-MM-DD).")] = None,
    format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    output: OutputOption = None,
) -> None:
    """Assess a profile: level and why, gate checks with evidence, plan, pitfalls, ceiling."""
    from ladders.core.compensation import bands_load
    from ladders.core.engine import assess as run_assessment
    from ladders.core.profile import profile_load

    when = parse_date(as_of, "--as-of")
    with reporting_input_errors():
        fw = framework_from_option(framework)
        person = profile_load(profile, fw, today=date.today())
        band_data = bands_load(bands, fw) if bands is not None else None
        if target is not None and target not in fw.level_index:
            fail(
                [
                    Problem(
                        unknown_message("level", target, fw.level_index),
                        source="command line",
                        field="--target",
                    )
                ]
            )
        result = run_assessment(fw, person, as_of=when, target=target, bands=band_data)
    _emit_result(result, fw, format, output)


def _emit_result(result: AssessmentResult, fw: Framework, format: Format, output: Path | None) -> None:
    if format is Format.json:
        write_output(json.dumps(result, indent=2, ensure_ascii=False), output)
    elif format is Format.markdown:
        from ladders.reports.markdown import render_markdown

        write_output(render_markdown(result, fw), output)
    elif format is Format.html:
        from ladders.reports.html import render_html

        write_output(render_html(result, fw), output)
    else:
        from ladders.cli.render_text import assessment_renderable, render_text

        if output is None:
            from rich.console import Console

            Console().print(assessment_renderable(result, fw))
        else:
            write_output(render_text(result, fw), output)
