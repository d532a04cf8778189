"""`ladders framework`: validate, show and describe frameworks, and move them in and out of ladders.

The conversions are in `ladders.core.interchange`; the lint in `ladders.core.lint`; the site
in `ladders.reports.framework_site`. These commands read files, call them and write.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ladders.cli.common import (
    OutputOption,
    fail,
    framework_from_option,
    reporting_input_errors,
    write_output,
)
from ladders.core.errors import InputError, Problem, unknown_message

framework_app = typer.Typer(help="Show, validate and describe frameworks.", no_args_is_help=True)


class ImportFormat(StrEnum):
    monzo = "monzo"
    csv = "csv"
    case = "case"


class ExportFormat(StrEnum):
    csv = "csv"
    case = "case"


def _text(path: Path, *, limit: int | None = None) -> tuple[str, str]:
    from ladders.core import limits
    from ladders.core.reading import read_bounded

    data, source = read_bounded(path, limit=limit or limits.YAML_BYTES)
    try:
        return data.decode("utf-8"), source
    except UnicodeDecodeError as err:
        raise InputError([Problem(f"not UTF-8 text ({err.reason})", source=source)]) from None


def framework_yaml(data: dict, source: str) -> str:
    """`data` as framework YAML, checked by the loader like any framework file."""
    import yaml

    from ladders.core.framework_loader import framework_from_text

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    framework_from_text(text, f"{source} (converted)")
    return text


@framework_app.command("import")
def framework_import(
    path: Annotated[Path, typer.Argument(help="The file to import (`-` for standard input).")],
    source_format: Annotated[
        ImportFormat, typer.Option("--from", help="The file's format: monzo, csv or case.")
    ] = ImportFormat.monzo,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold", help="Monzo: the share of each topic's criteria a level needs (0-1, default 1.0)."
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    """Convert a framework from another format into a ladders framework YAML file."""
    from ladders.core import limits

    if threshold is not None and source_format is not ImportFormat.monzo:
        fail(
            [Problem("--threshold applies to --from monzo only", source="command line", field="--threshold")]
        )
    if threshold is not None and not 0 <= threshold <= 1:
        fail([Problem("the threshold is a share from 0 to 1", source="command line", field="--threshold")])
    with reporting_input_errors():
        if source_format is ImportFormat.monzo:
            from ladders.core.interchange.monzo import monzo_import

            text, source = _text(path)
            data = monzo_import(text, source, share=1.0 if threshold is None else threshold)
        elif source_format is ImportFormat.csv:
            from ladders.core.interchange.spreadsheet import csv_import

            text, source = _text(path, limit=limits.CSV_BYTES)
            data = csv_import(text, source)
        else:
            from ladders.core.interchange.case import case_import

            text, source = _text(path)
            data = case_import(text, source)
        result = framework_yaml(data, source)
    write_output(result, output)


@framework_app.command("export")
def framework_export(
    path: Annotated[Path, typer.Argument(help="Framework YAML file to export.")],
    to: Annotated[
        ExportFormat, typer.Option("--to", help="The format to write: csv or case.")
    ] = ExportFormat.csv,
    output: OutputOption = None,
) -> None:
    """Write a framework in another format; importing the result gives the same content hash."""
    from ladders.core.framework_loader import framework_from_document
    from ladders.core.yamlsource import load_yaml_file

    with reporting_input_errors():
        document = load_yaml_file(path)
        framework_from_document(document)
    if to is ExportFormat.csv:
        from ladders.core.interchange.spreadsheet import csv_export

        write_output(csv_export(document.data), output)
        return
    from datetime import UTC, datetime

    from ladders.core.interchange.case import case_export

    changed = datetime.now(UTC).isoformat(timespec="seconds")
    package = case_export(document.data, changed=changed)
    write_output(json.dumps(package, indent=2, ensure_ascii=False, default=str), output)


EXIT_LINT_ERRORS = 1


@framework_app.command("lint")
def framework_lint(
    path: Annotated[Path, typer.Argument(help="Framework YAML file to lint.")],
) -> None:
    """Find what is valid but probably not meant; exit 1 on errors, warnings are listed."""
    from ladders.core.framework_loader import framework_from_document
    from ladders.core.lint import lint
    from ladders.core.yamlsource import load_yaml_file

    with reporting_input_errors():
        document = load_yaml_file(path)
        fw = framework_from_document(document)
    findings = lint(fw, document.where)
    for finding in findings:
        print(finding)
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    print(f"{path}: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes")
    if counts["error"]:
        raise typer.Exit(EXIT_LINT_ERRORS)


@framework_app.command("site")
def framework_site(
    path: Annotated[Path, typer.Argument(help="Framework YAML file to publish.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write the site into.")],
) -> None:
    """Write a static site of the framework that works from file:// and any static host."""
    from ladders.core.framework_loader import framework_load
    from ladders.reports.framework_site import write_site

    with reporting_input_errors():
        fw = framework_load(path)
    if output.exists() and not output.is_dir():
        fail([Problem("this is a file; name a folder for the site", source=str(output), field="--output")])
    if not output.parent.resolve().is_dir():
        fail([Problem("the folder above it does not exist", source=str(output), field="--output")])
    written = write_site(fw, output)
    print(f"wrote {len(written)} files to {output} (open {output / 'index.html'})")


@framework_app.command("validate")
def framework_validate(
    path: Annotated[Path, typer.Argument(help="Framework YAML file to check.")],
) -> None:
    """Check a framework file; report every problem with file:line:column and field."""
    with reporting_input_errors():
        fw = framework_from_option(path)
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
        fw = framework_from_option(path)
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
