"""Reviewing a stored framework version before activating it: the diff, and whom it would move.

Admins only; anyone else is told the version does not exist (404). Activation itself is
`services.framework_activate`; it never rewrites history, because every snapshot keeps the
version (and hash) that produced it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import Http404

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_manage_frameworks
from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.framework_diff import framework_diff, what_if
from ladders.core.profile import Profile
from ladders.leveling.bulk import profile_for, records_of
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

    Each person's profile is built for each framework, as the live assessment would build
    it (ids a framework does not know are left out). When the two profiles are the same,
    which is the rule unless the new version drops a skill, kind or scope someone uses, the
    core's `what_if` compares them. When they differ, the person is assessed under each
    framework with their own profile and compared the same way, so a renamed skill that
    would cost someone their level shows up here rather than after activation.
    """
    new = _reviewable(actor, version)
    _, old = active_framework(actor.org)
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


__all__ = ["version_diff", "version_what_if"]
