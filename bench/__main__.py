"""`make bench`: run the benchmarks and print one table.

Sizes default to those the issues name; `--quick` runs every part at development sizes
(a few minutes in all), and `--profiles`/`--people` set sizes one by one.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.core_bench import cli_wall_times, run_core
from bench.yaml_bench import run_yaml

# A column: its heading, the row key it shows, its width and the number format.
Column = tuple[str, str, int, str]
STAGE_WIDTH = 44


TABLES: list[dict] = []
"""Every table printed in this run, written to bench/results/ as JSON at the end."""


def print_table(title: str, columns: list[Column], rows: list[dict]) -> None:
    """A titled table: the first column (the stage) left-aligned, the figures right-aligned."""
    TABLES.append({"title": title, "columns": [name for name, *_ in columns], "rows": rows})
    print(f"\n{title}")
    (heading, key, width, _), *figures = columns
    header = " ".join([f"{heading:<{width}}", *(f"{name:>{w}}" for name, _, w, _ in figures)])
    print(header)
    print("-" * len(header))
    for row in rows:
        print(" ".join([f"{row[key]:<{width}}", *(f"{row[k]:>{w}{fmt}}" for _, k, w, fmt in figures)]))


def core_columns(ratio_label: str) -> list[Column]:
    return [
        ("stage", "stage", STAGE_WIDTH, ""),
        ("items", "items", 9, ","),
        ("seconds", "seconds", 9, ".3f"),
        ("items/s", "per_second", 11, ",.0f"),
        (ratio_label, "ratio", 12, ".2f"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--profiles", type=int, default=100_000, help="synthetic profiles (default 100,000)")
    parser.add_argument(
        "--people",
        type=int,
        help="org size (default 10,000 for the server part, 100,000 for the calibration part)",
    )
    parser.add_argument("--quarters", type=int, default=8, help="quarters of history (default 8)")
    parser.add_argument("--requests", type=int, default=2_000, help="requests per load run (default 2,000)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--only", choices=["core", "batch", "server", "calibration", "evidence"], help="run one part only"
    )
    parser.add_argument(
        "--commits", type=int, default=100_000, help="commits in the generated repository (default 100,000)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="development sizes: 5,000 profiles, 1,000 people, 4 quarters, 400 requests, 10,000 commits",
    )
    args = parser.parse_args()
    if args.quick:
        apply_quick_sizes(args, parser)
    started = time.perf_counter()
    try:
        run_parts(args)
    finally:
        write_results(args, time.perf_counter() - started)


def write_results(args: argparse.Namespace, seconds: float) -> None:
    """This run's tables as JSON in bench/results/ (gitignored), named by the time it ended."""
    if not TABLES:
        return
    folder = Path(__file__).resolve().parent / "results"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"run-{stamp}.json"
    run = {"arguments": vars(args), "seconds": round(seconds, 1), "tables": TABLES}
    path.write_text(json.dumps(run, indent=1, default=str, allow_nan=True) + "\n", encoding="utf-8")
    print(f"\nwhole run {seconds:.0f}s; tables written to {path}")


def run_parts(args: argparse.Namespace) -> None:
    if args.only in (None, "core"):
        run_core_tables(args)
    if args.only in (None, "batch"):
        run_batch_tables(args)
    if args.only in (None, "server"):
        run_server_tables(args)
    if args.only in (None, "calibration"):
        run_calibration_tables(args)
    if args.only in (None, "evidence"):
        run_evidence_tables(args)


QUICK_SIZES = {"profiles": 5_000, "people": 1_000, "quarters": 4, "requests": 400, "commits": 10_000}


