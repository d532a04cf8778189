"""Command groups whose subcommands are imported and built the first time they are used.

Typer turns every registered command into a click command when the app starts, reading
each signature and building each option's converter, and registering a command means
importing its module first. For `ladders assess` that was a third of a run spent on the
team server, the evidence scanners and the framework tools. A `LazyGroup` knows its
subcommands only as `module:attribute` paths and builds one when it is asked for it by
name; `--help` asks for every one, so the listing is the same as an eager group's.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_group_from_info

CommandPaths = Mapping[str, str]
"""Subcommand name -> `package.module:attribute`, a command function or a `typer.Typer` group.

The order is the order `--help` lists them in."""


class LazyCommands(MutableMapping[str, Any]):
    """A group's subcommands by name, each imported and built on first access.

    Iterating gives the names without importing anything, so resolving a command name
    (and suggesting one for a typo) costs nothing; looking a name up builds that command only.
    """

    def __init__(self, paths: CommandPaths, build: Callable[[str, object], Any]) -> None:
        self._paths = dict(paths)
        self._build = build
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            module, _, attribute = self._paths[name].partition(":")
            self._built[name] = self._build(name, getattr(importlib.import_module(module), attribute))
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._paths.setdefault(name, "")
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._paths[name]
        self._built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


class LazyGroup(TyperGroup):
    """A Typer group (pass it as `typer.Typer(cls=...)`) whose subcommands are `command_paths`.

    Subclass it and set `command_paths`; a subcommand is built exactly as `app.command()` or
    `app.add_typer()` would have built it, with this group's help settings.
    """

    command_paths: ClassVar[CommandPaths] = {}
    pretty_exceptions_short: ClassVar[bool] = True

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        eager = dict(self.commands)
        self.commands = LazyCommands(self.command_paths, self._build)
        for name, command in eager.items():
            self.commands[name] = command

    def _build(self, name: str, target: object) -> Any:
        holder = typer.Typer()
        if isinstance(target, typer.Typer):
            holder.add_typer(target, name=name)
            return get_group_from_info(
                holder.registered_groups[0],
                pretty_exceptions_short=self.pretty_exceptions_short,
                suggest_commands=self.suggest_commands,
                rich_markup_mode=self.rich_markup_mode,
            )
        if not callable(target):
            raise TypeError(f"{name}: {target!r} is neither a command function nor a Typer group")
        holder.command(name)(target)
        return get_command_from_info(
            holder.registered_commands[0],
            pretty_exceptions_short=self.pretty_exceptions_short,
            rich_markup_mode=self.rich_markup_mode,
        )
