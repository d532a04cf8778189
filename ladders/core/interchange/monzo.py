"""Monzo-style progression frameworks: Markdown with the ladder in YAML front matter.

The front matter names the number of `levels` and a list of `topics`; each topic's
`content` lists, per level (1..N), plain `criteria` and `exampleCriteria` (a criterion with
`examples`). The import writes one category and one skill per topic (its rubric, one line
per level, summarises that level's criteria), one level per source level with a criteria
gate, and every criterion as framework data with the id `<topic>.<level>.<n>`.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from ladders.core.errors import InputError, Problem
from ladders.core.yamlsource import PathKey, SourceMap, load_yaml_text

RUBRIC_LENGTH = 4000
_NOT_ID = re.compile(r"[^a-z0-9_-]+")
_EMOJI_LEAD = re.compile(r"^[^\w(]+", re.UNICODE)


def front_matter(text: str, source: str) -> str:
    """The front matter with its opening `---` line, so YAML line numbers are the file's."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise InputError(
            [Problem("no YAML front matter: the file must start with a '---' line", source, 1, 1)]
        )
    for n, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[:n])
    raise InputError([Problem("the front matter has no closing '---' line", source, 1, 1)])


def slug(text: str) -> str:
    out = _NOT_ID.sub("-", text.strip().lower()).strip("-")
    return out if out[:1].isalpha() else f"t-{out}" if out else ""


def _clean_title(text: str) -> str:
    return _EMOJI_LEAD.sub("", text).strip()


class _Reader:
    def __init__(self, where: SourceMap) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def fail(self, path: PathKey, message: str) -> None:
        self.problems.append(self.where.problem(path, message))

    def text(self, value: Any, path: PathKey, what: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"{what} must be non-empty text")
            return None
        return value.strip()


