"""Errors that carry a location, so a person can find and fix what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is and what to do about it."""

    message: str
    source: str = "<input>"
    line: int | None = None
    column: int | None = None
    field: str = ""

    def where(self) -> str:
        """`file:line:column`, leaving out what is unknown."""
        parts = [self.source]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.where()}:{field} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


def unknown_message(what: str, value: object, known: Iterable[str]) -> str:
    """The one wording for an id a framework does not define: what it is, and the ids it does define."""
    return f"unknown {what} '{value}' (expected one of: {', '.join(known)})"


class InputError(ValueError):
    """Bad input from a person: one or more problems, each with its location.

    Raised by every loader in `ladders.core`; the CLI turns it into exit code 2 and the
    server into a 4xx answer. It never means a bug in ladders.
    """

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
