"""How an evidence kind is recognised in the places work is recorded: the `detect` block of a kind.

A framework says, per evidence kind, which traces of work suggest an item of that kind:
files a commit adds (`files_added`), commit trailers that name the person
(`trailers`), words in a commit message or a pull request (`message_patterns`), merged
pull or merge requests and the reviews a person gave, release tags, ticket types and
labels, and words in a brag document (`keywords`). `ladders.core.evidence_scan` applies
these rules; nothing in Python names a kind. A kind without `detect` is never suggested,
which is how a ladder says that a kind cannot be told from the record.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated

from pydantic import Field, field_validator

from ladders.core.validation import Strict, free_text

Glob = Annotated[str, free_text(200, min_length=1)]
Word = Annotated[str, free_text(80, min_length=1)]
TrailerName = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]*$", max_length=80)]


class Detection(Strict):
    """The traces of work that suggest an item of one evidence kind (all optional)."""

    files_added: list[Glob] = Field(default_factory=list)
    trailers: list[TrailerName] = Field(default_factory=list)
    message_patterns: list[Annotated[str, free_text(300, min_length=1)]] = Field(default_factory=list)
    merged_requests: bool = False
    reviews_given: bool = False
    request_labels: list[Word] = Field(default_factory=list)
    release_tags: list[Glob] = Field(default_factory=list)
    ticket_types: list[Word] = Field(default_factory=list)
    ticket_labels: list[Word] = Field(default_factory=list)
    keywords: list[Word] = Field(default_factory=list)

    @field_validator("message_patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"'{pattern}' is not a valid regular expression: {error}") from None
        return patterns


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: `*` and `?` stay inside one folder, `**/` spans any number of them.

    `[0-9]` is a character class as in the shell. A pattern without a `/` matches the file
    name in any folder (as in `.gitignore`), so `*.pptx` finds slides wherever they are.
    """
    if "/" not in pattern:
        pattern = "**/" + pattern
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z", re.IGNORECASE)


def glob_match(patterns: list[str], path: str) -> str | None:
    """The first of `patterns` that matches `path` (a `/`-separated repository path), if any."""
    for pattern in patterns:
        if glob_regex(pattern).match(path):
            return pattern
    return None
