"""Add accepted suggestions to a profile file, keeping its comments, key order and layout.

Reading stays with the one bounded loader (`ladders.core.yamlsource`): the file is read
with `read_bounded`, checked as a profile, and only then parsed a second time by
ruamel.yaml's round-trip loader, the one library that writes a YAML file back with its
comments where they were. The result is checked again before it replaces the file, in one
step, so a failure leaves the old file as it was.

What `review` decided is kept beside the profile, in `<profile>.review.json`: the ids of
accepted and rejected suggestions, so they are never offered again. Accepted ids are also
read from the items' `source.suggestion`, so an item carried to another file still counts.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ladders.core import limits
from ladders.core.errors import InputError, Problem
from ladders.core.framework import Framework
from ladders.core.profile import EvidenceItem, Profile, profile_from_text
from ladders.core.reading import read_bounded


@dataclass
class Decisions:
    """The suggestion ids a person has accepted and rejected for one profile."""

    accepted: set[str] = field(default_factory=set)
    rejected: set[str] = field(default_factory=set)

    def decided(self, suggestion_id: str) -> bool:
        return suggestion_id in self.accepted or suggestion_id in self.rejected


def decisions_path(profile_path: Path) -> Path:
    return profile_path.with_name(profile_path.name + ".review.json")


def decisions_load(profile_path: Path, profile: Profile) -> Decisions:
    """What was decided for `profile`: its sidecar file, and the suggestion ids its items carry."""
    decisions = Decisions()
    sidecar = decisions_path(profile_path)
    if sidecar.exists():
        data, name = read_bounded(sidecar, limit=limits.EVIDENCE_EXPORT_BYTES)
        try:
            stored = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            raise InputError(
                [Problem("not the JSON `review` writes; delete it to start over", source=name)]
            ) from None
        if not isinstance(stored, dict):
            raise InputError([Problem("not the JSON `review` writes; delete it to start over", source=name)])
        decisions.accepted = {str(i) for i in stored.get("accepted", []) if isinstance(i, str)}
        decisions.rejected = {str(i) for i in stored.get("rejected", []) if isinstance(i, str)}
    for item in profile.evidence:
        if item.source is not None and item.source.suggestion:
            decisions.accepted.add(item.source.suggestion)
    return decisions


def decisions_save(profile_path: Path, decisions: Decisions) -> None:
    text = json.dumps(
        {"accepted": sorted(decisions.accepted), "rejected": sorted(decisions.rejected)}, indent=2
    )
    _replace(decisions_path(profile_path), text + "\n")


def _round_trip() -> YAML:
    writer = YAML(typ="rt")
    writer.preserve_quotes = True
    writer.width = 100
    writer.indent(mapping=2, sequence=4, offset=2)
    return writer


def next_free_ids(profile: Profile, count: int) -> list[str]:
    """`count` ids of the form eN that no item of the (checked) profile has, in order."""
    taken = {item.id for item in profile.evidence}
    out: list[str] = []
    n = len(profile.evidence) + 1
    while len(out) < count:
        if f"e{n}" not in taken:
            out.append(f"e{n}")
        n += 1
    return out


def _item_map(item: EvidenceItem) -> CommentedMap:
    data = item.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    data["kind"], data["title"], data["date"] = item.kind, item.title, item.date
    order = ["id", "kind", "title", "date", "scope", "users", "outcome", "skills", "links", "notes", "source"]
    out = CommentedMap()
    for key in order:
        if key in data:
            value = data[key]
            if isinstance(value, list):
                value = CommentedSeq(value)
                if all(isinstance(v, (str, int)) for v in value):
                    value.fa.set_flow_style()
            elif isinstance(value, dict):
                value = CommentedMap(value)
                if isinstance(value.get("lines"), list):
                    value["lines"] = CommentedSeq(value["lines"])
                    value["lines"].fa.set_flow_style()
            out[key] = value
    return out


def profile_add_evidence(
    path: Path, fw: Framework, items: list[EvidenceItem], *, today: date | None = None
) -> str:
    """The text of the profile at `path` with `items` appended to its evidence; the file is not written.

    Items without an id get the next free `eN`. Raises `InputError` when the file or the
    result is not a valid profile under `fw`.
    """
    data, name = read_bounded(path)
    text = data.decode("utf-8")
    profile = profile_from_text(text, fw, name)  # the bounded, located check comes first
    if not items:
        return text
    ids = iter(next_free_ids(profile, sum(1 for i in items if i.id is None)))
    document = _round_trip().load(text)
    if document is None:
        document = CommentedMap()
    evidence = document.get("evidence")
    if evidence is None or len(evidence) == 0:  # absent, or `evidence: []` in flow style
        evidence = CommentedSeq()
        document["evidence"] = evidence
    for item in items:
        evidence.append(_item_map(item if item.id is not None else item.model_copy(update={"id": next(ids)})))
    out = io.StringIO()
    _round_trip().dump(document, out)
    result = out.getvalue()
    profile_from_text(result, fw, name, today=today)  # what is written must load
    return result


def profile_write(path: Path, text: str) -> None:
    _replace(path, text)


def _replace(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.resolve().parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
