"""Conventions shared by request bodies: unknown keys are refused and values are not coerced."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict


class StrictIn(Schema):
    """Base of every request body: `{"titel": ...}` or `"3"` for a number is a 422, not a guess."""

    model_config = ConfigDict(extra="forbid", strict=True)


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omittable(**kwargs: Any) -> Any:
    """A field that may be left out (keeping the stored value) but, when sent, may not be null."""
    return Field(None, json_schema_extra=_drop_default, **kwargs)


# PostgreSQL cannot store the NUL character in text, so it is refused as input (422) rather
# than failing on save.
NO_NUL = r"^[^\x00]*$"


def text(max_length: int) -> Any:
    """Free text typed by a person: at most `max_length` characters, no NUL character.

    Used as `Annotated[str, text(...)]`: the constraint is metadata, so type checkers still
    see a plain `str`.
    """
    return Field(max_length=max_length, pattern=NO_NUL)
