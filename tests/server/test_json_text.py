"""The JSON text the API answers and stores decodes to the value `json.dumps` would write."""

from __future__ import annotations

import json

from ladders.server.json_text import json_text


def test_decodes_to_what_json_dumps_writes():
    value = {
        "level": "L3",
        "name": "Zoë Ångström 名前",
        "points": {"total": 12.5, "tiny": 1e-7, "whole": 3.0, "count": 4},
        "checks": [{"passed": True, "ids": ["e1", "e2"]}, {"passed": False, "ids": []}],
        "ceiling": None,
        1: "integer keys become strings",
    }
    assert json.loads(json_text(value)) == json.loads(json.dumps(value, ensure_ascii=False))


def test_non_finite_numbers_are_written_as_json_dumps_writes_them():
    value = [float("inf"), float("-inf")]
    assert json_text(value) == json.dumps(value, separators=(",", ":"))
