"""The `ladders` command line.

Commands parse their arguments, call `ladders.core`, and render; the rules of the ladder
live in the core. Heavy imports happen inside commands so `ladders assess` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ladders import __version__
from ladders.cli.common import Format, fail, interactive, parse_date, reporting_input_errors, write_output
from ladders.core.errors import Problem, unknown_message

if TYPE_CHECKING:
    from ladders.core.framework import Framework
    from ladders.core.results import AssessmentResult

app = typer.Typer(
    name="ladders",
    help="Engineering career ladders as data: assess a profile, plan the next level, rate org AI maturity.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
framework_app = typer.Typer(help="Show, validate and describe frameworks.", no_args_is_help=True)
profile_app = typer.Typer(help="Create profiles.", no_args_is_help=True)
app.add_typer(framework_app, name="framework")
app.add_typer(profile_app, name="profile")


def _register_evidence_commands() -> None:
    from ladders.cli.evidence_cmds import evidence_app

    app.add_typer(evidence_app, name="evidence")


_register_evidence_commands()


def _register_server_commands() -> None:
    from ladders.cli.server_cmds import backup, facts_app, restore, serve, token_app, user_app, worker

    app.command()(serve)
    app.command()(worker)
    app.command()(backup)
    app.command()(restore)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    app.add_typer(facts_app, name="facts")
    from ladders.cli.cycle_cmds import cycle_app, remind

    app.add_typer(cycle_app, name="cycle")
    app.command()(remind)


_register_server_commands()


def _register_framework_commands() -> None:
    from ladders.cli.framework_cmds import register

    register(framework_app)


_register_framework_commands()

FrameworkOption = Annotated[
    Path | None,
    typer.Option("--framework", "-f", help="Framework YAML file (default: the AI engineer ladder)."),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


def _version(value: bool) -> None:
    if value:
        print(f"ladders {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Engineering career ladders as data."""


def _framework(path: Path | None):
    from ladders.core.framework_loader import framework_load

    return framework_load(path)


@app.command()
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
        fw = _framework(framework)
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


@framework_app.command("validate")
def framework_validate(
    path: Annotated[Path, typer.Argument(help="Framework YAML file to check.")],
) -> None:
    """Check a framework file; report every problem with file:line:column and field."""
    with reporting_input_errors():
        fw = _framework(path)
    skills = len(fw.skills)
    gates = sum(len(level.gates) for level in fw.levels)
    print(
        f"{path}: valid {fw.id} {fw.version}: {len(fw.levels)} levels, {skills} skills, "
        f"{len(fw.evidence_kinds)} evidence kinds, {gates} gates ({fw.content_hash})"
    )


class ShowFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _on_terminal() -> bool:
    return sys.stdout.isatty()


@framework_app.command("show")
def framework_show(
    path: Annotated[
        Path | None, typer.Argument(help="Framework YAML file (default: the AI engineer ladder).")
    ] = None,
    format: Annotated[ShowFormat, typer.Option("--format", help="text, json or markdown.")] = ShowFormat.text,
    level: Annotated[
        str | None, typer.Option("--level", help="Show only this level: focus, scope, gates and criteria.")
    ] = None,
    skill: Annotated[str | None, typer.Option("--skill", help="Show only this skill and its rubric.")] = None,
    output: OutputOption = None,
) -> None:
    """Show a framework: levels, skills with their rubrics, and the gates (in a pager on a terminal)."""
    with reporting_input_errors():
        fw = _framework(path)
    if level is not None and skill is not None:
        fail([Problem("give --level or --skill, not both", source="command line", field="--level")])
    if level is not None and level not in fw.level_index:
        fail(
            [Problem(unknown_message("level", level, fw.level_index), source="command line", field="--level")]
        )
    if skill is not None and skill not in fw.skill_by_id:
        fail(
            [Problem(unknown_message("skill", skill, fw.skill_by_id), source="command line", field="--skill")]
        )
    if format is ShowFormat.json:
        data = fw.model_dump(mode="json", by_alias=True, exclude_none=True)
        if level is not None:
            data = {
                **data["levels"][fw.level_index[level]],
                "criteria": [c for c in data.get("criteria", []) if c["level"] == level],
            }
        elif skill is not None:
            data = next(s for s in data["skills"] if s["id"] == skill)
        data["hash"] = fw.content_hash
        write_output(json.dumps(data, indent=2, ensure_ascii=False), output)
        return
    from ladders.reports.framework_markdown import framework_markdown, level_markdown, skill_markdown

    if level is not None:
        text = level_markdown(fw, level)
    elif skill is not None:
        text = "\n".join(skill_markdown(fw, skill))
    else:
        text = framework_markdown(fw)
    if format is ShowFormat.markdown:
        write_output(text, output)
        return
    from rich.console import Console
    from rich.markdown import Markdown

    document = Markdown(text)
    if output is None:
        console = Console()
        if _on_terminal():
            with console.pager(styles=True):
                console.print(document)
        else:
            console.print(document)
    else:
        with open(os.devnull, "w") as sink:
            console = Console(record=True, width=100, file=sink)
            console.print(document)
        write_output(console.export_text(), output)


@framework_app.command("schema")
def framework_schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the framework format, for editor autocompletion."""
    from ladders.core.schema import framework_json_schema

    write_output(json.dumps(framework_json_schema(), indent=2), output)


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
        fw = _framework(framework)
        text = profile_interview(fw)
    write_output(text, output)


@app.command()
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
        fw = _framework(framework)
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


def main() -> None:
    """Console entry point: a bug exits 1 with a short message instead of a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as error:  # a bug in ladders, not bad input: say so plainly
        import os

        if os.environ.get("LADDERS_DEBUG"):
            raise
        print(f"ladders: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("This is a bug in ladders; set LADDERS_DEBUG=1 to see the traceback.", file=sys.stderr)
        sys.exit(1)
