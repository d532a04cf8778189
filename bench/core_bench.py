"""Assessment throughput against the cost of loading the same profiles.

The floor is measured in the same run: parsing each profile from JSON into the validated
profile models. The goal is for assessment to cost no more than loading (ratio <= 1.0).
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.synthetic import profiles_json
from ladders.core.engine import assess
from ladders.core.framework_loader import default_framework
from ladders.core.profile import Profile, profile_from_json

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def run_core(count: int) -> list[dict]:
    fw = default_framework()
    assess(fw, profile_from_json(profiles_json(fw, 1)[0], fw))  # compile the rules once, outside timing
    data = profiles_json(fw, count)
    rows = []

    parse_only = _timed(lambda: [json.loads(d) for d in data])
    models_only = _timed(lambda: [Profile.model_validate_json(d) for d in data])
    loaded: list[Profile] = []
    load = _timed(lambda: loaded.extend(profile_from_json(d, fw) for d in data))

    def assess_all() -> None:
        # Results are used and dropped, as a caller that renders or stores them would do;
        # keeping 100,000 of them alive would measure the allocator, not the engine.
        for profile in loaded:
            assess(fw, profile)

    run = _timed(assess_all)

    for name, seconds in (
        ("json.loads only (reference)", parse_only),
        ("load: JSON -> profile models", models_only),
        ("load + check against framework (floor)", load),
        ("assess (engine alone)", run),
    ):
        rows.append(
            {
                "stage": name,
                "items": count,
                "seconds": seconds,
                "per_second": count / seconds,
                "ratio": seconds / load,
            }
        )
    return rows


def cli_wall_time(runs: int = 7) -> dict:
    """Median wall time of `ladders assess` on the shipped example profile, as a user runs it."""
    exe = Path(sys.executable).with_name("ladders")
    cmd = [
        str(exe),
        "assess",
        str(ROOT / "examples/profiles/sam-rivera.yaml"),
        "--bands",
        str(ROOT / "examples/bands-us.yaml"),
    ]
    times: list[float] = []
    floor: list[float] = []
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the caches
    for _ in range(runs):  # interleaved, so load drift moves both alike
        for command, into in ((cmd, times), ([sys.executable, "-c", "pass"], floor)):
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            into.append(time.perf_counter() - start)
    median = statistics.median(times)
    return {
        "stage": "ladders assess one profile (wall, median)",
        "items": runs,
        "seconds": median,
        "per_second": 1 / median,
        "ratio": median / statistics.median(floor),
    }
