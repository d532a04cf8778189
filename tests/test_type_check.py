"""The assessment result's type is checked where it is made and where it is read.

`ladders.core.results` declares the result as TypedDicts; this runs mypy over the modules
that build the result and the renderers that read it, so a key typed wrong, a field read
without handling its None, or a result passed where another shape is expected fails here
instead of in a report. Other modules are read for their types only (follow-imports
silent), so this guards the result without asking the whole code base to type-check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [
    # Where the result is made.
    "ladders/core/results.py",
    "ladders/core/engine.py",
    "ladders/core/plans.py",
    "ladders/core/pitfalls.py",
    "ladders/core/compensation.py",
    # Where it is read.
    "ladders/core/review.py",
    "ladders/reports",
    "ladders/cli/app.py",
    "ladders/cli/render_text.py",
    "ladders/leveling/live.py",
    "ladders/leveling/shortfalls.py",
    "ladders/web/templatetags/ladders_web.py",
]


def test_the_modules_that_make_and_read_the_result_type_check(monkeypatch):
    monkeypatch.chdir(ROOT)
    report, errors, status = mypy_api.run(
        [
            *CHECKED,
            "--follow-imports=silent",
            "--ignore-missing-imports",
            "--cache-dir=/dev/null",
            "--no-error-summary",
        ]
    )

    assert status == 0, report + errors
