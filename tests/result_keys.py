"""The top-level keys of an assessment result, as the framework spec and docs/assessment.md promise.

`ladders assess --format json` and the API's assessment route return the same result, so
the CLI and API tests hold both to this one list.
"""

from __future__ import annotations

RESULT_KEYS = frozenset(
    {
        "framework",
        "person",
        "level",
        "next_level",
        "self_assessed_level",
        "misread",
        "gates",
        "plan",
        "pitfalls",
        "growth_ceiling",
        "compensation",
    }
)
