"""Read YAML while remembering where every value came from.

Validation errors are only useful when they point at a line, so loading keeps a map from
each field path (`("evidence", 2, "kind")`) to the line and column of its value and of its
key. Duplicate keys, which PyYAML would silently overwrite, are reported as problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ladders.core.errors import InputError, Problem

try:  # the C parser is several times faster; fall back when libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

PathKey = tuple[str | int, ...]
"""A field path; lookups compare parts as text, so 2 and "2" name the same place."""


@dataclass(slots=True)
class SourceMap:
    """Line and column (1-based) of every value and mapping key in a document."""

    source: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, *, key: bool = False) -> tuple[int | None, int | None]:
        """The position of `path`, or of its nearest ancestor when it is absent."""
        table = self.keys if key else self.values
        probe = tuple(str(part) for part in path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (None, None))

    def problem(self, path: PathKey, message: str, *, key: bool = False) -> Problem:
        line, column = self.locate(path, key=key)
        return Problem(message=message, source=self.source, line=line, column=column, field=dotted(path))


def dotted(path: PathKey) -> str:
    """`evidence[2].kind` for ("evidence", 2, "kind")."""
    out = ""
    for part in path:
        if isinstance(part, int) or part.isdigit():
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(slots=True)
class Document:
    data: Any
    where: SourceMap


def load_yaml_text(text: str, source: str) -> Document:
    """Parse one YAML document from `text`; `source` names it in error messages."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem("the file is empty", source=source, line=1, column=1)])
        where = SourceMap(source)
        problems: list[Problem] = []
        _index(node, (), where, problems)
        if problems:
            raise InputError(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = " ".join(str(x) for x in (err.context, err.problem) if x) or "invalid YAML"
        raise InputError(
            [
                Problem(
                    f"YAML syntax error: {message}",
                    source=source,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from None
    except yaml.YAMLError as err:
        raise InputError([Problem(f"YAML error: {err}", source=source)]) from None
    except ValueError as err:  # e.g. an impossible date such as 2026-02-30
        if isinstance(err, InputError):
            raise
        raise InputError([Problem(f"invalid value: {err}", source=source)]) from None
    finally:
        loader.dispose()
    return Document(data=data, where=where)


def load_yaml_file(path: str | Path) -> Document:
    """Read and parse a YAML file, naming the file in every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem("file not found", source=str(path))]) from None
    except UnicodeDecodeError as err:
        raise InputError([Problem(f"not UTF-8 text ({err.reason})", source=str(path))]) from None
    except OSError as err:
        raise InputError([Problem(f"cannot read the file: {err.strerror}", source=str(path))]) from None
    return load_yaml_text(text, str(path))


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _index(node: yaml.Node, path: PathKey, where: SourceMap, problems: list[Problem]) -> None:
    where.values[path] = _pos(node)
    if isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP:
        # YAML reads 2026-02-30 as a date and fails later without a position; check it here.
        try:
            yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
        except ValueError as err:
            line, col = _pos(node)
            problems.append(
                Problem(f"'{node.value}' is not a real date ({err})", where.source, line, col, dotted(path))
            )
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
            child = (*path, str(key))
            if key in seen:
                line, col = _pos(key_node)
                problems.append(
                    Problem(
                        f"duplicate key '{key}' (first defined on line {seen[key][0]})",
                        source=where.source,
                        line=line,
                        column=col,
                        field=dotted(child),
                    )
                )
                continue
            seen[key] = _pos(key_node)
            where.keys[child] = _pos(key_node)
            _index(value_node, child, where, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, str(i)), where, problems)
