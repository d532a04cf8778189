"""The JSON Schema of the framework format, derived from the models that validate it.

Deriving it (rather than writing it by hand) keeps editors' autocompletion and the
loader from ever disagreeing about what a framework file may contain.
"""

from __future__ import annotations

from typing import Any

from ladders.core.framework import Framework


def framework_json_schema() -> dict[str, Any]:
    schema = Framework.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:ladders:framework:1",
        "title": "ladders framework",
        "description": (
            "A career ladder as data: levels, skills with rubrics, evidence kinds, gate rules, "
            "pitfalls, maturity model, transitions and compensation policy."
        ),
        **{k: v for k, v in schema.items() if k not in {"title", "description"}},
    }
