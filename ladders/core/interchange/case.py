"""CASE 1.1 (1EdTech Competencies and Academic Standards Exchange) packages.

Export writes one CFPackage: the CFDocument; CFItems for categories, skills, levels,
criteria and their examples; CFAssociations (`isChildOf` from a skill or criterion to its
category, from an example to its criterion; `isPartOf` from a criterion to its level);
and one CFRubric whose CFRubricCriteria are the skills, each with one CFRubricCriterionLevel
per rating. What CASE has no place for (gates, evidence kinds, transitions, pay policy
and the rest of the file) travels in `extensions.ladders`, so importing an export gives the
same document and content hash. A plain CASE package, without that extension, is read
into a framework of skills (the items a rubric criterion points at) and their rubrics.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from ladders.core.errors import InputError, Problem
from ladders.core.yamlsource import PathKey, SourceMap, load_yaml_text

CASE_VERSION = "1.1"
EXTENSION = "ladders"
_NAMESPACE = uuid.UUID("6f1f3d44-8d8e-4c34-9a52-7f0f1d7c2b10")
CARRIED = ("categories", "skills", "criteria")
"""The top-level fields CASE itself carries; the extension holds every other one."""


INT_KEYS = "ladders:intKeys"
"""JSON keys are text, so a mapping with number keys (points.table) travels as its pairs."""


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if value and all(isinstance(k, int) and not isinstance(k, bool) for k in value):
            return {INT_KEYS: [[k, _encode(v)] for k, v in value.items()]}
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        pairs = value.get(INT_KEYS)
        if len(value) == 1 and isinstance(pairs, list):
            return {int(k): _decode(v) for k, v in pairs}
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _uuid(framework: str, kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{framework}/{kind}/{key}"))


def _link(node: dict[str, Any]) -> dict[str, Any]:
    """A LinkURI to `node`: its title, identifier and uri."""
    title = node.get("title") or node.get("abbreviatedStatement") or node.get("fullStatement") or ""
    return {"title": title, "identifier": node["identifier"], "uri": node["uri"]}


def case_export(data: dict[str, Any], *, changed: str) -> dict[str, Any]:
    """The CFPackage of the parsed framework document `data`; `changed` is lastChangeDateTime."""
    fw_id = str(data["id"])

    def node(kind: str, key: str, **fields: Any) -> dict[str, Any]:
        identifier = _uuid(fw_id, kind, key)
        return {
            "identifier": identifier,
            "uri": f"urn:uuid:{identifier}",
            "lastChangeDateTime": changed,
            **fields,
        }

    document = node(
        "document",
        fw_id,
        title=data["name"],
        creator="ladders",
        version=str(data["version"]),
        description=data.get("description") or "",
        caseVersion=CASE_VERSION,
        adoptionStatus="Draft",
        language="en",
    )
    document["CFPackageURI"] = {
        "title": data["name"],
        "identifier": document["identifier"],
        "uri": document["uri"],
    }
    in_document = {"CFDocumentURI": _link(document)}
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []

    def associate(kind: str, origin: dict[str, Any], destination: dict[str, Any], sequence: int) -> None:
        key = f"{kind}/{origin['identifier']}/{destination['identifier']}"
        associations.append(
            node(
                "association",
                key,
                associationType=kind,
                originNodeURI=_link(origin),
                destinationNodeURI=_link(destination),
                sequenceNumber=sequence,
                **in_document,
            )
        )

    ids_only = all(isinstance(c, str) for c in data["categories"])
    categories: dict[str, dict[str, Any]] = {}
    for n, raw in enumerate(data["categories"], start=1):
        category = {"id": raw, "name": raw} if isinstance(raw, str) else raw
        item = node(
            "category",
            category["id"],
            fullStatement=category["name"],
            humanCodingScheme=category["id"],
            CFItemType="Category",
            listEnumeration=str(n),
            **in_document,
        )
        if category.get("description") is not None:
            item["notes"] = category["description"]
        categories[category["id"]] = item
        items.append(item)
        associate("isChildOf", item, document, n)
    levels: dict[str, dict[str, Any]] = {}
    for n, level in enumerate(data["levels"], start=1):
        item = node(
            "level",
            level["id"],
            fullStatement=level["name"],
            humanCodingScheme=level["id"],
            CFItemType="Level",
            listEnumeration=str(n),
            **in_document,
        )
        levels[level["id"]] = item
        items.append(item)
    criteria_of_rubric: list[dict[str, Any]] = []
    scale = {v["value"]: v["name"] for v in data["rating_scale"]["values"]}
    for n, skill in enumerate(data["skills"], start=1):
        item = node(
            "skill",
            skill["id"],
            fullStatement=skill["description"],
            abbreviatedStatement=skill["name"],
            humanCodingScheme=skill["id"],
            CFItemType="Skill",
            listEnumeration=str(n),
            **in_document,
        )
        items.append(item)
        associate("isChildOf", item, categories[skill["category"]], n)
        criterion = node(
            "rubric-criterion",
            skill["id"],
            category=skill["category"],
            description=skill["name"],
            CFItemURI=_link(item),
            position=n,
        )
        criterion["CFRubricCriterionLevels"] = [
            node(
                "rubric-level",
                f"{skill['id']}/{rating}",
                description=text,
                quality=scale.get(rating, str(rating)),
                score=rating,
                position=k,
                rubricCriterionId=criterion["identifier"],
            )
            for k, (rating, text) in enumerate(skill["rubric"].items(), start=1)
        ]
        criteria_of_rubric.append(criterion)
    empty_examples = []
    for n, criterion in enumerate(data.get("criteria") or [], start=1):
        item = node(
            "criterion",
            criterion["id"],
            fullStatement=criterion["text"],
            humanCodingScheme=criterion["id"],
            CFItemType="Criterion",
            listEnumeration=str(n),
            **in_document,
        )
        items.append(item)
        associate("isChildOf", item, categories[criterion["topic"]], n)
        associate("isPartOf", item, levels[criterion["level"]], n)
        if "examples" in criterion and not criterion["examples"]:
            empty_examples.append(criterion["id"])
        for k, example in enumerate(criterion.get("examples") or [], start=1):
            child = node(
                "example",
                f"{criterion['id']}/{k}",
                fullStatement=example,
                CFItemType="Example",
                listEnumeration=str(k),
                **in_document,
            )
            items.append(child)
            associate("isChildOf", child, item, k)
    rubric = node("rubric", fw_id, title=f"{data['name']} skills", description="One criterion per skill")
    for criterion in criteria_of_rubric:
        criterion["rubricId"] = rubric["identifier"]
    rubric["CFRubricCriteria"] = criteria_of_rubric
    rest = {k: _encode(v) for k, v in data.items() if k not in CARRIED}
    extension: dict[str, Any] = {
        "framework": rest,
        "categoriesAsIds": ids_only,
        "criteria": "criteria" in data,
    }
    if empty_examples:
        extension["emptyExamples"] = empty_examples
    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFRubrics": [rubric],
        "extensions": {EXTENSION: extension},
    }


class _Reader:
    def __init__(self, where: SourceMap) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def need(self, node: Any, key: str, path: PathKey, kind: type = str) -> Any:
        value = node.get(key) if isinstance(node, dict) else None
        if not isinstance(value, kind):
            name = "text" if kind is str else kind.__name__
            self.problems.append(self.where.problem((*path, key), f"'{key}' is missing or not {name}"))
            return None
        return value


def _load(text: str, source: str) -> tuple[Any, SourceMap]:
    # JSON is YAML, so the one loader gives every field its line.
    document = load_yaml_text(text, source)
    return document.data, document.where


def case_import(text: str, source: str = "<case>") -> dict[str, Any]:
    """The framework document of a CFPackage (ours with its extension, or a plain one)."""
    package, where = _load(text, source)
    read = _Reader(where)
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise InputError([where.problem((), "not a CASE CFPackage: it has no CFDocument")])
    items = read.need(package, "CFItems", (), list) or []
    associations = package.get("CFAssociations") or []
    rubrics = package.get("CFRubrics") or []
    if not isinstance(associations, list):
        read.problems.append(where.problem(("CFAssociations",), "CFAssociations must be a list"))
        associations = []
    if not isinstance(rubrics, list):
        read.problems.append(where.problem(("CFRubrics",), "CFRubrics must be a list"))
        rubrics = []
    by_id: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, item in enumerate(items):
        identifier = read.need(item, "identifier", ("CFItems", i))
        if identifier is not None:
            by_id[identifier] = (i, item)
    links: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for i, association in enumerate(associations):
        kind = read.need(association, "associationType", ("CFAssociations", i))
        origin = read.need(association, "originNodeURI", ("CFAssociations", i), dict)
        destination = read.need(association, "destinationNodeURI", ("CFAssociations", i), dict)
        if kind and origin and destination:
            sequence = association.get("sequenceNumber")
            links.setdefault((kind, str(origin.get("identifier"))), []).append(
                (sequence if isinstance(sequence, int) else i, str(destination.get("identifier")))
            )
    rubric_rows: list[tuple[PathKey, dict[str, Any]]] = []
    for r, rubric in enumerate(rubrics):
        for c, criterion in enumerate(read.need(rubric, "CFRubricCriteria", ("CFRubrics", r), list) or []):
            rubric_rows.append((("CFRubrics", r, "CFRubricCriteria", c), criterion))
    if read.problems:
        raise InputError(read.problems)
    extension = (
        (package.get("extensions") or {}).get(EXTENSION)
        if isinstance(package.get("extensions"), dict)
        else None
    )
    if isinstance(extension, dict) and isinstance(extension.get("framework"), dict):
        data = _ours(read, extension, items, by_id, links, rubric_rows)
    else:
        data = _plain(read, package["CFDocument"], items, by_id, links, rubric_rows)
    if read.problems:
        raise InputError(sorted(read.problems, key=lambda p: (p.line or 0, p.column or 0)))
    return data


def _parent(links: dict[tuple[str, str], list[tuple[int, str]]], kind: str, identifier: str) -> str | None:
    found = links.get((kind, identifier))
    return found[0][1] if found else None


def _typed(items: list[Any], kind: str) -> list[tuple[int, dict[str, Any]]]:
    return [
        (i, item) for i, item in enumerate(items) if isinstance(item, dict) and item.get("CFItemType") == kind
    ]


def _ours(
    read: _Reader,
    extension: dict[str, Any],
    items: list[Any],
    by_id: dict[str, tuple[int, dict[str, Any]]],
    links: dict[tuple[str, str], list[tuple[int, str]]],
    rubric_rows: list[tuple[PathKey, dict[str, Any]]],
) -> dict[str, Any]:
    data = _decode(extension["framework"])
    code = {identifier: item.get("humanCodingScheme") for identifier, (_i, item) in by_id.items()}
    categories: list[Any] = []
    for i, item in _typed(items, "Category"):
        if extension.get("categoriesAsIds"):
            categories.append(read.need(item, "humanCodingScheme", ("CFItems", i)))
            continue
        category = {
            "id": read.need(item, "humanCodingScheme", ("CFItems", i)),
            "name": read.need(item, "fullStatement", ("CFItems", i)),
        }
        if "notes" in item:
            category["description"] = item["notes"]
        categories.append(category)
    rubrics = {}
    for path, row in rubric_rows:
        target = (row.get("CFItemURI") or {}).get("identifier")
        levels = read.need(row, "CFRubricCriterionLevels", path, list) or []
        rubric: dict[int, str] = {}
        for k, level in enumerate(levels):
            score = read.need(level, "score", (*path, "CFRubricCriterionLevels", k), int)
            text = read.need(level, "description", (*path, "CFRubricCriterionLevels", k))
            if score is not None and text is not None:
                rubric[score] = text
        rubrics[target] = rubric
    skills = []
    for i, item in _typed(items, "Skill"):
        identifier = item.get("identifier")
        category = code.get(_parent(links, "isChildOf", str(identifier)) or "")
        if category is None:
            read.problems.append(read.where.problem(("CFItems", i), "this skill is the child of no category"))
        skills.append(
            {
                "id": read.need(item, "humanCodingScheme", ("CFItems", i)),
                "name": read.need(item, "abbreviatedStatement", ("CFItems", i)),
                "category": category,
                "description": read.need(item, "fullStatement", ("CFItems", i)),
                "rubric": rubrics.get(identifier, {}),
            }
        )
    examples: dict[str, list[tuple[int, str]]] = {}
    for _i, item in _typed(items, "Example"):
        parent = _parent(links, "isChildOf", str(item.get("identifier")))
        order = links.get(("isChildOf", str(item.get("identifier"))), [(0, "")])[0][0]
        examples.setdefault(str(parent), []).append((order, str(item.get("fullStatement"))))
    empty = set(extension.get("emptyExamples") or [])
    criteria = []
    for i, item in _typed(items, "Criterion"):
        identifier = str(item.get("identifier"))
        criterion: dict[str, Any] = {
            "id": read.need(item, "humanCodingScheme", ("CFItems", i)),
            "topic": code.get(_parent(links, "isChildOf", identifier) or ""),
            "level": code.get(_parent(links, "isPartOf", identifier) or ""),
            "text": read.need(item, "fullStatement", ("CFItems", i)),
        }
        if identifier in examples:
            criterion["examples"] = [text for _n, text in sorted(examples[identifier])]
        elif criterion["id"] in empty:
            criterion["examples"] = []
        criteria.append(criterion)
    data["categories"] = categories
    data["skills"] = skills
    if extension.get("criteria"):
        data["criteria"] = criteria
    return data


_NOT_ID = re.compile(r"[^a-z0-9_.-]+")


def _id_of(text: str, taken: set[str], fallback: str) -> str:
    base = _NOT_ID.sub("_", text.strip().lower()).strip("_.-")
    base = base if base[:1].isalpha() else f"{fallback}_{base}" if base else fallback
    out, n = base[:60], 2
    while out in taken:
        out, n = f"{base[:56]}_{n}", n + 1
    taken.add(out)
    return out


def _plain(
    read: _Reader,
    document: dict[str, Any],
    items: list[Any],
    by_id: dict[str, tuple[int, dict[str, Any]]],
    links: dict[tuple[str, str], list[tuple[int, str]]],
    rubric_rows: list[tuple[PathKey, dict[str, Any]]],
) -> dict[str, Any]:
    """Skills are the items rubric criteria point at; their parents are the categories."""
    if not rubric_rows:
        read.problems.append(
            read.where.problem(("CFRubrics",), "a plain CASE package needs CFRubrics to give skills")
        )
        return {}
    taken: set[str] = set()
    category_ids: dict[str, str] = {}
    categories: list[dict[str, Any]] = []
    skills: list[dict[str, Any]] = []
    scale: dict[int, str] = {}
    for path, criterion in rubric_rows:
        link = read.need(criterion, "CFItemURI", path, dict)
        if link is None:
            continue
        target = str(link.get("identifier"))
        if target not in by_id:
            read.problems.append(
                read.where.problem((*path, "CFItemURI"), f"no CFItem '{target}' in the package")
            )
            continue
        _i, item = by_id[target]
        parent = _parent(links, "isChildOf", target)
        parent_item = by_id[parent][1] if parent in by_id else None
        key = parent if parent is not None and parent_item is not None else "general"
        if key not in category_ids:
            name = str(
                (parent_item or {}).get("fullStatement")
                or (parent_item or {}).get("humanCodingScheme")
                or "General"
            )
            category_ids[key] = _id_of(
                str((parent_item or {}).get("humanCodingScheme") or name), taken, "category"
            )
            categories.append({"id": category_ids[key], "name": name[:120]})
        name = str(
            item.get("abbreviatedStatement")
            or criterion.get("description")
            or item.get("fullStatement")
            or ""
        )
        rubric: dict[int, str] = {}
        for k, level in enumerate(criterion.get("CFRubricCriterionLevels") or [], start=1):
            where = (*path, "CFRubricCriterionLevels", k - 1)
            score = level.get("score") if isinstance(level, dict) else None
            rating = int(score) if isinstance(score, (int, float)) and float(score).is_integer() else k
            text = read.need(level, "description", where)
            if text is not None:
                rubric[rating] = text
                scale.setdefault(rating, str(level.get("quality") or f"Rating {rating}")[:120])
        skills.append(
            {
                "id": _id_of(str(item.get("humanCodingScheme") or name), taken, "skill"),
                "name": (name or "Skill")[:120],
                "category": category_ids[key],
                "description": str(item.get("fullStatement") or name or "A skill of the imported package"),
                "rubric": rubric,
            }
        )
    if read.problems:
        return {}
    low, high = min(scale), max(scale)
    if low == high or sorted(scale) != list(range(low, high + 1)):
        read.problems.append(
            read.where.problem(
                ("CFRubrics",), f"the rubric levels must score whole numbers in a row, not {sorted(scale)}"
            )
        )
        return {}
    floor = low - 1 if low > 0 else low
    values = [{"value": floor, "name": "Not yet", "description": "Not shown yet"}] if floor < low else []
    values += [{"value": r, "name": scale[r], "description": scale[r]} for r in range(low, high + 1)]
    for skill in skills:
        for r in range(floor + 1, high + 1):
            skill["rubric"].setdefault(r, f"{skill['name']}: {scale.get(r, r)}")
    title = str(document.get("title") or "Imported CASE framework")
    return {
        "format": 1,
        "id": _id_of(title, set(), "framework"),
        "name": title[:120],
        "version": str(document.get("version") or "1")[:40],
        "description": f"Imported from the CASE package '{title}'.",
        "rating_scale": {"min": floor, "max": high, "values": values},
        "scopes": ["individual"],
        "backgrounds": ["none"],
        "categories": categories,
        "skills": skills,
        "evidence_kinds": [
            {
                "id": "example",
                "name": "Example",
                "type": "practice",
                "description": "A piece of work that shows a skill",
            }
        ],
        "levels": [{"id": "level-1", "name": "Level 1"}],
    }
