"""CONTRIBUTING.md stays true: the files it names exist and the commands it shows run.

A guide that points at a renamed test or a module that moved sends a newcomer the wrong
way, so every repository path in backticks and every `python -m` module is checked.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
# Made by running something (and ignored by git), so absent from a fresh checkout.
GENERATED = {"bench/results/"}


def test_every_path_the_guide_names_exists():
    paths = set(re.findall(r"`((?:ladders|tests|bench|docs|examples)/[^`\s]*)`", GUIDE))
    paths |= set(re.findall(r"\]\(((?:docs/)?[\w./-]+\.md)\)", GUIDE))

    assert paths, "the guide names no paths"
    assert sorted(p for p in paths - GENERATED if not (ROOT / p.rstrip("/")).exists()) == []


def test_every_python_module_the_guide_runs_can_be_found(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    modules = set(re.findall(r"python -m ([\w.]+)", GUIDE))

    assert {"tests.cli.regenerate_pins", "bench", "pytest", "django"} <= modules
    missing = sorted(m for m in modules if importlib.util.find_spec(m) is None)
    assert missing == []


def test_the_guide_tells_how_to_rewrite_the_pinned_json():
    assert ".venv/bin/python -m tests.cli.regenerate_pins" in GUIDE
    assert "tests/cli/pinned/" in GUIDE
