"""The one YAML loader: every framework, profile, bands file, answers file and upload.

Validation errors are only useful when they point at a line, so loading keeps a map from
each field path (`("evidence", 2, "kind")`) to the line and column of its value and of its
key. Duplicate keys, which PyYAML would silently overwrite, are reported as problems.

YAML from outside is hostile until measured: a few hundred bytes of aliases can stand for
billions of values ("billion laughs") and an alias inside its own anchor for an endless
one. So the loader refuses a text over `limits.YAML_BYTES`, then measures the composed
node graph (see `_check_limits`) against `YAML_ALIASES`, `YAML_NODES` and `YAML_DEPTH`
before building any Python value, and only then indexes and constructs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ladders.core import limits
from ladders.core.errors import InputError, Problem
from ladders.core.reading import read_bounded, too_large

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
    # Characters never outnumber UTF-8 bytes, so only a long text needs encoding to count.
    if len(text) > limits.YAML_BYTES or (
        len(text) * 4 > limits.YAML_BYTES and len(text.encode("utf-8", "surrogatepass")) > limits.YAML_BYTES
    ):
        raise InputError([too_large(source)])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem("the file is empty", source=source, line=1, column=1)])
        where = SourceMap(source)
        walk = _Walk(where)
        walk.node(node, (), node, 1, True)
        if walk.problems:
            raise InputError(walk.problems)
        walk.index_aliases()
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
    except RecursionError:  # pragma: no cover - only the pure-Python parser recurses
        raise InputError([Problem(_TOO_DEEP, source=source)]) from None
    except ValueError as err:  # e.g. an impossible date such as 2026-02-30
        if isinstance(err, InputError):
            raise
        raise InputError([Problem(f"invalid value: {err}", source=source)]) from None
    finally:
        loader.dispose()
    return Document(data=data, where=where)


def load_yaml_file(path: str | Path) -> Document:
    """Read and parse a YAML file (`-` is standard input), naming the file in every problem.

    The input is read through `read_bounded`, so a device, an endless pipe or a huge file
    is refused without being read whole.
    """
    data, source = read_bounded(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError([Problem(f"not UTF-8 text ({err.reason})", source=source)]) from None
    return load_yaml_text(text, source)


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TOO_DEEP = f"lists and mappings nest more than {limits.YAML_DEPTH} levels deep (the limit)"


class _Walk:
    """One pass over the composed document: index every position and measure the expansion.

    The composer keeps an anchored node once and lets its aliases share it, so the walk
    visits each distinct node once and remembers the expanded size and height of every
    collection it finishes; an alias then adds what its anchor measured, without walking it
    again. A billion laughs is thus refused after a few dozen steps, before any Python
    value exists. The first arrival at a node in document order is its anchor (an anchor
    always precedes its aliases), so a later arrival is an alias, and an alias to a
    collection still being walked sits inside its own anchor. Recursion is safe because
    it stops at `YAML_DEPTH` levels.
    """

    __slots__ = ("alias_sites", "aliases", "copies", "finished", "problems", "seen", "where")

    def __init__(self, where: SourceMap) -> None:
        self.where = where
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.finished: dict[int, tuple[int, int]] = {}  # collection id -> expanded (nodes, height)
        self.copies = 0  # nodes that aliases add; the expanded size is len(seen) + copies
        self.aliases = 0
        self.alias_sites: list[tuple[PathKey, yaml.Node]] = []

    def node(
        self, node: yaml.Node, path: PathKey, near: yaml.Node, depth: int, index: bool
    ) -> tuple[int, int]:
        """The expanded node count and height of `node`, which sits `depth` levels down.

        `near` is the node whose position names this one if it turns out to be an alias
        (an alias has no position of its own); `index` is false under a duplicate key.
        """
        if id(node) in self.seen:
            return self._alias(node, path, near, depth, index)
        self.seen.add(id(node))
        if index:
            self.where.values[path] = _pos(node)
        if isinstance(node, yaml.ScalarNode):
            if index and node.tag == _TIMESTAMP:
                self._check_date(node, path)
            return 1, 0
        if depth > limits.YAML_DEPTH:
            raise self._refuse(path, node, _TOO_DEEP)
        nodes, height = 1, 0
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                below, below_height = self.node(item, (*path, str(i)), node, depth + 1, index)
                nodes += below
                height = max(height, below_height)
        else:
            keys: dict[str, tuple[int, int]] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
                child = (*path, str(key))
                fresh = index and key not in keys
                if fresh:
                    keys[key] = self.where.keys[child] = _pos(key_node)
                elif index:
                    line, col = _pos(key_node)
                    message = f"duplicate key '{key}' (first defined on line {keys[key][0]})"
                    self.problems.append(Problem(message, self.where.source, line, col, dotted(child)))
                if isinstance(key_node, yaml.ScalarNode) and id(key_node) not in self.seen:
                    self.seen.add(id(key_node))  # the usual key, counted without a call
                    nodes += 1
                else:
                    below, below_height = self.node(key_node, child, key_node, depth + 1, False)
                    nodes += below
                    height = max(height, below_height)
                below, below_height = self.node(value_node, child, key_node, depth + 1, fresh)
                nodes += below
                height = max(height, below_height)
        if len(self.seen) + self.copies > limits.YAML_NODES:
            raise self._refuse(
                path, node, f"the document has more than {limits.YAML_NODES:,} nodes (the limit)"
            )
        self.finished[id(node)] = (nodes, height + 1)
        return nodes, height + 1

    def _alias(
        self, target: yaml.Node, path: PathKey, near: yaml.Node, depth: int, index: bool
    ) -> tuple[int, int]:
        self.aliases += 1
        if self.aliases > limits.YAML_ALIASES:
            raise self._refuse(path, near, f"more than {limits.YAML_ALIASES:,} aliases (the limit)")
        if isinstance(target, yaml.ScalarNode):
            nodes, height = 1, 0
        elif id(target) in self.finished:
            nodes, height = self.finished[id(target)]
        else:
            raise self._refuse(path, near, "this alias refers to itself (it is inside its own anchor)")
        self.copies += nodes
        if len(self.seen) + self.copies > limits.YAML_NODES:
            raise self._refuse(
                path,
                near,
                f"with its aliases expanded the document grows past {limits.YAML_NODES:,} nodes "
                "(the limit) here; write the values out or use fewer aliases",
            )
        if depth - 1 + height > limits.YAML_DEPTH:
            raise self._refuse(path, near, _TOO_DEEP)
        if index:
            self.alias_sites.append((path, target))
        return nodes, height

    def index_aliases(self) -> None:
        """Give the values under each alias the positions of what its anchor wrote.

        Done once the whole document is measured, so the work is bounded by `YAML_NODES`.
        """
        for path, target in self.alias_sites:
            _index_copy(target, path, self.where)

    def _check_date(self, node: yaml.ScalarNode, path: PathKey) -> None:
        # YAML reads 2026-02-30 as a date and fails later without a position; check it here.
        try:
            yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
        except ValueError as err:
            line, col = _pos(node)
            message = f"'{node.value}' is not a real date ({err})"
            self.problems.append(Problem(message, self.where.source, line, col, dotted(path)))

    def _refuse(self, path: PathKey, near: yaml.Node, message: str) -> InputError:
        line, column = _pos(near)
        return InputError([Problem(message, self.where.source, line, column, dotted(path))])


def _index_copy(node: yaml.Node, path: PathKey, where: SourceMap) -> None:
    where.values[path] = _pos(node)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
            child = (*path, str(key))
            where.keys[child] = _pos(key_node)
            _index_copy(value_node, child, where)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_copy(item, (*path, str(i)), where)
