"""JSON text of engine results, for the API's responses and the stored live results.

A computed assessment is about 14 kB of JSON; the standard library's encoder took about
0.09 ms for it, the largest single cost of a computed API request after the queries, and
a first request after the stored result expired encoded it twice more to store it.
pydantic-core (already installed with pydantic) encodes the same value in about a third
of the time. The text is compact and UTF-8 rather than `json.dumps`'s spaced ASCII; it
decodes to the same value (tests/server/test_json_text.py), and non-finite numbers are
written as `json.dumps` writes them.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import to_json


def json_text(value: Any) -> str:
    """`value` (plain dicts, lists, strings and numbers) as JSON text."""
    return to_json(value, inf_nan_mode="constants").decode()
