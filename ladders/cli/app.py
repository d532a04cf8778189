"""The `ladders` command line.

Commands parse their arguments, call `ladders.core`, and render; the rules of the ladder
live in the core. Each command lives in its own module, listed in `COMMANDS` and imported
only when that command runs (or `--help` lists it), so `ladders assess` does not pay for
the team server, the evidence scanners or the framework tools.
"""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from ladders import __version__
from ladders.cli.lazy import LazyGroup

COMMANDS = {
    "serve": "ladders.cli.server_cmds:serve",
    "worker": "ladders.cli.server_cmds:worker",
    "backup": "ladders.cli.server_cmds:backup",
    "restore": "ladders.cli.server_cmds:restore",
    "remind": "ladders.cli.cycle_cmds:remind",
    "assess": "ladders.cli.assess_cmd:assess",
    "maturity": "ladders.cli.maturity_cmd:maturity",
    "framework": "ladders.cli.framework_cmds:framework_app",
    "profile": "ladders.cli.profile_cmds:profile_app",
    "evidence": "ladders.cli.evidence_cmds:evidence_app",
    "user": "ladders.cli.server_cmds:user_app",
    "token": "ladders.cli.server_cmds:token_app",
    "facts": "ladders.cli.server_cmds:facts_app",
    "cycle": "ladders.cli.cycle_cmds:cycle_app",
}
"""Every top-level command and group, in the order `ladders --help` lists them."""


class LaddersGroup(LazyGroup):
    command_paths = COMMANDS


app = typer.Typer(
    name="ladders",
    help="Engineering career ladders as data: assess a profile, plan the next level, rate org AI maturity.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=LaddersGroup,
)


def _version(value: bool) -> None:
    if value:
        print(f"ladders {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Engineering career ladders as data."""


def main() -> None:
    """Console entry point: a bug exits 1 with a short message instead of a traceback."""
    # What is loaded by now (Typer, this module) lives as long as the process; frozen, the
    # collector stops walking it again each time the command's imports trigger a collection.
    gc.freeze()
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as error:  # a bug in ladders, not bad input: say so plainly
        import os

        if os.environ.get("LADDERS_DEBUG"):
            raise
        print(f"ladders: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("This is a bug in ladders; set LADDERS_DEBUG=1 to see the traceback.", file=sys.stderr)
        sys.exit(1)
