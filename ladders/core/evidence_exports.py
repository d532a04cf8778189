"""Suggestions from saved forge and tracker exports: GitHub and GitLab REST JSON, a Jira CSV.

The files are the APIs' own responses, as `gh api`, `glab api` or a browser save them
(docs/evidence-import.md has the commands), never a format of ours:

- GitHub: pull requests (`GET /repos/{owner}/{repo}/pulls`: `merged_at`, `user.login`,
  `html_url`, `labels[].name`, `body`), search results (`GET /search/issues`: `items`, with
  `pull_request.merged_at`) and reviews (`GET /repos/{owner}/{repo}/pulls/{n}/reviews`:
  `user.login`, `state`, `submitted_at`, `html_url`, `pull_request_url`). A file may hold one
  response, a list of them, or the pages `gh api --paginate --slurp` writes.
- GitLab: merge requests (`GET /merge_requests`: `merged_at`, `author.username`, `web_url`,
  `labels`, `reviewers[].username`, `references.full`).
- Jira: the issue navigator's CSV export (`Issue key`, `Summary`, `Issue Type`, `Status`,
  `Resolved`, `Assignee`, and one `Labels` column per label).

Identities: `logins` are forge user names (and Jira assignees); with none, every
request in the file counts as the person's own, since the documented commands export only
their own, and reviews are never guessed: they need a login.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from ladders.core import limits
from ladders.core.detection import Detection
from ladders.core.errors import InputError, Problem
from ladders.core.framework import Framework
from ladders.core.profile import EvidenceSource
from ladders.core.reading import read_bounded, too_large
from ladders.core.suggestions import Suggestion, in_window, short_title, suggestion_id

_REVIEW_STATES = {"APPROVED": 0.8, "CHANGES_REQUESTED": 0.8, "COMMENTED": 0.5}


def _rules(fw: Framework) -> list[tuple[str, Detection]]:
    return [(kind.id, kind.detect) for kind in fw.evidence_kinds if kind.detect is not None]


def decoded(data: bytes, name: str) -> str:
    """`data` as text, refused with its file's name unless it is UTF-8 (a BOM is dropped)."""
    if len(data) > limits.EVIDENCE_EXPORT_BYTES:
        raise InputError([too_large(name, limits.EVIDENCE_EXPORT_BYTES)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError([Problem(f"not UTF-8 text (byte {error.start})", source=name)]) from None


def _read_text(path: str | Path) -> tuple[str, str]:
    data, name = read_bounded(path, limit=limits.EVIDENCE_EXPORT_BYTES)
    return decoded(data, name), name


def parsed_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem(f"not JSON: {error.msg}", source=name, line=error.lineno, column=error.colno)
        raise InputError([problem]) from None
    except RecursionError:
        raise InputError([Problem("JSON nested too deeply", source=name)]) from None


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every API object in a response, a list of responses or `--slurp`ed pages (`items` unwrapped)."""
    if isinstance(data, list):
        for element in data:
            yield from _objects(element)
    elif isinstance(data, dict):
        if isinstance(data.get("items"), list):
            yield from _objects(data["items"])
        else:
            yield data


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _login(user: Any, key: str) -> str:
    return str(user.get(key) or "") if isinstance(user, dict) else ""


def _labels(values: Any) -> list[str]:
    out = []
    for label in values if isinstance(values, list) else []:
        name = label.get("name") if isinstance(label, dict) else label
        if isinstance(name, str):
            out.append(name)
    return out


def _request_suggestions(
    fw: Framework,
    forge: Literal["github", "gitlab"],
    *,
    url: str,
    title: str,
    body: str,
    labels: list[str],
    day: date,
    number: str,
) -> list[Suggestion]:
    """What one merged request of the person suggests: shipped work, labelled kinds, message patterns."""
    source = EvidenceSource(type=forge, url=url)
    found = []
    wanted_labels = {label.lower() for label in labels}
    for kind, rule in _rules(fw):
        why = None
        confidence = 0.0
        if matched := [label for label in rule.request_labels if label.lower() in wanted_labels]:
            why, confidence = f"your merged request {number} is labelled '{matched[0]}'", 0.7
        elif any(re.search(p, f"{title}\n{body}") for p in rule.message_patterns):
            why, confidence = f"your merged request {number} describes a root cause or fix in its text", 0.6
        elif rule.merged_requests:
            why, confidence = f"your request {number} was merged on {day.isoformat()}", 0.7
        if why:
            found.append(
                Suggestion(
                    id=suggestion_id(forge, kind, url),
                    kind=kind,
                    title=short_title(title or number),
                    date=day,
                    source=source,
                    confidence=confidence,
                    why=why,
                )
            )
    return found


def scan_github(
    path: str | Path,
    fw: Framework,
    logins: list[str],
    *,
    since: date | None = None,
    until: date | None = None,
) -> list[Suggestion]:
    text, name = _read_text(path)
    return github_suggestions(parsed_json(text, name), name, fw, logins, since=since, until=until)


def github_suggestions(
    data: Any,
    name: str,
    fw: Framework,
    logins: list[str],
    *,
    since: date | None = None,
    until: date | None = None,
) -> list[Suggestion]:
    """The suggestions of a parsed GitHub response; `name` names it in errors."""
    mine = {login.lower() for login in logins}
    review_kinds = [kind for kind, rule in _rules(fw) if rule.reviews_given]
    found: list[Suggestion] = []
    for obj in _objects(data):
        if "submitted_at" in obj and "state" in obj:  # a pull request review
            login = _login(obj.get("user"), "login").lower()
            day = _day(obj.get("submitted_at"))
            state = str(obj.get("state") or "")
            if not mine or login not in mine or day is None or state not in _REVIEW_STATES:
                continue
            if not in_window(day, since, until):
                continue
            url = str(obj.get("html_url") or obj.get("pull_request_url") or "")
            request = str(obj.get("pull_request_url") or url).rsplit("/", 1)[-1]
            for kind in review_kinds:
                found.append(
                    Suggestion(
                        id=suggestion_id("github", kind, "review", str(obj.get("id") or url)),
                        kind=kind,
                        title=short_title(
                            f"Reviewed pull request #{request}" if request.isdigit() else "Review"
                        ),
                        date=day,
                        source=EvidenceSource(type="github", url=url or None),
                        confidence=_REVIEW_STATES[state],
                        why=f"{login} gave a review ({state.lower().replace('_', ' ')}) on {day.isoformat()}",
                    )
                )
            continue
        merged = obj.get("merged_at")
        if merged is None and isinstance(obj.get("pull_request"), dict):
            merged = obj["pull_request"].get("merged_at")  # a search result item
        day = _day(merged)
        if day is None or not in_window(day, since, until):
            continue
        login = _login(obj.get("user"), "login").lower()
        if mine and login not in mine:
            continue
        url = str(obj.get("html_url") or "")
        if not url:
            continue
        found += _request_suggestions(
            fw,
            "github",
            url=url,
            title=str(obj.get("title") or ""),
            body=str(obj.get("body") or ""),
            labels=_labels(obj.get("labels")),
            day=day,
            number=f"#{obj.get('number')}",
        )
    _nothing_recognised(found, data, name)
    return found


def scan_gitlab(
    path: str | Path,
    fw: Framework,
    logins: list[str],
    *,
    since: date | None = None,
    until: date | None = None,
) -> list[Suggestion]:
    text, name = _read_text(path)
    return gitlab_suggestions(parsed_json(text, name), name, fw, logins, since=since, until=until)


def gitlab_suggestions(
    data: Any,
    name: str,
    fw: Framework,
    logins: list[str],
    *,
    since: date | None = None,
    until: date | None = None,
) -> list[Suggestion]:
    """The suggestions of a parsed GitLab response; `name` names it in errors."""
    mine = {login.lower() for login in logins}
    review_kinds = [kind for kind, rule in _rules(fw) if rule.reviews_given]
    found: list[Suggestion] = []
    for obj in _objects(data):
        day = _day(obj.get("merged_at"))
        url = str(obj.get("web_url") or "")
        if day is None or not url or not in_window(day, since, until):
            continue
        author = _login(obj.get("author"), "username").lower()
        reference = str((obj.get("references") or {}).get("full") or f"!{obj.get('iid')}")
        reviewers = {_login(r, "username").lower() for r in obj.get("reviewers") or []}
        if mine and author not in mine:
            if mine & reviewers:
                for kind in review_kinds:
                    found.append(
                        Suggestion(
                            id=suggestion_id("gitlab", kind, "review", url),
                            kind=kind,
                            title=short_title(f"Reviewed: {obj.get('title') or reference}"),
                            date=day,
                            source=EvidenceSource(type="gitlab", url=url),
                            confidence=0.5,
                            why=f"you are a reviewer of merge request {reference}, merged {day.isoformat()}",
                        )
                    )
            continue
        found += _request_suggestions(
            fw,
            "gitlab",
            url=url,
            title=str(obj.get("title") or ""),
            body=str(obj.get("description") or ""),
            labels=_labels(obj.get("labels")),
            day=day,
            number=reference,
        )
    _nothing_recognised(found, data, name)
    return found


def _nothing_recognised(found: list[Suggestion], data: Any, name: str) -> None:
    """A file with objects none of which looks like the API's is a wrong file, not an empty record."""
    objects = list(_objects(data))
    if found or not objects:
        return
    known = {"merged_at", "submitted_at", "pull_request", "web_url", "html_url"}
    if not any(known & obj.keys() for obj in objects):
        raise InputError(
            [
                Problem(
                    "no pull request, merge request or review in this file; "
                    "see docs/evidence-import.md for the export commands",
                    source=name,
                )
            ]
        )


_JIRA_DATES = (
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M",
)


def _jira_day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    if found := _day(text):
        return found
    for pattern in _JIRA_DATES:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def scan_jira(
    path: str | Path,
    fw: Framework,
    people: list[str],
    *,
    since: date | None = None,
    until: date | None = None,
    base_url: str | None = None,
) -> list[Suggestion]:
    """Resolved issues of the CSV (assigned to one of `people`, if given) that a kind's ticket rule names."""
    text, name = _read_text(path)
    return jira_suggestions(text, name, fw, people, since=since, until=until, base_url=base_url)


def jira_suggestions(
    text: str,
    name: str,
    fw: Framework,
    people: list[str],
    *,
    since: date | None = None,
    until: date | None = None,
    base_url: str | None = None,
) -> list[Suggestion]:
    """The suggestions of a Jira CSV export's text; `name` names it in errors."""
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows)
    except StopIteration:
        raise InputError([Problem("the CSV is empty", source=name)]) from None
    except csv.Error as error:
        raise InputError([Problem(f"not a CSV: {error}", source=name, line=1)]) from None
    columns = [c.strip() for c in header]
    missing = [c for c in ("Issue key", "Summary", "Issue Type", "Resolved") if c not in columns]
    if missing:
        raise InputError(
            [
                Problem(
                    f"the Jira export has no column {', '.join(repr(m) for m in missing)}",
                    source=name,
                    line=1,
                )
            ]
        )
    at = {c: columns.index(c) for c in ("Issue key", "Summary", "Issue Type", "Resolved")}
    assignee = columns.index("Assignee") if "Assignee" in columns else None
    label_columns = [i for i, c in enumerate(columns) if c == "Labels"]
    wanted = {p.strip().lower() for p in people}
    rules = [(kind, rule) for kind, rule in _rules(fw) if rule.ticket_types or rule.ticket_labels]
    found: list[Suggestion] = []
    try:
        first = 2
        for count, row in enumerate(rows, start=1):
            line, first = first, rows.line_num + 1  # a quoted cell may span lines: cite them all
            last = rows.line_num
            if count > limits.EVIDENCE_SUGGESTIONS * 10:
                raise InputError([Problem("too many rows in the Jira export", source=name, line=line)])
            if not any(cell.strip() for cell in row):
                continue
            cell = {c: row[i].strip() if i < len(row) else "" for c, i in at.items()}
            day = _jira_day(cell["Resolved"])
            if day is None or not in_window(day, since, until):
                continue  # unresolved, or resolved outside the window
            if (
                wanted
                and assignee is not None
                and (row[assignee].strip().lower() if assignee < len(row) else "") not in wanted
            ):
                continue
            labels = {row[i].strip().lower() for i in label_columns if i < len(row) and row[i].strip()}
            issue_type = cell["Issue Type"].lower()
            key = cell["Issue key"]
            for kind, rule in rules:
                why = None
                if matched := [t for t in rule.ticket_labels if t.lower() in labels]:
                    why, confidence = (
                        f"{key} was resolved on {day.isoformat()} and is labelled '{matched[0]}'",
                        0.7,
                    )
                elif issue_type in {t.lower() for t in rule.ticket_types}:
                    why, confidence = f"{key} is a resolved {cell['Issue Type']}", 0.5
                if why:
                    url = f"{base_url.rstrip('/')}/browse/{key}" if base_url else None
                    found.append(
                        Suggestion(
                            id=suggestion_id("jira", kind, key),
                            kind=kind,
                            title=short_title(f"{key}: {cell['Summary']}" if cell["Summary"] else key),
                            date=day,
                            source=EvidenceSource(type="jira", key=key, url=url, lines=[line, last]),
                            confidence=confidence,
                            why=why,
                        )
                    )
    except csv.Error as error:
        raise InputError([Problem(f"not a CSV: {error}", source=name)]) from None
    return found
