"""Evidence suggestions: what a scan of git, forge exports, tickets or a brag doc proposes.

A suggestion is not evidence: nothing is until a person accepts it. Each one carries a
stable id derived from its source (the same commit and path, pull request or ticket always
give the same id, so a rescan offers nothing twice), the framework's kind id, a title and
date, what is known of scope, skills and outcome, the source itself, a confidence between
0 and 1 and a sentence saying why it was suggested. Suggestions from a brag doc also quote
the span of text behind each field (`quotes`) and the words that matched each skill.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from ladders.core import limits
from ladders.core.errors import InputError
from ladders.core.framework import EvidenceKind, Framework
from ladders.core.profile import EvidenceId, EvidenceItem, EvidenceSource, Outcome, Title
from ladders.core.rules import Id
from ladders.core.validation import Day, Strict, free_text, validate_document
from ladders.core.yamlsource import load_yaml_file

SourceType = Literal["git", "github", "gitlab", "jira", "brag"]
Why = Annotated[str, free_text(1000, min_length=1)]
QuoteText = Annotated[str, free_text(limits.EVIDENCE_OUTCOME, min_length=1)]


class Quote(Strict):
    """The span of a brag doc one field was taken from: its text and lines (1-based, inclusive)."""

    field: Literal["title", "date", "outcome", "kind", "skills"]
    text: QuoteText
    lines: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=2, max_length=2)]


class SkillMatch(Strict):
    """A skill a suggestion names, and the words of the text that matched the skill's name or description."""

    skill: Id
    words: Annotated[list[Annotated[str, free_text(80, min_length=1)]], Field(min_length=1)]


class Suggestion(Strict):
    id: EvidenceId
    kind: Id
    title: Title
    date: Day
    scope: Id | None = None
    outcome: Outcome | None = None
    skills: list[Id] = Field(default_factory=list)
    source: EvidenceSource
    confidence: Annotated[float, Field(ge=0, le=1)]
    why: Why
    quotes: list[Quote] = Field(default_factory=list)
    skill_matches: list[SkillMatch] = Field(default_factory=list)


class SuggestionFile(Strict):
    """What `ladders evidence suggest --format json|yaml` writes and `review --from` reads."""

    suggestions: Annotated[list[Suggestion], Field(max_length=limits.EVIDENCE_SUGGESTIONS)]


def suggestion_id(source: SourceType, *parts: str) -> str:
    """A stable id: the source type and a digest of what identifies the trace (never a path on disk)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return f"{source}-{digest}"


def short_title(text: str) -> str:
    """`text` on one line, cut to the longest title an evidence item may have."""
    line = " ".join(text.split())
    if len(line) <= limits.EVIDENCE_TITLE:
        return line
    return line[: limits.EVIDENCE_TITLE - 3].rstrip() + "..."


def detecting_kinds(fw: Framework) -> list[tuple[EvidenceKind, object]]:
    """The kinds of `fw` that declare how they are detected, in the framework's order."""
    return [(kind, kind.detect) for kind in fw.evidence_kinds if kind.detect is not None]


def in_window(day: date, since: date | None, until: date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def ordered(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Newest first, then by id, one suggestion per id: the same inputs always print the same list."""
    unique = {s.id: s for s in suggestions}
    return sorted(unique.values(), key=lambda s: (-s.date.toordinal(), s.id))


def suggestions_load(path: str | Path, fw: Framework) -> list[Suggestion]:
    """Read a suggestions file (JSON or YAML, as `suggest` writes it); check kinds and skills against `fw`."""
    document = load_yaml_file(path)
    loaded = validate_document(SuggestionFile, document)
    problems = []
    for i, suggestion in enumerate(loaded.suggestions):
        if suggestion.kind not in fw.kind_by_id:
            problems.append(
                document.where.problem(("suggestions", i, "kind"), f"unknown kind '{suggestion.kind}'")
            )
        for j, skill in enumerate(suggestion.skills):
            if skill not in fw.skill_by_id:
                problems.append(
                    document.where.problem(("suggestions", i, "skills", j), f"unknown skill '{skill}'")
                )
    if problems:
        raise InputError(problems)
    return loaded.suggestions


def as_evidence(suggestion: Suggestion, *, item_id: str | None = None) -> EvidenceItem:
    """The evidence item a person accepts: the suggestion's fields, and its source with the suggestion id."""
    links = [suggestion.source.url] if suggestion.source.url else []
    return EvidenceItem(
        id=item_id,
        kind=suggestion.kind,
        title=suggestion.title,
        date=suggestion.date,
        scope=suggestion.scope,
        outcome=suggestion.outcome,
        skills=list(suggestion.skills),
        links=links,
        source=suggestion.source.model_copy(update={"suggestion": suggestion.id}),
    )


def suggestion_dict(suggestion: Suggestion) -> dict[str, object]:
    """The JSON form: every field, with the empty optional ones left out."""
    return suggestion.model_dump(mode="json", exclude_none=True)
