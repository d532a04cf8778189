"""The default framework's ids by name, read from ladders/frameworks/ai-engineer.yaml on import.

Server and CLI tests write `LEVEL.mid`, `CHECK.mid_outcome`, `SKILL.error_handling`,
`KIND.shipped_project` and `ACTIVITY.learning` instead of typing the strings, so the YAML
stays the one place an id is spelled, and a test that names an id the framework no longer
has fails at once with the file and the ids it does have, not with a KeyError deep inside
a page. A check's name is its
id with the dot made an underscore (`mid.outcome` is `CHECK.mid_outcome`). Core tests that
build their own small frameworks keep their own ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ladders.core.framework_loader import DEFAULT_FRAMEWORK, default_framework


class Ids:
    """The ids of one kind of framework entry as attributes, in the framework's order."""

    def __init__(self, what: str, ids: Iterable[str]):
        self.__dict__["_what"] = what
        self.__dict__["_by_name"] = {id.replace(".", "_"): id for id in ids}

    def __getattr__(self, name: str) -> str:
        by_name = self.__dict__["_by_name"]
        if name in by_name:
            return by_name[name]
        known = ", ".join(by_name)
        raise AttributeError(
            f"{DEFAULT_FRAMEWORK.name} has no {self._what} {name!r}; its {self._what}s: {known}"
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"the {self._what} ids come from the framework and cannot be set")

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def __dir__(self) -> list[str]:
        return list(self._by_name)


FRAMEWORK = default_framework()
LEVEL = Ids("level", (level.id for level in FRAMEWORK.levels))
CHECK = Ids("check", (gate.id for level in FRAMEWORK.levels for gate in level.gates))
SKILL = Ids("skill", (skill.id for skill in FRAMEWORK.skills))
KIND = Ids("evidence kind", (kind.id for kind in FRAMEWORK.evidence_kinds))
ACTIVITY = Ids("activity", (activity.id for activity in FRAMEWORK.activities))
