"""Assessment throughput against the cost of loading the same profiles.

The floor is measured in the same run: parsing each profile from JSON into the validated
profile models. The goal is for assessment to cost no more than loading (ratio <= 1.0).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


def cli_wall_times(runs: int = 7) -> list[dict]:
    """Median wall times of `ladders assess` on the shipped example profile, as a user runs it.

    Each row is interleaved with `python -c pass` (the floor), so load drift moves all alike.
    The first row is every run after a user's first: the default framework is in the cache
    (`ladders.cli.framework_cache`; here a temporary folder, so the bench leaves the user's
    alone). The second is a first run, with an empty cache: the framework is checked and
    cached. `make bench` compiles ladders' bytecode first, as pip does when it installs a
    copy; run directly, with PYTHONDONTWRITEBYTECODE set and no bytecode, every run compiles
    ladders' own modules, so a third row then shows the first again with a bytecode cache.
    """
    floor = [sys.executable, "-c", "pass"]
    assess = [
        str(Path(sys.executable).with_name("ladders")),
        "assess",
        str(ROOT / "examples/profiles/sam-rivera.yaml"),
        "--bands",
        str(ROOT / "examples/bands-us.yaml"),
    ]
    with tempfile.TemporaryDirectory(prefix="ladders-bench-") as folder:

        def cache(name: str) -> dict[str, str]:
            return {**os.environ, "LADDERS_CACHE_DIR": str(Path(folder, name))}

        # Row name -> the command and its environment on run n (-1: the warm-up run).
        variants: dict[str, tuple[list[str], Callable[[int], dict[str, str] | None]]] = {
            "floor": (floor, lambda n: None),
            "ladders assess one profile (wall, median)": (assess, lambda n: cache("warm")),
            "ladders assess, framework cache empty": (assess, lambda n: cache(f"cold-{n}")),
        }
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            bytecode = {**cache("warm"), "PYTHONPYCACHEPREFIX": str(Path(folder, "pycache"))}
            del bytecode["PYTHONDONTWRITEBYTECODE"]
            variants["ladders assess, bytecode cached"] = (assess, lambda n: bytecode)
        times: dict[str, list[float]] = {name: [] for name in variants}
        for command, env in variants.values():  # fill the caches a row keeps
            _run(command, env(-1))
        for n in range(runs):
            for name, (command, env) in variants.items():
                times[name].append(_run(command, env(n)))
    floor_median = statistics.median(times.pop("floor"))
    return [
        {
            "stage": name,
            "items": runs,
            "seconds": statistics.median(seconds),
            "per_second": 1 / statistics.median(seconds),
            "ratio": statistics.median(seconds) / floor_median,
        }
        for name, seconds in times.items()
    ]


def _run(command: list[str], env: dict[str, str] | None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start
