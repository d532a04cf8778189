"""`ladders assess` loads only what one assessment needs: no numpy, no batch engine, no Django.

The batch engine lives in the core beside `assess`, but a one-shot CLI run must not pay
for importing numpy (or Django) to assess one profile.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["django", "ladders.core.batch", "ladders.core.facts_arrays", "ninja", "numpy"]
PROBE = f"""
import sys
from ladders.cli.app import main
sys.argv = ["ladders", "assess", "examples/profiles/sam-rivera.yaml", "--bands", "examples/bands-us.yaml"]
try:
    main()
except SystemExit as stop:
    assert not stop.code, stop.code
print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)
"""


def test_ladders_assess_imports_neither_numpy_nor_the_batch_engine_nor_django():
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT)

    assert run.stdout.strip(), "the assessment was printed"
    assert run.stderr.strip().splitlines()[-1] == "[]"