def apply_quick_sizes(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Shrink every size the command line left at its default; a size given explicitly wins."""
    for name, size in QUICK_SIZES.items():
        if getattr(args, name) == parser.get_default(name):
            setattr(args, name, size)


def run_core_tables(args) -> None:
    print_table(
        f"Core: {args.profiles:,} synthetic profiles, 20 evidence items and 44 ratings each",
        core_columns("x load"),
        run_core(args.profiles),
    )
    print_table("CLI", core_columns("x python -c pass"), cli_wall_times())
    print_table("YAML loader (best of 200 calls)", core_columns("x compose"), run_yaml())


def run_batch_tables(args) -> None:
    from bench.batch_bench import run_batch

    rows, facts = run_batch(args.profiles)
    print_table(
        f"Batch engine: {args.profiles:,} synthetic profiles as facts records (median of 3; "
        "peak memory in a second pass with tracemalloc)",
        [*core_columns("x floor"), ("peak MiB", "peak_mib", 9, ".1f")],
        rows,
    )
    print(
        f"packing the records took {facts['packing seconds']:.1f}s; "
        f"{facts['movers']:,} people would move under the changed gate; "
        f"batch = assess for {facts['same as assess']:,} of {facts['checked']:,} people checked"
    )


def run_server_tables(args) -> None:
    from bench.server_bench import run_server

    people = args.people or 10_000
    pages, api = run_server(
        people,
        args.quarters,
        repeats=20,
        concurrency=args.concurrency,
        total=args.requests,
        rounds=4 if args.quick else 8,
    )
    print_table(
        f"Server pages: {people:,} people, {args.quarters} quarters of history (server time, in-process)",
        [
            ("page", "stage", STAGE_WIDTH, ""),
            ("requests", "items", 9, ""),
            ("median ms", "median_ms", 10, ".2f"),
            ("x trivial", "ratio", 10, ".1f"),
        ],
        pages,
    )
    print_table(
        f"API under load: {args.concurrency} concurrent clients on loopback, gunicorn 2 workers "
        "(each kind's batches interleaved with floor batches; ratio to those floors' p99)",
        [
            ("route", "stage", STAGE_WIDTH, ""),
            ("requests", "requests", 9, ""),
            ("p50 ms", "p50_ms", 9, ".2f"),
            ("p99 ms", "p99_ms", 9, ".2f"),
            ("floor p99 ms", "floor_p99_ms", 13, ".2f"),
            ("server CPU ms", "cpu_ms", 14, ".2f"),
            ("errors", "errors", 7, ""),
            ("p99 x trivial", "ratio", 14, ".1f"),
        ],
        api,
    )


def run_calibration_tables(args) -> None:
    """Calibration and what-if over a synthetic org, as ratios of reading the same rows."""
    import os
    from pathlib import Path

    from django.apps import apps

    from bench.calibration_bench import run_calibration

    people = args.people or 100_000
    if not apps.ready:  # run alone; after the server part, its database is reused
        from ladders.server.runner import configure, prepare

        root = Path(__file__).resolve().parent / "results" / f"calibration-{people}"
        data_dir = Path(os.environ.get("LADDERS_BENCH_DATA", root))
        data_dir.mkdir(parents=True, exist_ok=True)
        configure(data_dir, secure=False)
        prepare()
    rows, facts = run_calibration(people)
    print_table(
        f"What-if and calibration: {people:,} people, from the database through the facts store "
        f"(warm = median of the runs after the first in a fresh process; floor measured between them)",
        [
            ("stage", "stage", STAGE_WIDTH, ""),
            ("people", "people", 8, ","),
            ("seconds", "seconds", 9, ".3f"),
            ("cold s", "cold_seconds", 8, ".3f"),
            ("floor s", "floor_seconds", 8, ".3f"),
            ("x floor", "ratio", 8, ".2f"),
            ("peak MiB", "peak_mib", 9, ".1f"),
        ],
        rows,
    )
    print(
        f"org built or reused in {facts['build seconds']:.0f}s; facts records {facts.get('facts MB', 0)} MB; "
        f"kappa {facts['kappa']}, {facts['disagreements']:,} level disagreements, "
        f"{facts['would move']:,} people would move under the changed gate "
        f"({facts['reference moved']:,} of the reference's {facts['reference people']:,})"
    )


def run_evidence_tables(args) -> None:
    from bench.evidence_bench import run_evidence

    rows, facts = run_evidence(args.commits)
    print_table(
        f"Evidence scan: a generated repository of {args.commits:,} commits (best of 2-3 runs)",
        core_columns("x numstat"),
        rows,
    )
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(facts["by kind"].items()))
    print(
        f"building the repository with git fast-import took {facts['build seconds']:.1f}s (once per size); "
        f"{facts['suggestions']:,} suggestions: {kinds}"
    )


if __name__ == "__main__":
    main()
