"""A ladder of minimal profiles on the default framework: each level's gates met with the least.

`minimum_profile("senior")` (the `profile_data` fixture) passes every gate up to senior with
exactly the minimum the spec asks for, and a test changes one thing in it (`.without("adr")`,
`.rate(code_review=2)`) and assesses the result. Server and browser tests build their
people from the same data (`MID_RATINGS`, the mid evidence), so "ready for mid" means one thing.
The evidence ids ("adr", "mentoring", ...) are the profile's own names for its items.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from tests.framework_ids import KIND, LEVEL, SKILL

AS_OF = date(2026, 11, 1)
WORK_DATE = date(2026, 6, 1)


def _item(id: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "kind": kind, "title": f"{kind.replace('_', ' ')} {id}", "date": WORK_DATE, **fields}


# What each level adds on top of the one below, at exactly the minimum of each gate.
MINIMUM_BY_LEVEL: dict[str, dict[str, Any]] = {
    LEVEL.junior: {"skills": {}, "evidence": []},
    LEVEL.mid: {
        "skills": {
            SKILL.error_handling: 2,
            SKILL.input_validation: 2,
            SKILL.testable_code: 2,
            SKILL.rag_systems: 2,
        },
        "evidence": [
            _item(
                "shipped-1",
                KIND.shipped_project,
                scope="feature",
                users="real",
                outcome="Cut support tickets by 40%",
                skills=[SKILL.rag_systems],
            ),
            _item(
                "shipped-2",
                KIND.shipped_project,
                scope="feature",
                users="real",
                outcome="The sales team drafts replies with it",
            ),
            _item(
                "debugging", KIND.debugging_story, outcome="Found the cause", skills=[SKILL.error_handling]
            ),
        ],
    },
    LEVEL.senior: {
        "skills": {
            SKILL.error_handling: 3,
            SKILL.input_validation: 3,
            SKILL.testable_code: 3,
            SKILL.code_review: 3,
            SKILL.production_ai_architecture: 3,
            SKILL.llm_deployment: 3,
        },
        "evidence": [
            _item("ownership", KIND.end_to_end_ownership, scope="team", skills=[SKILL.llm_deployment]),
            _item("adr", KIND.adr, scope="team", skills=[SKILL.production_ai_architecture]),
            _item("review", KIND.code_review, scope="team", skills=[SKILL.code_review]),
            _item("mentoring", KIND.mentoring, scope="individual"),
        ],
    },
    LEVEL.staff: {
        "skills": {
            SKILL.hallucination_mitigation: 3,
            SKILL.happy_path_bias_mitigation: 3,
            SKILL.constraint_blindness_mitigation: 3,
            SKILL.ai_platform_engineering: 3,
            SKILL.ai_strategy: 2,
        },
        "evidence": [
            _item("cross-team", KIND.cross_team_decision, scope="multi_team"),
            _item(
                "platform", KIND.internal_platform, scope="multi_team", skills=[SKILL.ai_platform_engineering]
            ),
            _item("talk", KIND.tech_talk, scope="team"),
        ],
    },
    LEVEL.principal: {
        "skills": {SKILL.ai_strategy: 4},
        "evidence": [
            _item("roadmap", KIND.ai_roadmap, scope="org", skills=[SKILL.ai_strategy]),
            _item("standard", KIND.org_standard, scope="org"),
            _item("hiring", KIND.hiring_criteria, scope="team"),
        ],
    },
}
LEVELS = list(MINIMUM_BY_LEVEL)
assert list(LEVEL) == LEVELS, "MINIMUM_BY_LEVEL names every level of the default framework, in order"


class ProfileData(dict):
    """A profile as plain data, with small edits that return the same object for chaining."""

    def item(self, id: str) -> dict[str, Any]:
        return next(e for e in self["evidence"] if e["id"] == id)

    def without(self, *ids: str) -> ProfileData:
        missing = set(ids) - {e["id"] for e in self["evidence"]}
        assert not missing, f"no evidence {missing} to remove"
        self["evidence"] = [e for e in self["evidence"] if e["id"] not in ids]
        return self

    def change(self, id: str, **fields: Any) -> ProfileData:
        item = self.item(id)
        for key, value in fields.items():
            if value is None:
                item.pop(key, None)
            else:
                item[key] = value
        return self

    def add(self, id: str, kind: str, **fields: Any) -> ProfileData:
        self["evidence"].append(_item(id, kind, **fields))
        return self

    def rate(self, **ratings: int) -> ProfileData:
        self["skills"].update(ratings)
        return self

    def set(self, **fields: Any) -> ProfileData:
        self.update(fields)
        return self


def minimum_profile(level: str = LEVEL.junior, **fields: Any) -> ProfileData:
    """Profile data that passes every gate up to `level` with exactly the minimum, and no more."""
    skills: dict[str, int] = {}
    evidence: list[dict[str, Any]] = []
    for name in LEVELS[: LEVELS.index(level) + 1]:
        for skill, rating in MINIMUM_BY_LEVEL[name]["skills"].items():
            skills[skill] = max(skills.get(skill, 0), rating)
        evidence.extend(copy.deepcopy(MINIMUM_BY_LEVEL[name]["evidence"]))
    data = ProfileData(name="Alex Example", background="none", as_of=AS_OF, skills=skills, evidence=evidence)
    data.update(fields)
    return data


# The ratings that meet the mid gates, with the mid evidence: what "ready for mid" asks of a person.
MID_RATINGS: dict[str, int] = minimum_profile(LEVEL.mid)["skills"]
