"""The errors services raise, one class per kind of refusal.

A service says what went wrong by the class it raises, and the class carries its HTTP
status: the API's one handler (`ladders.api.errors`) and the pages answer with it, so no
service or view picks a status code itself. `field` names the input at fault, for a form to put
the message beside it and for the API's JSON body.
"""

from __future__ import annotations

from typing import ClassVar


class ServiceError(ValueError):
    """A request that cannot be carried out as asked; the message says why."""

    status: ClassVar[int] = 400

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


class BadRequest(ServiceError):
    """The request itself is wrong in a way no field explains."""


class Forbidden(ServiceError):
    """The caller may see the thing but not do this to it."""

    status = 403


class NotFound(ServiceError):
    """No such thing, or one the caller may not know exists: both get the same answer."""

    status = 404


class Conflict(ServiceError):
    """The thing changed or exists already; reloading and trying again may work."""

    status = 409


class Invalid(ServiceError):
    """A value is wrong; `field` names it."""

    status = 422


class Throttled(ServiceError):
    """Too many attempts; wait and try again."""

    status = 429
