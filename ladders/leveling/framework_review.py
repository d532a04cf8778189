"""Reviewing a stored framework version before activating it: the diff, and whom it would move.

Admins only; anyone else is told the version does not exist (404). Activation itself is
`services.framework_activate`; it never rewrites history, because every snapshot keeps the
version (and hash) that produced it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import numpy as np
from django.http import Http404

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_manage_frameworks
from ladders.core.batch import BatchResult, assess_many, batch_covers
from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.framework_diff import framework_diff, what_if
from ladders.core.profile import Profile
from ladders.leveling.bulk import profile_for, records_of
from ladders.leveling.facts import org_facts, reads_alike
from ladders.leveling.frameworks import active_framework, framework_of
from ladders.leveling.models import FrameworkVersion


def _reviewable(actor: Person, version: FrameworkVersion) -> Framework:
    if not can_manage_frameworks(actor) or version.org_id != actor.org_id:
        raise Http404("No such framework version.")
    return framework_of(version)


def version_diff(*, actor: Person, version: FrameworkVersion) -> dict[str, Any]:
    """What `version` changes against the active framework (the core's `framework_diff`)."""
    new = _reviewable(actor, version)
    _, active = active_framework(actor.org)
    return framework_diff(active, new)


def version_what_if(*, actor: Person, version: FrameworkVersion) -> list[dict[str, Any]]:
    """Everyone in the organisation whose level would change if `version` were activated, and why.

    When the stored facts records read the same under both frameworks (`facts.reads_alike`:
    the usual case, a changed gate or threshold) and the batch engine covers every rule of
    both (`batch.batch_covers`), it evaluates both over the
    whole organisation at once from the facts store, and each row names the checks that
    flipped; the checks' details are left to `explain_moves`, for the rows a page shows.
    Otherwise each person's profile is built for each framework, as the live assessment
    would build it (ids a framework does not know are left out), and assessed under each, so
    a renamed skill that would cost someone their level shows up here rather than after
    activation.
    """
    new = _reviewable(actor, version)
    _, old = active_framework(actor.org)
    if reads_alike(old, new) and batch_covers(old) and batch_covers(new):
        return _batch_what_if(actor, old, new)
    apart: list[tuple[int, Profile, Profile]] = []

    def shared() -> Iterator[tuple[int, Profile]]:
        for record in records_of(Person.objects.filter(org_id=actor.org_id)):
            before = profile_for(record, old)
            after = profile_for(record, new)
            if before == after:
                yield record.person.pk, before
            else:
                apart.append((record.person.pk, before, after))

    changes = what_if(old, new, shared())
    changes += [row for key, before, after in apart if (row := _moved(old, new, key, before, after))]
    return sorted(changes, key=lambda row: (row["name"], row["key"]))


def _batch_what_if(actor: Person, old: Framework, new: Framework) -> list[dict[str, Any]]:
    """The movers from the facts store and the batch engine; `because` rows have no detail yet."""
    stored = org_facts(org=actor.org, fw=old)
    today = date.today()
    was = assess_many(old, stored.facts, as_of=today)
    now = assess_many(new, stored.facts, as_of=today)
    old_ids = np.array([level.id for level in old.levels], dtype=object)[was.levels]
    new_ids = np.array([level.id for level in new.levels], dtype=object)[now.levels]
    moved = np.flatnonzero(old_ids != new_ids)
    names = dict(Person.objects.filter(org_id=actor.org_id).values_list("pk", "name"))
    keys = stored.person_ids[moved].tolist()
    flips = _flipped(was, now, moved)
    rows = []
    for person, key, because in zip(moved.tolist(), keys, flips, strict=True):
        before, after = old_ids[person], new_ids[person]
        rows.append(
            {
                "key": key,
                "name": names.get(key, str(key)),
                "from": before,
                "to": after,
                "direction": "up" if new.level_index[after] > old.level_index[before] else "down",
                "because": because,
            }
        )
    return sorted(rows, key=lambda row: (row["name"], row["key"]))


def _flipped(was: BatchResult, now: BatchResult, moved: np.ndarray) -> list[list[dict[str, Any]]]:
    """For each mover, the checks whose verdict differs, in the order `_moved` lists them.

    New checks first (those the old framework lacks count as flipped, `was` None), then the
    old checks the new framework dropped. Details are left to `explain_moves`.
    """
    old_column = {check: n for n, check in enumerate(was.check_ids)}
    shared = np.array([check in old_column for check in now.check_ids], dtype=bool)
    new_passed = now.passed[moved]
    old_passed = np.zeros_like(new_passed)
    if shared.any():
        columns = [old_column[c] for c in now.check_ids if c in old_column]
        old_passed[:, shared] = was.passed[moved][:, columns]
    differs = (new_passed != old_passed) | ~shared
    kept = set(now.check_ids)
    dropped = [(n, check) for n, check in enumerate(was.check_ids) if check not in kept]
    out: list[list[dict[str, Any]]] = [[] for _ in range(len(moved))]
    was_new = old_passed.tolist()
    now_new = new_passed.tolist()
    is_shared = shared.tolist()
    for row, j in zip(*(axis.tolist() for axis in np.nonzero(differs)), strict=True):
        out[row].append(
            {
                "check": now.check_ids[j],
                "was": was_new[row][j] if is_shared[j] else None,
                "now": now_new[row][j],
                "detail": None,
            }
        )
    if dropped:
        old_rows = was.passed[moved].tolist()
        for row, because in enumerate(out):
            because += [
                {
                    "check": check,
                    "was": old_rows[row][n],
                    "now": None,
                    "detail": "this check no longer exists",
                }
                for n, check in dropped
            ]
    return out


def explain_moves(*, actor: Person, version: FrameworkVersion, rows: Sequence[dict[str, Any]]) -> None:
    """Fill in the detail of each flipped check of `rows` (some of `version_what_if`'s), in place.

    Only the people in `rows` are read and assessed, one by one, so a page explains the
    movers it shows and no others. Rows that already carry their details are left alone.
    """
    new = _reviewable(actor, version)
    _, old = active_framework(actor.org)
    wanting = {row["key"]: row for row in rows if any(f["detail"] is None for f in row["because"])}
    if not wanting:
        return
    for record in records_of(Person.objects.filter(org_id=actor.org_id, pk__in=list(wanting))):
        moved = _moved(old, new, record.person.pk, profile_for(record, old), profile_for(record, new))
        if moved is not None:
            details = {flip["check"]: flip["detail"] for flip in moved["because"]}
            for flip in wanting[record.person.pk]["because"]:
                if flip["detail"] is None:
                    flip["detail"] = details.get(flip["check"])


def _moved(
    old: Framework, new: Framework, key: int, before: Profile, after: Profile
) -> dict[str, Any] | None:
    """`what_if`'s row for one person whose profile differs between the two frameworks."""
    was = assess(old, before)
    now = assess(new, after)
    if was["level"] == now["level"]:
        return None
    old_checks = {c["id"]: c["passed"] for g in was["gates"] for c in g["checks"]}
    new_ids = {c["id"] for g in now["gates"] for c in g["checks"]}
    because = [
        {"check": c["id"], "was": old_checks.get(c["id"]), "now": c["passed"], "detail": c["detail"]}
        for g in now["gates"]
        for c in g["checks"]
        if old_checks.get(c["id"]) != c["passed"]
    ]
    because += [
        {"check": cid, "was": passed, "now": None, "detail": "this check no longer exists"}
        for cid, passed in old_checks.items()
        if cid not in new_ids
    ]
    up = new.level_index.get(now["level"], 0) > old.level_index.get(was["level"], 0)
    return {
        "key": key,
        "name": after.name,
        "from": was["level"],
        "to": now["level"],
        "direction": "up" if up else "down",
        "because": because,
    }


__all__ = ["explain_moves", "version_diff", "version_what_if"]
