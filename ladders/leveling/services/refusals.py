"""How the leveling services refuse: a stale copy, and the core's problems as one 422.

Values people type are checked by the core's own functions (`checked`), the ones a
profile file is checked with, so the server's message is the file's message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ladders.core.errors import InputError, Problem
from ladders.core.validation import value_validate
from ladders.core.yamlsource import PathKey, SourceMap
from ladders.server.errors import Conflict, Invalid, ServiceError


class StaleEdit(Conflict):
    """Someone else saved first; the caller's copy is out of date (HTTP 409)."""

    def __init__(self, message: str = "this record changed since you loaded it; reload and try again"):
        super().__init__(message)


def input_refusal(error: InputError, *, field: str = "") -> ServiceError:
    """Every problem the core found, in one message.

    `field` is the input at fault, for a form to put the message beside; by default the
    first problem's top-level field (`skills` for `skills[1]`).
    """
    first = error.problems[0]
    message = "; ".join((f"{p.field}: {p.message}" if p.field else p.message) for p in error.problems)
    return Invalid(message, field=field or re.split(r"[.\[]", first.field, maxsplit=1)[0])


def checked(
    field: str,
    value: object,
    annotation: Any,
    problems_of: Callable[[Any, SourceMap, PathKey], list[Problem]],
) -> Any:
    """`value` of input `field`, checked as a profile file's value: its type, then `problems_of`.

    `annotation` is the core's type for it and `problems_of` the core's check against the
    framework (e.g. `partial(rating_problems, fw)`); any problem is a 422 naming `field`.
    """
    where, at = SourceMap(field), (field,)
    try:
        clean = value_validate(annotation, value, where, at=at)
        if problems := problems_of(clean, where, at):
            raise InputError(problems)
    except InputError as error:
        raise input_refusal(error, field=field) from None
    return clean
