"""`make bench`: run the benchmarks and print one table.

Sizes default to those the issues name; `--profiles` shrinks them for a quick look.
"""

from __future__ import annotations

import argparse

from bench.core_bench import cli_wall_time, run_core


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
    parser.add_argument("--people", type=int, default=10_000, help="server org size (default 10,000)")
    parser.add_argument("--quarters", type=int, default=8, help="quarters of history (default 8)")
    parser.add_argument("--requests", type=int, default=2_000, help="requests per load run (default 2,000)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--only", choices=["core", "server"], help="run one part only")
    args = parser.parse_args()
    if args.only != "server":
        run_core_tables(args)
    if args.only != "core":
        run_server_tables(args)


def run_core_tables(args) -> None:
    print_table(
        f"Core: {args.profiles:,} synthetic profiles, 20 evidence items and 44 ratings each",
        run_core(args.profiles),
        "x load",
    )
    print_table("CLI", [cli_wall_time()], "x python -c pass")


def run_server_tables(args) -> None:
    from bench.server_bench import run_server

    pages, api = run_server(
        args.people, args.quarters, repeats=20, concurrency=args.concurrency, total=args.requests
    )
    print(
        f"\nServer pages: {args.people:,} people, {args.quarters} quarters of history "
        "(server time, in-process)"
    )
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


if __name__ == "__main__":
    main()
