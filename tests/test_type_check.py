"""The whole package type-checks, with the configuration `make lint` and `make test` use.

`make test` runs mypy before the suite; this runs it again, in its own process and without
a cache, so that running pytest alone catches a type error too. Among other things it
guards the assessment result: `ladders.core.results` declares it as TypedDicts, so a key
typed wrong, a field read without handling its None, or a result passed where another
shape is expected fails here, in the modules that make it and in those that read it,
instead of in a report.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _mypy_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


def test_the_package_and_the_benchmarks_type_check():
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir=/dev/null"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout + done.stderr


def test_no_module_is_left_out_of_the_type_check():
    config = _mypy_config()

    assert config["files"] == ["ladders", "bench"]
    assert "mypy_django_plugin.main" in config["plugins"]
    assert not config.get("exclude")
    assert not config.get("ignore_errors")
    for override in config.get("overrides", []):
        assert not override.get("ignore_errors"), override["module"]