def monzo_import(text: str, source: str = "<monzo>", *, share: float = 1.0) -> dict[str, Any]:
    """The ladders framework data of a Monzo-style file; `share` is every gate's share."""
    if not 0 <= share <= 1:
        raise InputError([Problem(f"the threshold must be between 0 and 1, not {share:g}", "command line")])
    document = load_yaml_text(front_matter(text, source), source)
    data, read = document.data, _Reader(document.where)
    if not isinstance(data, dict):
        raise InputError([document.where.problem((), "the front matter must be a mapping")])
    count = data.get("levels")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        read.fail(("levels",), "levels must be a whole number of levels, at least 1")
        count = 0
    topics = data.get("topics")
    if not isinstance(topics, list) or not topics:
        read.fail(("topics",), "topics must be a non-empty list")
        topics = []
    title = data.get("title") if isinstance(data.get("title"), str) else None
    name = _clean_title(title or "") or "Imported framework"
    levels = [f"level-{n}" for n in range(1, count + 1)]

    categories: list[dict[str, Any]] = []
    skills: list[dict[str, Any]] = []
    criteria: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i, topic in enumerate(topics):
        at: PathKey = ("topics", i)
        if not isinstance(topic, dict):
            read.fail(at, "a topic must be a mapping with name and content")
            continue
        raw = read.text(topic.get("name"), (*at, "name"), "a topic's name")
        if raw is None:
            continue
        topic_id = slug(raw)
        if not topic_id:
            read.fail((*at, "name"), f"the topic name '{raw}' gives no usable id")
            continue
        if topic_id in seen:
            read.fail((*at, "name"), f"topic '{raw}' is listed twice (first as topic {seen[topic_id] + 1})")
            continue
        seen[topic_id] = i
        shown = _clean_title(topic["title"]) if isinstance(topic.get("title"), str) else ""
        topic_name = shown or raw.replace("-", " ").replace("_", " ").capitalize()
        per_level: dict[int, list[str]] = {}
        content = topic.get("content")
        if not isinstance(content, list):
            read.fail((*at, "content"), "a topic's content must be a list of levels")
            content = []
        levels_seen: set[int] = set()
        for j, entry in enumerate(content):
            where = (*at, "content", j)
            if not isinstance(entry, dict):
                read.fail(where, "each content entry must be a mapping with level and criteria")
                continue
            unknown = set(entry) - {"level", "criteria", "exampleCriteria"}
            for key in sorted(unknown, key=str):
                read.fail((*where, key), f"unknown key '{key}' (expected level, criteria, exampleCriteria)")
            number = entry.get("level")
            if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= count:
                read.fail((*where, "level"), f"level must be a number from 1 to {count}")
                continue
            if number in levels_seen:
                read.fail((*where, "level"), f"level {number} is listed twice in topic '{raw}'")
                continue
            levels_seen.add(number)
            found: list[tuple[str, list[str]]] = []
            plain = entry.get("criteria", [])
            if not isinstance(plain, list):
                read.fail((*where, "criteria"), "criteria must be a list of texts")
                plain = []
            for k, value in enumerate(plain):
                if (line := read.text(value, (*where, "criteria", k), "a criterion")) is not None:
                    found.append((line, []))
            with_examples = entry.get("exampleCriteria", [])
            if not isinstance(with_examples, list):
                read.fail((*where, "exampleCriteria"), "exampleCriteria must be a list")
                with_examples = []
            for k, value in enumerate(with_examples):
                spot = (*where, "exampleCriteria", k)
                if not isinstance(value, dict):
                    read.fail(spot, "each example criterion must be a mapping with criteria and examples")
                    continue
                line = read.text(value.get("criteria"), (*spot, "criteria"), "an example criterion")
                examples_raw = value.get("examples", [])
                if not isinstance(examples_raw, list):
                    read.fail((*spot, "examples"), "examples must be a list of texts")
                    examples_raw = []
                examples = [
                    e
                    for m, ex in enumerate(examples_raw)
                    if (e := read.text(ex, (*spot, "examples", m), "an example")) is not None
                ]
                if line is not None:
                    found.append((line, examples))
            for n, (line, examples) in enumerate(found, start=1):
                item: dict[str, Any] = {
                    "id": f"{topic_id}.{number}.{n}",
                    "topic": topic_id,
                    "level": levels[number - 1],
                    "text": line,
                }
                if examples:
                    item["examples"] = examples
                criteria.append(item)
            per_level[number] = [line for line, _ in found]
        categories.append({"id": topic_id, "name": topic_name})
        skills.append(
            {
                "id": topic_id,
                "name": topic_name,
                "category": topic_id,
                "description": f"{topic_name}, as the source framework describes it level by level.",
                "rubric": {n: _rubric_line(topic_name, n, per_level.get(n, [])) for n in range(1, count + 1)},
            }
        )
    if read.problems:
        raise InputError(sorted(read.problems, key=lambda p: (p.line or 0, p.column or 0)))
    return {
        "format": 1,
        "id": slug(str(data.get("path") or name).replace("/", " ")) or "imported",
        "name": name,
        "version": "1",
        "description": (
            f"Imported from {PurePath(source).name}. "
            "The ladder describes growth; it is not a promotion checklist."
        ),
        "rating_scale": {
            "min": 0,
            "max": count,
            "values": [{"value": 0, "name": "Not yet", "description": "Not shown at any level yet"}]
            + [
                {"value": n, "name": f"Level {n}", "description": f"Shows what level {n} describes"}
                for n in range(1, count + 1)
            ],
        },
        "scopes": ["individual"],
        "backgrounds": ["none"],
        "categories": categories,
        "skills": skills,
        "evidence_kinds": [
            {
                "id": "example",
                "name": "Example",
                "type": "practice",
                "description": "A piece of work that shows one or more criteria",
            }
        ],
        "levels": [
            {
                "id": level,
                "name": f"Level {n}",
                "gates": [
                    {
                        "id": f"{level}.criteria",
                        "title": f"Level {n} criteria",
                        "rule": {"criteria": {"share": share}},
                        "action": f"Show the level {n} criteria of each topic",
                    }
                ],
            }
            for n, level in enumerate(levels, start=1)
        ],
        "criteria": criteria,
    }


def _rubric_line(topic: str, level: int, texts: list[str]) -> str:
    if not texts:
        return f"No {topic} criteria at level {level}."
    line = "; ".join(texts)
    return line if len(line) <= RUBRIC_LENGTH else line[: RUBRIC_LENGTH - 1].rstrip() + "…"
