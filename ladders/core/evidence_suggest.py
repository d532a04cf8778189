"""`suggest`: every source a person names, scanned with one framework, as one ordered list.

Stateless by design: the same inputs give the same suggestions with the same ids, in the
same order. What a person has already accepted or rejected is remembered by `review`
(`ladders.core.profile_writer`) and by the server's inbox, which filter by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from ladders.core.evidence_brag import brag_suggestions, scan_brag
from ladders.core.evidence_exports import (
    decoded,
    github_suggestions,
    gitlab_suggestions,
    jira_suggestions,
    parsed_json,
    scan_github,
    scan_gitlab,
    scan_jira,
)
from ladders.core.evidence_git import Progress, scan_git
from ladders.core.framework import Framework
from ladders.core.suggestions import Suggestion, SuggestionFile, ordered
from ladders.core.validation import validate_document
from ladders.core.yamlsource import load_yaml_text


def suggest(
    fw: Framework,
    *,
    authors: Sequence[str] = (),
    git: Sequence[Path] = (),
    github: Sequence[Path] = (),
    gitlab: Sequence[Path] = (),
    jira: Sequence[Path] = (),
    brag: Sequence[Path] = (),
    since: date | None = None,
    until: date | None = None,
    jira_url: str | None = None,
    progress: Progress | None = None,
) -> list[Suggestion]:
    """The suggestions of every source; `authors` are addresses (git) and user names (forges, Jira)."""
    logins = [a for a in authors if "@" not in a]
    found: list[Suggestion] = []
    for repo in git:
        found += scan_git(repo, fw, list(authors), since=since, until=until, progress=progress)
    for path in github:
        found += scan_github(path, fw, logins, since=since, until=until)
    for path in gitlab:
        found += scan_gitlab(path, fw, logins, since=since, until=until)
    for path in jira:
        found += scan_jira(path, fw, list(authors), since=since, until=until, base_url=jira_url)
    for path in brag:
        found += scan_brag(path, fw, since=since, until=until)
    return ordered(found)


UploadType = Literal["brag", "github", "gitlab", "jira", "suggestions"]
UPLOAD_TYPES: tuple[UploadType, ...] = ("brag", "github", "gitlab", "jira", "suggestions")
"""What the evidence inbox accepts as a file: one source's export, or a `suggest` output."""


def suggest_from_upload(
    fw: Framework, *, kind: UploadType, name: str, data: bytes, authors: Sequence[str] = ()
) -> list[Suggestion]:
    """The suggestions of one uploaded file (bounded like any input); `name` names it in errors."""
    text = decoded(data, name)
    logins = [a for a in authors if "@" not in a]
    if kind == "brag":
        found = brag_suggestions(text, fw, Path(name).name)
    elif kind == "github":
        found = github_suggestions(parsed_json(text, name), name, fw, logins)
    elif kind == "gitlab":
        found = gitlab_suggestions(parsed_json(text, name), name, fw, logins)
    elif kind == "jira":
        found = jira_suggestions(text, name, fw, list(authors))
    else:
        found = validate_document(SuggestionFile, load_yaml_text(text, name)).suggestions
    return ordered(found)
