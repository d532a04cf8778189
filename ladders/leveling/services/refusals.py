"""How the leveling services refuse: a stale copy, and the core's problems as one 422."""

from __future__ import annotations

from ladders.core.errors import InputError
from ladders.server.errors import Conflict, Invalid, ServiceError


class StaleEdit(Conflict):
    """Someone else saved first; the caller's copy is out of date (HTTP 409)."""

    def __init__(self, message: str = "this record changed since you loaded it; reload and try again"):
        super().__init__(message)


def input_refusal(error: InputError) -> ServiceError:
    """Every problem the core found, in one message; `field` names the first."""
    first = error.problems[0]
    message = "; ".join((f"{p.field}: {p.message}" if p.field else p.message) for p in error.problems)
    return Invalid(message, field=first.field)
