"""Where the repository's shipped example files are, for the tests that read them.

The examples are data the product documents and `ladders assess` is pinned on
(tests/cli/pinned/), so the tests name them from one place.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PROFILES = sorted((EXAMPLES / "profiles").glob("*.yaml"))
SAM = EXAMPLES / "profiles" / "sam-rivera.yaml"
BANDS = EXAMPLES / "bands-us.yaml"
POINTS_LADDER = EXAMPLES / "points-ladder.yaml"
POINTS_PROFILE = EXAMPLES / "points-profile.yaml"
MATURITY_ACME = EXAMPLES / "maturity-acme.yaml"
