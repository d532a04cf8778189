"""A small Monzo-style framework in the project's own words, and the shared real ones."""

from __future__ import annotations

import os
from pathlib import Path

import yaml


def _shared_folder() -> Path | None:
    """`LADDERS_PUBLIC_FRAMEWORKS`, else a `shared/frameworks-public` beside a folder above the repo."""
    named = os.environ.get("LADDERS_PUBLIC_FRAMEWORKS")
    if named:
        return Path(named)
    for folder in Path(__file__).resolve().parents[1:]:
        candidate = folder / "shared" / "frameworks-public"
        if candidate.is_dir():
            return candidate
    return None


SHARED = _shared_folder()
SHARED_FILES = sorted(SHARED.glob("monzo-*.md")) if SHARED is not None and SHARED.is_dir() else []

MONZO_SMALL = """\
---
path: "/engineering/tools"
title: "🔧 Tools Engineering Framework"
levels: 3
topics:
  - name: "communication"
    title:
    content:
      - level: 1
        criteria:
          - "Tells the team what they are working on"
          - "Asks questions early"
      - level: 2
        criteria:
          - "Writes a short summary of each change"
        exampleCriteria:
          - criteria: "Gives kind and useful review comments"
            examples:
              - "Suggested a clearer name and said why"
      - level: 3
        criteria:
          - "Explains trade-offs to people outside engineering"
  - name: "craft"
    title: "🛠️ Craft"
    content:
      - level: 1
        criteria:
          - "Writes tests for the code they change"
      - level: 3
        exampleCriteria:
          - criteria: "Designs a service others build on"
            examples:
              - "Wrote the plan for the billing queue"
              - "Reviewed the plan with two teams"
---

# Tools framework

Body text is not part of the ladder.
"""

MONZO_BROKEN = """\
---
levels: 2
topics:
  - name: "communication"
    content:
      - level: 3
        criteria:
          - "Out of range"
      - level: 1
        criteria:
          - 42
        exampleCriteria:
          - examples: ["no criterion"]
  - name: "communication"
    content: []
---
"""


def source_counts(path: Path) -> tuple[int, int, int]:
    """Topics, levels and criteria (plain and with examples) counted straight from a file."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---", 2)[1])
    criteria = sum(
        len(entry.get("criteria") or []) + len(entry.get("exampleCriteria") or [])
        for topic in data["topics"]
        for entry in topic["content"]
    )
    return len(data["topics"]), data["levels"], criteria
