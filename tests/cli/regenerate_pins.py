"""The pinned `ladders assess --format json` outputs, and the way to rewrite them on purpose.

`test_assess_pinned_json.py` compares the command's output on every shipped example, byte
for byte, with the files in `tests/cli/pinned/`. When a change to the output is intended
(a new field, a reworded detail, a framework edit that moves its hash), rewrite the files
and review the diff like any other change:

    .venv/bin/python -m tests.cli.regenerate_pins

Every example profile carries an `as_of` date, so the output does not depend on the day.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ladders.cli.app import app
from tests.example_files import BANDS, POINTS_LADDER, POINTS_PROFILE, PROFILES, ROOT, SAM
from tests.framework_ids import LEVEL

PINNED = Path(__file__).resolve().parent / "pinned"

# Pinned file name -> the `ladders assess` arguments (before `--format json`).
CASES: dict[str, list[Path | str]] = {
    **{path.stem: [path] for path in PROFILES},
    **{f"{path.stem}.bands-us": [path, "--bands", BANDS] for path in PROFILES},
    "sam-rivera.target-principal": [SAM, "--target", LEVEL.principal],
    "points-profile": [POINTS_PROFILE, "--framework", POINTS_LADDER],
}


def pinned_path(name: str) -> Path:
    return PINNED / f"{name}.json"


def assess_json(arguments: list[Path | str]) -> str:
    """What `ladders assess ARGS --format json` prints, run in-process."""
    # Paths relative to the repository, so no checkout's location can end up in the output.
    args = [str(a.relative_to(ROOT)) if isinstance(a, Path) else a for a in arguments]
    result = CliRunner().invoke(app, ["assess", *args, "--format", "json"], catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"ladders assess {' '.join(args)} exited {result.exit_code}: {result.stderr}")
    return result.stdout


def main() -> None:
    import os

    os.chdir(ROOT)
    PINNED.mkdir(exist_ok=True)
    wanted = {pinned_path(name) for name in CASES}
    for stale in set(PINNED.glob("*.json")) - wanted:
        stale.unlink()
        print(f"removed {stale.relative_to(ROOT)}")
    for name, arguments in CASES.items():
        target = pinned_path(name)
        target.write_text(assess_json(arguments), encoding="utf-8", newline="")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
