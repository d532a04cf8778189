"""Previewing a stored framework version: what it changes, and whom it would move and why."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator

from ladders.accounts.models import Person
from ladders.core import limits
from ladders.core.framework import Framework
from ladders.leveling.framework_review import explain_moves, version_diff, version_what_if
from ladders.leveling.frameworks import active_framework, framework_of
from ladders.leveling.org_selectors import framework_version_of


def _gates_by_id(fw: Framework) -> dict[str, Any]:
    return {gate.id: gate for level in fw.levels for gate in level.gates}


def _names(fw: Framework) -> dict[str, dict[str, str]]:
    return {
        "levels": {level.id: level.name for level in fw.levels},
        "skills": {skill.id: skill.name for skill in fw.skills},
        "evidence_kinds": {kind.id: kind.name for kind in fw.evidence_kinds},
        "gates": {gate_id: gate.title for gate_id, gate in _gates_by_id(fw).items()},
    }


DIFF_SECTIONS = (
    ("levels", "Levels"),
    ("skills", "Skills and rubric text"),
    ("gates", "Gates"),
    ("evidence_kinds", "Evidence kinds"),
)


def framework_preview(*, viewer: Person, version_id: int, page: int | str | None = 1) -> dict[str, Any]:
    """What activating a stored version would change: the diff, and whom it would move and why.

    Everyone who would move is counted; one page of them is shown, and only those are
    explained check by check (`explain_moves`), so the page costs the same at any org size.
    """
    version = framework_version_of(viewer=viewer, version_id=version_id)
    new = framework_of(version)
    active_version, old = active_framework(viewer.org)
    diff = version_diff(actor=viewer, version=version)
    old_names, new_names = _names(old), _names(new)
    sections = []
    for key, title in DIFF_SECTIONS:
        part = diff[key]
        sections.append(
            {
                "key": key,
                "title": title,
                "added": [(i, new_names[key].get(i, i)) for i in part["added"]],
                "removed": [(i, old_names[key].get(i, i)) for i in part["removed"]],
                "changed": [
                    {
                        "id": change["id"],
                        "name": new_names[key].get(change["id"], change["id"]),
                        "fields": [
                            {"field": name, "old": values["old"], "new": values["new"]}
                            for name, values in change["fields"].items()
                        ],
                    }
                    for change in part["changed"]
                ],
            }
        )
    shown = Paginator(version_what_if(actor=viewer, version=version), limits.PAGE_SIZE).get_page(page)
    explain_moves(actor=viewer, version=version, rows=list(shown.object_list))
    moves = []
    for row in shown.object_list:
        moves.append(
            {
                **row,
                "from_name": old_names["levels"].get(row["from"], row["from"]),
                "to_name": new_names["levels"].get(row["to"], row["to"]),
                "because": [
                    {
                        **flip,
                        "title": new_names["gates"].get(flip["check"])
                        or old_names["gates"].get(flip["check"], flip["check"]),
                    }
                    for flip in row["because"]
                ],
            }
        )
    return {
        "version": version,
        "framework": new,
        "active_version": active_version,
        "active": old,
        "same": diff["same"],
        "sections": sections,
        "changes": sum(len(s["added"]) + len(s["removed"]) + len(s["changed"]) for s in sections),
        "moves": moves,
        "moves_page": shown,
        "moves_total": shown.paginator.count,
    }
