"""The batch engine over a whole synthetic org, against the floor of joining its facts records.

Each person of the core bench's synthetic org (`bench.synthetic`) is packed once into a
facts record, as a facts store would keep it. The floor is measured in the same run:
joining the records' bytes into one buffer, which every batch computation starts with.
Then: decoding the records into arrays, evaluating the default framework over everyone,
and a what-if of a changed gate from the records (decode, both frameworks, the movers).
The reference row is `assess` itself, run on a subset and extrapolated (labelled so); on
that subset the batch levels and checks are compared with `assess`, person by person.
Timings are the median of a few repeats; peak memory comes from a second pass with
tracemalloc.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from typing import Any

from bench.calibration_bench import changed_framework_text
from bench.synthetic import profile_dict
from ladders.core.batch import assess_many, what_if
from ladders.core.engine import assess
from ladders.core.facts_arrays import FactsArrays, decode_many
from ladders.core.facts_record import encode_profile, tables_for
from ladders.core.framework import Framework
from ladders.core.framework_loader import DEFAULT_FRAMEWORK, default_framework, framework_from_text
from ladders.core.profile import Profile, profile_from_json

AS_OF = date(2026, 11, 1)  # the synthetic profiles' own date
REFERENCE_PEOPLE = 5_000
REPEATS = 3


def _median_seconds(fn: Callable[[], Any], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak_mib(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def synthetic_records(
    fw: Framework, changed: Framework, count: int, keep: int
) -> tuple[list[bytes], list[Profile], float]:
    """Each synthetic person's facts record, the first `keep` profiles, and the seconds spent packing."""
    tables = tables_for(fw, changed)
    rng = random.Random(7)  # the seed of `bench.synthetic.profiles_json`: the same people
    records: list[bytes] = []
    kept: list[Profile] = []
    packing = 0.0
    for index in range(count):
        profile = profile_from_json(json.dumps(profile_dict(fw, rng, index)), fw)
        start = time.perf_counter()
        records.append(encode_profile(profile, tables))
        packing += time.perf_counter() - start
        if index < keep:
            kept.append(profile)
    return records, kept, packing


def run_batch(
    count: int, *, log: Callable[[str], None] = print
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    fw = default_framework()
    changed = framework_from_text(changed_framework_text(DEFAULT_FRAMEWORK.read_text(encoding="utf-8")))
    tables = tables_for(fw, changed)
    started = time.perf_counter()
    records, sample, packing = synthetic_records(fw, changed, count, min(count, REFERENCE_PEOPLE))
    log(f"  {count:,} facts records packed ({time.perf_counter() - started:.0f}s)")
    arrays = decode_many(records, tables)

    stages: list[tuple[str, int, Callable[[], Any]]] = [
        ("join the records' bytes (floor)", count, lambda: b"".join(records)),
        ("decode records into arrays", count, lambda: decode_many(records, tables)),
        ("batch: default framework, whole org", count, lambda: assess_many(fw, arrays, as_of=AS_OF)),
        (
            "batch: what-if of a changed gate (records)",
            count,
            lambda: what_if(fw, changed, records, as_of=AS_OF),
        ),
    ]
    rows: list[dict[str, Any]] = []
    for stage, items, fn in stages:
        seconds = _median_seconds(fn)
        rows.append({"stage": stage, "items": items, "seconds": seconds, "peak_mib": _peak_mib(fn)})
    scale = count / len(sample)

    def reference() -> None:
        for profile in sample:
            assess(fw, profile, as_of=AS_OF)

    rows.append(
        {
            "stage": f"assess: {len(sample):,} people x{scale:g} (extrapolated)",
            "items": count,
            "seconds": _median_seconds(reference, repeats=1) * scale,
            "peak_mib": _peak_mib(reference),
        }
    )
    floor = rows[0]["seconds"]
    for row in rows:
        row["per_second"] = row["items"] / row["seconds"]
        row["ratio"] = row["seconds"] / floor
    facts = {"packing seconds": packing, "movers": len(what_if(fw, changed, arrays, as_of=AS_OF))}
    return rows, {**facts, **_agreement(fw, arrays, sample)}


def _agreement(fw: Framework, arrays: FactsArrays, sample: list[Profile]) -> dict[str, Any]:
    """How many of the sample get from the batch engine exactly what `assess` gives them."""
    result = assess_many(fw, arrays, as_of=AS_OF)
    same = 0
    for person, profile in enumerate(sample):
        reference = assess(fw, profile, as_of=AS_OF)
        checks = [check["passed"] for gate in reference["gates"] for check in gate["checks"]]
        same += result.level_id(person) == reference["level"] and result.passed[person].tolist() == checks
    return {"checked": len(sample), "same as assess": same}
