"""A framework as one CSV table, for people who keep their ladder in a spreadsheet.

Columns: `record, id, rating, topic, level, field, value`. A `rubric` row is one skill x
rating with its rubric line; a `criterion` row is one criterion (an `example` row after it
adds one of its examples); a `field` row holds any other value of the file at its `field`
path (`levels[2].gates[0].rule`), written as YAML flow text (`Senior`, `2`, `[a, b]`,
`{skills: {of: [x], at_least: 2}}`). Nothing is left out, so importing an export gives the
same parsed document, and so the same content hash.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import yaml

from ladders.core import limits
from ladders.core.errors import InputError, Problem
from ladders.core.yamlsource import load_yaml_text

COLUMNS = ("record", "id", "rating", "topic", "level", "field", "value")
_FIELD_NAME = re.compile(r"^[a-z_]+$")
_PATH_PART = re.compile(r"([a-z_]+)|\[(\d+)\]")
_CRITERION_KEYS = {"id", "topic", "level", "text", "examples"}

Row = dict[str, str]


def flow(value: Any) -> str:
    """`value` as one line of YAML flow text that reads back as the same value."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _path(parts: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(parts))


def _rows(value: Any, path: tuple[str | int, ...], owner: str = "") -> Iterator[Row]:
    """The rows of `value` at `path`; `owner` is the id of the skill whose fields these are."""
    if len(path) == 3 and path[0] == "skills" and path[2] == "rubric" and _is_rubric(value) and value:
        for rating, line in value.items():
            yield {"record": "rubric", "id": owner, "rating": str(rating), "value": line}
        return
    if len(path) == 2 and path[0] == "criteria" and _is_criterion(value):
        yield {
            "record": "criterion",
            "id": value["id"],
            "topic": value["topic"],
            "level": value["level"],
            "value": value["text"],
        }
        examples = value.get("examples")
        if examples:
            for example in examples:
                yield {"record": "example", "id": value["id"], "value": example}
        elif "examples" in value:
            yield {"record": "field", "field": _path((*path, "examples")), "value": flow(examples)}
        return
    leaf = path[-1:] == ("rule",)
    if not leaf and isinstance(value, dict) and value and all(_FIELD_NAME.match(str(k)) for k in value):
        if len(path) == 2 and path[0] == "skills" and isinstance(value.get("id"), str):
            owner = value["id"]
        for key, child in value.items():
            yield from _rows(child, (*path, key), owner)
    elif not leaf and isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, child in enumerate(value):
            yield from _rows(child, (*path, i), owner)
    else:
        yield {"record": "field", "field": _path(path), "value": flow(value)}


def _is_rubric(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, int) and not isinstance(k, bool) and isinstance(v, str) for k, v in value.items()
    )


def _is_criterion(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and {"id", "topic", "level", "text"} <= set(value) <= _CRITERION_KEYS
        and all(isinstance(value[k], str) for k in ("id", "topic", "level", "text"))
        and (
            "examples" not in value
            or (isinstance(value["examples"], list) and all(isinstance(e, str) for e in value["examples"]))
        )
    )


def csv_export(data: dict[str, Any]) -> str:
    """The parsed framework document `data` as CSV text."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for key, value in data.items():
        writer.writerows(_rows(value, (key,)))
    return out.getvalue()


def csv_import(text: str, source: str = "<csv>") -> dict[str, Any]:
    """The framework document a `csv_export` table describes; every bad row is reported."""
    if len(text.encode("utf-8", "surrogatepass")) > limits.CSV_BYTES:
        raise InputError([Problem(f"the file is over {limits.CSV_BYTES} bytes", source)])
    reader = csv.DictReader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    if reader.fieldnames is None or list(reader.fieldnames) != list(COLUMNS):
        raise InputError([Problem(f"the header must be: {','.join(COLUMNS)}", source, 1, 1)])
    data: dict[str, Any] = {}
    criteria: dict[str, dict[str, Any]] = {}
    for row in reader:
        line = reader.line_num

        def bad(column: str, message: str, *, line: int = line) -> None:
            problems.append(Problem(message, source, line, COLUMNS.index(column) + 1, column))

        record = row.get("record") or ""
        if None in row or any(v is None for v in row.values()):
            bad("record", f"the row must have exactly {len(COLUMNS)} columns")
            continue
        value = row["value"]
        if record == "field":
            try:
                parts = _parse_path(row["field"])
                parsed = load_yaml_text(value, source).data if value.strip() else None
                _set(data, parts, parsed)
            except InputError as error:
                bad("value", error.problems[0].message)
            except ValueError as error:
                bad("field", str(error))
        elif record == "rubric":
            skill = next(
                (s for s in data.get("skills", []) if isinstance(s, dict) and s.get("id") == row["id"]), None
            )
            if skill is None:
                bad("id", f"no skill '{row['id']}' before this row")
            elif not row["rating"].lstrip("-").isdigit():
                bad("rating", "the rating must be a whole number")
            else:
                skill.setdefault("rubric", {})[int(row["rating"])] = value
        elif record == "criterion":
            item = {"id": row["id"], "topic": row["topic"], "level": row["level"], "text": value}
            data.setdefault("criteria", []).append(item)
            criteria[row["id"]] = item
        elif record == "example":
            if row["id"] not in criteria:
                bad("id", f"no criterion '{row['id']}' before this row")
            else:
                criteria[row["id"]].setdefault("examples", []).append(value)
        else:
            bad("record", f"unknown record '{record}' (expected field, rubric, criterion or example)")
        if len(problems) > 50:
            break
    if problems:
        raise InputError(problems)
    return data


def _parse_path(text: str) -> list[str | int]:
    parts: list[str | int] = []
    at = 0
    for match in _PATH_PART.finditer(text):
        if match.start() != at + (1 if parts and text[at : at + 1] == "." else 0):
            break
        at = match.end()
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
    if not parts or at != len(text) or isinstance(parts[0], int):
        raise ValueError(f"'{text}' is not a field path such as levels[0].name")
    return parts


def _set(data: dict[str, Any], parts: list[str | int], value: Any) -> None:
    node: Any = data
    for here, nxt in zip(parts, [*parts[1:], None], strict=True):
        last = nxt is None
        if isinstance(here, int):
            if not isinstance(node, list) or here > len(node):
                raise ValueError(f"index [{here}] comes before the items above it")
            if here == len(node):
                node.append(value if last else ([] if isinstance(nxt, int) else {}))
            elif last:
                raise ValueError(f"index [{here}] is given twice")
            node = node[here]
        else:
            if not isinstance(node, dict):
                raise ValueError(f"'{here}' is not inside a mapping")
            if last:
                if here in node:
                    raise ValueError(f"'{here}' is given twice")
                node[here] = value
            else:
                node = node.setdefault(here, [] if isinstance(nxt, int) else {})
