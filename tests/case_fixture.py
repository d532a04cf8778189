"""A plain CASE 1.1 package (no ladders extension), written for these tests."""

from __future__ import annotations

import json


def _link(node: dict) -> dict:
    return {
        "title": node.get("fullStatement") or node.get("title"),
        "identifier": node["identifier"],
        "uri": node["uri"],
    }


def _node(identifier: str, **fields) -> dict:
    return {
        "identifier": identifier,
        "uri": f"https://case.example.org/ims/case/v1p1/CFItems/{identifier}",
        "lastChangeDateTime": "2026-03-01T10:00:00+00:00",
        **fields,
    }


def plain_case_package() -> str:
    document = _node("d0000000-0000-4000-8000-000000000001", title="Data literacy", version="2.0")
    area = _node(
        "a0000000-0000-4000-8000-000000000001", fullStatement="Working with data", CFItemType="Domain"
    )
    read = _node(
        "b0000000-0000-4000-8000-000000000001",
        fullStatement="Reads a chart and says what it shows",
        abbreviatedStatement="Reading charts",
        humanCodingScheme="DL.1",
        CFItemType="Competency",
    )
    query = _node(
        "b0000000-0000-4000-8000-000000000002",
        fullStatement="Writes a query that answers a question",
        humanCodingScheme="DL.2",
        CFItemType="Competency",
    )
    associations = [
        _node(
            f"c000000{n}-0000-4000-8000-000000000001",
            associationType="isChildOf",
            originNodeURI=_link(child),
            destinationNodeURI=_link(area),
        )
        for n, child in enumerate((read, query), start=1)
    ]

    def criterion(n: int, item: dict, lines: list[str]) -> dict:
        return _node(
            f"e000000{n}-0000-4000-8000-000000000001",
            CFItemURI=_link(item),
            description=item["fullStatement"],
            CFRubricCriterionLevels=[
                _node(
                    f"f00000{n}{k}-0000-4000-8000-000000000001",
                    description=line,
                    quality=q,
                    score=k,
                    position=k,
                )
                for k, (line, q) in enumerate(
                    zip(lines, ("Emerging", "Secure", "Expert"), strict=True), start=1
                )
            ],
        )

    rubric = _node(
        "r0000000-0000-4000-8000-000000000001",
        title="Data literacy rubric",
        CFRubricCriteria=[
            criterion(1, read, ["Names the axes", "Spots a trend", "Spots a misleading scale"]),
            criterion(2, query, ["Edits a given query", "Writes a join", "Tunes a slow query"]),
        ],
    )
    package = {
        "CFDocument": document,
        "CFItems": [area, read, query],
        "CFAssociations": associations,
        "CFRubrics": [rubric],
    }
    return json.dumps(package, indent=2)
