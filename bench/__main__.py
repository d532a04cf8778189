"""`make bench`: run the benchmarks and print one table.

Sizes default to those the issues name; `--profiles` shrinks them for a quick look.
"""

from __future__ import annotations

import argparse

from bench.core_bench import cli_wall_time, run_core
from bench.yaml_bench import run_yaml


def print_table(title: str, rows: list[dict], ratio_label: str) -> None:
    print(f"\n{title}")
    header = f"{'stage':<44} {'items':>9} {'seconds':>9} {'items/s':>11} {ratio_label:>12}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['stage']:<44} {row['items']:>9,} {row['seconds']:>9.3f} "
            f"{row['per_second']:>11,.0f} {row['ratio']:>12.2f}"
        )


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
    parser.add_argument("--only", choices=["core", "server", "calibration"], help="run one part only")
    args = parser.parse_args()
    if args.only in (None, "core"):
        run_core_tables(args)
    if args.only in (None, "server"):
        run_server_tables(args)
    if args.only in (None, "calibration"):
        run_calibration_tables(args)


def run_core_tables(args) -> None:
    print_table(
        f"Core: {args.profiles:,} synthetic profiles, 20 evidence items and 44 ratings each",
        run_core(args.profiles),
        "x load",
    )
    print_table("CLI", [cli_wall_time()], "x python -c pass")
    print_table("YAML loader (best of 200 calls)", run_yaml(), "x compose")


def run_server_tables(args) -> None:
    from bench.server_bench import run_server

    people = args.people or 10_000
    pages, api = run_server(
        people, args.quarters, repeats=20, concurrency=args.concurrency, total=args.requests
    )
    print(f"\nServer pages: {people:,} people, {args.quarters} quarters of history (server time, in-process)")
    header = f"{'page':<44} {'requests':>9} {'median ms':>10} {'x trivial':>10}"
    print(header)
    print("-" * len(header))
    for row in pages:
        print(f"{row['stage']:<44} {row['items']:>9} {row['median_ms']:>10.2f} {row['ratio']:>10.1f}")
    print(f"\nAPI under load: {args.concurrency} concurrent clients on loopback, gunicorn 2 workers")
    header = f"{'route':<44} {'requests':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} {'p99 x trivial':>14}"
    print(header)
    print("-" * len(header))
    for row in api:
        print(
            f"{row['stage']:<44} {row['requests']:>9} {row['p50_ms']:>9.2f} {row['p99_ms']:>9.2f} "
            f"{row['errors']:>7} {row['ratio']:>14.1f}"
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
    print(
        f"\nCalibration and what-if: {people:,} people, {facts['rows read']:,} rows read "
        f"(time without tracemalloc; peak memory in a second pass with it)"
    )
    header = f"{'stage':<44} {'seconds':>9} {'peak MiB':>9} {'x time':>7} {'x memory':>9}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['stage']:<44} {row['seconds']:>9.2f} {row['peak_mib']:>9.1f} "
            f"{row['time_ratio']:>7.2f} {row['memory_ratio']:>9.2f}"
        )
    print(
        f"kappa {facts['kappa']}, {facts['disagreements']:,} level disagreements, "
        f"{facts['would move']:,} people would move under the changed gate"
    )


if __name__ == "__main__":
    main()
