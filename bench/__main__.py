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
    args = parser.parse_args()
    print_table(
        f"Core: {args.profiles:,} synthetic profiles, 20 evidence items and 44 ratings each",
        run_core(args.profiles),
        "x load",
    )
    print_table("CLI", [cli_wall_time()], "x python -c pass")


if __name__ == "__main__":
    main()
