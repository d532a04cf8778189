"""Every command is listed, has help and runs, though each is built only when it is used.

The root group knows its commands as `module:attribute` paths (`ladders.cli.app.COMMANDS`)
so that `ladders assess` does not import the others (test_assess_import_budget.py). These
tests make sure nothing gets lost on the way: `--help` lists the whole table, and every
group and command of it answers `--help`.
"""

from __future__ import annotations

from typing import Any

import pytest
import typer

from ladders.cli.app import COMMANDS, app
from ladders.cli.lazy import LazyCommands


def listed_commands(help_text: str) -> list[str]:
    """The command names under `Commands:` in a help page, in order."""
    _, _, section = help_text.partition("\nCommands:\n")
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.strip()]


def command_paths() -> list[list[str]]:
    """Every group and command, as the words after `ladders` (`["framework", "show"]`)."""
    found: list[list[str]] = []

    def walk(command: Any, prefix: list[str]) -> None:
        for name in getattr(command, "commands", {}):
            found.append([*prefix, name])
            walk(command.commands[name], [*prefix, name])

    walk(typer.main.get_command(app), [])
    return found


def test_help_lists_every_command_of_the_table_in_its_order(ladders):
    result = ladders("--help")

    assert result.exit_code == 0
    assert listed_commands(result.stdout) == list(COMMANDS)


@pytest.mark.parametrize("words", command_paths(), ids=" ".join)
def test_every_group_and_command_has_help(ladders, words):
    result = ladders(*words, "--help")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Usage: ladders {' '.join(words)} ")


@pytest.mark.parametrize("group", [name for name, path in COMMANDS.items() if path.endswith("_app")])
def test_a_group_without_a_command_shows_its_commands(ladders, group):
    result = ladders(group)

    assert result.exit_code == 2
    assert listed_commands(result.stdout + result.stderr)


def test_a_mistyped_command_is_refused_with_a_suggestion(ladders):
    result = ladders("asess")

    assert result.exit_code == 2
    assert "No such command 'asess'" in result.stderr
    assert "assess" in result.stderr.split("No such command")[1]


def test_the_names_of_lazy_commands_cost_no_import_and_a_lookup_builds_one_command_once():
    built: list[str] = []

    def build(name: str, target: object) -> str:
        built.append(name)
        return f"command {name} from {target!r}"

    commands = LazyCommands({"first": "json:dumps", "second": "no.such.module:nothing"}, build)

    assert list(commands) == ["first", "second"]
    assert "second" in commands
    assert built == []
    assert commands["first"].startswith("command first from <function dumps")
    assert commands.get("first") == commands["first"]
    assert built == ["first"]
    assert commands.get("third") is None
