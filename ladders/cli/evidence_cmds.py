"""`ladders evidence suggest` and `ladders evidence review`: evidence from where the work happened.

`suggest` scans git repositories, forge exports, a Jira CSV and brag docs and prints
suggestions (or posts them to a person's inbox on the team server); `review` walks a
suggestions file and writes the accepted ones into a profile, keeping its comments.
The rules are in `ladders.core` (`evidence_suggest`, `profile_writer`); this module parses,
calls and renders.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ladders.cli.common import fail, interactive, parse_date, reporting_input_errors, write_output
from ladders.core.errors import Problem

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ladders.core.framework import Framework
    from ladders.core.suggestions import Suggestion

evidence_app = typer.Typer(
    help="Suggest evidence from git, forge exports, tickets and brag docs; review it.", no_args_is_help=True
)


class SuggestFormat(StrEnum):
    text = "text"
    json = "json"
    yaml = "yaml"


FrameworkOption = Annotated[
    Path | None,
    typer.Option("--framework", "-f", help="Framework YAML file (default: the AI engineer ladder)."),
]


def _framework(path: Path | None) -> Framework:
    from ladders.core.framework_loader import framework_load

    return framework_load(path)


class _Bar:
    """A progress bar on stderr for long git scans; nothing when stderr is not a terminal."""

    def __init__(self) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("reading commits", total=total)
        assert self._task is not None
        self._progress.update(self._task, completed=done, total=max(total, done))

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


@evidence_app.command("suggest")
def evidence_suggest(
    git: Annotated[
        list[Path] | None, typer.Option("--git", help="A git repository to scan (repeatable).")
    ] = None,
    author: Annotated[
        list[str] | None,
        typer.Option(
            "--author", help="Your address in git, or your user name on the forge or in Jira (repeatable)."
        ),
    ] = None,
    github: Annotated[list[Path] | None, typer.Option("--github", help="A GitHub REST JSON export.")] = None,
    gitlab: Annotated[list[Path] | None, typer.Option("--gitlab", help="A GitLab REST JSON export.")] = None,
    jira: Annotated[list[Path] | None, typer.Option("--jira", help="A Jira CSV export.")] = None,
    jira_url: Annotated[
        str | None, typer.Option("--jira-url", help="Your Jira's address, to link each issue.")
    ] = None,
    brag: Annotated[list[Path] | None, typer.Option("--brag", help="A brag document in Markdown.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only work dated on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only work dated on or before (YYYY-MM-DD).")
    ] = None,
    framework: FrameworkOption = None,
    format: Annotated[
        SuggestFormat, typer.Option("--format", help="text, json or yaml.")
    ] = SuggestFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    post: Annotated[
        str | None, typer.Option("--post", help="Send the suggestions to this inbox URL of the team server.")
    ] = None,
    token: Annotated[str | None, typer.Option("--token", help="API token for --post.")] = None,
) -> None:
    """Suggest evidence items, each citing its source, from the records named; nothing is written."""
    from ladders.core.evidence_suggest import suggest
    from ladders.core.suggestions import suggestion_dict

    start = parse_date(since, "--since")
    end = parse_date(until, "--until")
    gits, authors = git or [], author or []
    if not any((gits, github, gitlab, jira, brag)):
        fail(
            [
                Problem(
                    "name at least one of --git, --github, --gitlab, --jira or --brag", source="command line"
                )
            ]
        )
    if gits and not authors:
        fail(
            [Problem("--git needs --author: whose work to look for", source="command line", field="--author")]
        )
    if post is not None and not token:
        fail([Problem("--post needs --token", source="command line", field="--token")])
    bar = _Bar()
    with reporting_input_errors():
        fw = _framework(framework)
        try:
            found = suggest(
                fw,
                authors=authors,
                git=gits,
                github=github or [],
                gitlab=gitlab or [],
                jira=jira or [],
                brag=brag or [],
                since=start,
                until=end,
                jira_url=jira_url,
                progress=bar,
            )
        finally:
            bar.stop()
    payload = {"suggestions": [suggestion_dict(s) for s in found]}
    if post is not None:
        _post(post, token or "", payload)
        return
    if format is SuggestFormat.json:
        write_output(json.dumps(payload, indent=2, ensure_ascii=False), output)
    elif format is SuggestFormat.yaml:
        import yaml

        write_output(yaml.safe_dump(payload, sort_keys=False, allow_unicode=True), output)
    else:
        write_output(_text(found, fw), output)


def _text(found: list[Suggestion], fw: Framework) -> str:
    if not found:
        return "No suggestions."
    lines = []
    for s in found:
        kind = fw.kind_by_id[s.kind].name
        where = s.source.url or " ".join(
            part
            for part in (s.source.repository, (s.source.commit or "")[:10], s.source.path, s.source.key)
            if part
        )
        if s.source.lines and s.source.type in {"brag", "jira"}:
            where += f" lines {s.source.lines[0]}-{s.source.lines[1]}"
        lines.append(f"{s.date}  {kind}: {s.title}")
        lines.append(f"    {s.id}  confidence {s.confidence:.1f}  {s.source.type} {where}".rstrip())
        lines.append(f"    why: {s.why}")
        if s.outcome:
            lines.append(f"    outcome: {s.outcome}")
        for match in s.skill_matches:
            lines.append(f"    skill {match.skill}: matched {', '.join(match.words)}")
    lines.append(f"{len(found)} suggestions.")
    return "\n".join(lines)


def _post(url: str, token: str, payload: dict[str, list[dict[str, object]]]) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", errors="replace")[:500]
        fail(
            [
                Problem(
                    f"the server refused the suggestions ({error.code}): {body}", source=url, field="--post"
                )
            ]
        )
        return
    except (urllib.error.URLError, OSError) as error:
        fail([Problem(f"cannot reach the server: {error}", source=url, field="--post")])
        return
    print(
        f"sent {len(payload['suggestions'])} suggestions: {answer.get('added', 0)} new in the inbox, "
        f"{answer.get('known', 0)} already there or decided",
        file=sys.stderr,
    )


@evidence_app.command("review")
def evidence_review(
    profile: Annotated[Path, typer.Argument(help="Profile YAML file to add accepted items to.")],
    from_: Annotated[
        Path, typer.Option("--from", help="Suggestions file written by `suggest` (JSON or YAML).")
    ],
    accept: Annotated[
        list[str] | None,
        typer.Option("--accept", help="Accept this suggestion id without asking (repeatable)."),
    ] = None,
    reject: Annotated[
        list[str] | None,
        typer.Option("--reject", help="Reject this suggestion id without asking (repeatable)."),
    ] = None,
    framework: FrameworkOption = None,
) -> None:
    """Walk the suggestions not yet decided: accept, edit or reject each; accepted ones join the profile."""
    from ladders.core.profile import profile_load
    from ladders.core.profile_writer import (
        decisions_load,
        decisions_save,
        profile_add_evidence,
        profile_write,
    )
    from ladders.core.suggestions import as_evidence, suggestions_load

    with reporting_input_errors():
        fw = _framework(framework)
        person = profile_load(profile, fw)
        suggestions = suggestions_load(from_, fw)
        decisions = decisions_load(profile, person)
    known = {s.id for s in suggestions}
    unknown = [i for i in (accept or []) + (reject or []) if i not in known]
    if unknown:
        fail(
            [
                Problem(f"no suggestion '{i}' in the file", source=str(from_), field="--accept/--reject")
                for i in unknown
            ]
        )
    pending = [s for s in suggestions if not decisions.decided(s.id)]
    scripted = bool(accept or reject)
    accepted = []
    with interactive():
        for s in pending:
            if scripted:
                choice = "a" if s.id in (accept or []) else "r" if s.id in (reject or []) else "s"
            else:
                print(_text([s], fw).rsplit("\n", 1)[0])
                choice = (
                    typer.prompt("[a]ccept, [e]dit, [r]eject, [s]kip, [q]uit", default="s")
                    .strip()
                    .lower()[:1]
                )
            if choice == "q":
                break
            if choice == "e":
                s = _edited(s, fw)
                choice = "a"
            if choice == "a":
                accepted.append(as_evidence(s))
                decisions.accepted.add(s.id)
            elif choice == "r":
                decisions.rejected.add(s.id)
    with reporting_input_errors():
        text = profile_add_evidence(profile, fw, accepted, today=date.today())
    if accepted:
        profile_write(profile, text)
    decisions_save(profile, decisions)
    left = sum(1 for s in pending if not decisions.decided(s.id))
    print(
        f"{len(accepted)} accepted into {profile}, {len(pending) - left - len(accepted)} rejected, "
        f"{left} left to review",
        file=sys.stderr,
    )


def _edited(s: Suggestion, fw: Framework) -> Suggestion:
    """The suggestion as the person corrects it; every answer is checked when the profile is written."""
    title = typer.prompt("title", default=s.title)
    kind = typer.prompt("kind", default=s.kind)
    while kind not in fw.kind_by_id:
        print(f"unknown kind; one of: {', '.join(fw.kind_by_id)}", file=sys.stderr)
        kind = typer.prompt("kind", default=s.kind)
    day = typer.prompt("date (YYYY-MM-DD)", default=s.date.isoformat())
    outcome = typer.prompt("outcome (empty for none)", default=s.outcome or "", show_default=bool(s.outcome))
    skills = typer.prompt(
        "skills (comma-separated ids)", default=",".join(s.skills), show_default=bool(s.skills)
    )
    chosen = [x.strip() for x in skills.split(",") if x.strip()]
    unknown = [x for x in chosen if x not in fw.skill_by_id]
    if unknown:
        print(f"left out unknown skills: {', '.join(unknown)}", file=sys.stderr)
    try:
        when = date.fromisoformat(day)
    except ValueError:
        print("not a date; kept the suggested one", file=sys.stderr)
        when = s.date
    from pydantic import ValidationError

    from ladders.core.suggestions import Suggestion

    changed = s.model_dump(mode="json") | {
        "title": title.strip() or s.title,
        "kind": kind,
        "date": when.isoformat(),
        "outcome": outcome.strip() or None,
        "skills": [x for x in chosen if x in fw.skill_by_id],
    }
    try:
        return Suggestion.model_validate_json(json.dumps(changed))
    except ValidationError as error:
        print(f"kept the suggestion as it was: {error.errors()[0]['msg']}", file=sys.stderr)
        return s
