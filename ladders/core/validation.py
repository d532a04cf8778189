"""Turn pydantic's validation errors into located, readable problems."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from ladders.core.errors import InputError, Problem
from ladders.core.text import NUL_MESSAGE
from ladders.core.yamlsource import Document, PathKey, SourceMap

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base for every input model: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


NO_NUL = r"^[^\x00]*$"
"""The pattern of free text: anything but NUL, which PostgreSQL cannot store and nobody means.

A pattern rather than a Python validator, so the check runs inside pydantic-core and
loading a framework or a thousand profiles stays as fast. Ids have stricter patterns."""


def free_text(max_length: int, *, min_length: int = 0) -> Any:
    """Free text of `min_length` to `max_length` characters that never holds a NUL.

    Used as `Annotated[str, free_text(...)]`: the constraint is metadata, so type checkers
    still see a plain `str`.
    """
    return Field(min_length=min_length, max_length=max_length, pattern=NO_NUL)


def _message(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown key; check its spelling against the documented format"
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}"
    if kind in {"int_type", "int_parsing"}:
        return "must be a whole number"
    if kind in {"float_type", "float_parsing"}:
        return "must be a number"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NO_NUL:
        return NUL_MESSAGE
    if kind in {"string_type"}:
        return "must be text"
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing"}:
        return "must be a date written as YYYY-MM-DD"
    if kind in {"list_type"}:
        return "must be a list"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return "must be a mapping of keys to values"
    if kind in {"bool_type", "bool_parsing"}:
        return "must be true or false"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _location(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], bool]:
    """Drop pydantic's internal parts of a location and say whether it names a key."""
    parts: list[Any] = []
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        if isinstance(part, str) and (part.startswith("function-") or "[" in part):
            continue
        parts.append(part)
    return tuple(parts), is_key


def problems_from(error: ValidationError, where: SourceMap, *, at: PathKey = ()) -> list[Problem]:
    """One located problem per pydantic error, in the order they appear in the file.

    `at` is the path of the value validated, when it was one value of a larger input.
    """
    problems = []
    for item in error.errors(include_url=False):
        path, is_key = _location(item["loc"])
        is_key = is_key or item["type"] == "extra_forbidden"
        problems.append(where.problem((*at, *path), _message(item), key=is_key))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def value_validate(annotation: Any, value: Any, where: SourceMap, *, at: PathKey = ()) -> Any:
    """`value` checked against `annotation` strictly, as the same value in a file would be.

    For input that arrives one value at a time (a form, a JSON body) rather than as a
    document: the problems, and their wording, are those a profile file would get.
    """
    try:
        return _adapter(annotation).validate_python(value, strict=True)
    except ValidationError as err:
        raise InputError(problems_from(err, where, at=at)) from None


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def validate_document(model: type[M], document: Document) -> M:
    """Validate a parsed YAML document against `model`, raising located problems."""
    if not isinstance(document.data, dict):
        raise InputError([document.where.problem((), "the document must be a mapping of keys")])
    try:
        return model.model_validate(document.data)
    except ValidationError as err:
        raise InputError(problems_from(err, document.where)) from None


def _iso_date(value: Any) -> Any:
    """Accept a quoted ISO date ("2026-11-01") as well as YAML's native date."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("must be a date written as YYYY-MM-DD") from None
    return value


Day = Annotated[date, BeforeValidator(_iso_date)]
"""A calendar date; strict otherwise, so numbers and datetimes are still refused."""
