"""`ladders maturity`: rate an organisation's AI maturity, from an answers file or by questions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ladders.cli.common import (
    Format,
    FrameworkOption,
    OutputOption,
    fail,
    framework_from_option,
    interactive,
    reporting_input_errors,
    write_output,
)
from ladders.core.errors import Problem


def maturity(
    answers: Annotated[
        Path | None, typer.Argument(help="Answers YAML; without it, answer the questions interactively.")
    ] = None,
    framework: FrameworkOption = None,
    format: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
    save: Annotated[
        Path | None, typer.Option("--save", help="Interactive mode: also save the answers to this file.")
    ] = None,
    output: OutputOption = None,
) -> None:
    """Rate your organisation's AI maturity across eight SDLC phases."""
    from ladders.core.maturity import answers_load, maturity_assess

    with reporting_input_errors():
        fw = framework_from_option(framework)
        if answers is None:
            from ladders.cli.questionnaires import maturity_interview

            with interactive():
                data, text = maturity_interview(fw)
            if save is not None:
                write_output(text, save)
        else:
            data = answers_load(answers, fw)
        result = maturity_assess(fw, data)
    if format is Format.json:
        write_output(json.dumps(result, indent=2, ensure_ascii=False), output)
    elif format is Format.text:
        from ladders.cli.maturity_text import maturity_text

        write_output(maturity_text(result, fw), output)
    else:
        fail([Problem("maturity supports text and json", source="command line", field="--format")])
