"""Shared fixtures: the default framework, a profile builder and a ladder of minimal profiles.

Tests state only what matters to them: `profile_data("senior")` is a profile that passes
every gate up to senior with exactly the minimum the spec asks for, and a test changes one
thing in it (`.without("adr")`, `.rate(code_review=2)`) and assesses the result.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.framework_loader import default_framework
from ladders.core.profile import Profile, profile_from_text
from tests.example_files import EXAMPLES, ROOT

AS_OF = date(2026, 11, 1)
WORK_DATE = date(2026, 6, 1)


def _item(id: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": id, "kind": kind, "title": f"{kind.replace('_', ' ')} {id}", "date": WORK_DATE, **fields}


# What each level adds on top of the one below, at exactly the minimum of each gate.
MINIMUM_BY_LEVEL: dict[str, dict[str, Any]] = {
    "junior": {"skills": {}, "evidence": []},
    "mid": {
        "skills": {"error_handling": 2, "input_validation": 2, "testable_code": 2, "rag_systems": 2},
        "evidence": [
            _item(
                "shipped-1",
                "shipped_project",
                scope="feature",
                users="real",
                outcome="Cut support tickets by 40%",
                skills=["rag_systems"],
            ),
            _item(
                "shipped-2",
                "shipped_project",
                scope="feature",
                users="real",
                outcome="The sales team drafts replies with it",
            ),
            _item("debugging", "debugging_story", outcome="Found the cause", skills=["error_handling"]),
        ],
    },
    "senior": {
        "skills": {
            "error_handling": 3,
            "input_validation": 3,
            "testable_code": 3,
            "code_review": 3,
            "production_ai_architecture": 3,
            "llm_deployment": 3,
        },
        "evidence": [
            _item("ownership", "end_to_end_ownership", scope="team", skills=["llm_deployment"]),
            _item("adr", "adr", scope="team", skills=["production_ai_architecture"]),
            _item("review", "code_review", scope="team", skills=["code_review"]),
            _item("mentoring", "mentoring", scope="individual"),
        ],
    },
    "staff": {
        "skills": {
            "hallucination_mitigation": 3,
            "happy_path_bias_mitigation": 3,
            "constraint_blindness_mitigation": 3,
            "ai_platform_engineering": 3,
            "ai_strategy": 2,
        },
        "evidence": [
            _item("cross-team", "cross_team_decision", scope="multi_team"),
            _item("platform", "internal_platform", scope="multi_team", skills=["ai_platform_engineering"]),
            _item("talk", "tech_talk", scope="team"),
        ],
    },
    "principal": {
        "skills": {"ai_strategy": 4},
        "evidence": [
            _item("roadmap", "ai_roadmap", scope="org", skills=["ai_strategy"]),
            _item("standard", "org_standard", scope="org"),
            _item("hiring", "hiring_criteria", scope="team"),
        ],
    },
}
LEVELS = list(MINIMUM_BY_LEVEL)


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


@pytest.fixture(scope="session")
def fw() -> Framework:
    return default_framework()


@pytest.fixture
def profile_data() -> Callable[..., ProfileData]:
    """Profile data that passes every gate up to `level` with exactly the minimum, and no more."""

    def build(level: str = "junior", **fields: Any) -> ProfileData:
        skills: dict[str, int] = {}
        evidence: list[dict[str, Any]] = []
        for name in LEVELS[: LEVELS.index(level) + 1]:
            for skill, rating in MINIMUM_BY_LEVEL[name]["skills"].items():
                skills[skill] = max(skills.get(skill, 0), rating)
            evidence.extend(copy.deepcopy(MINIMUM_BY_LEVEL[name]["evidence"]))
        data = ProfileData(
            name="Alex Example", background="none", as_of=AS_OF, skills=skills, evidence=evidence
        )
        data.update(fields)
        return data

    return build


@pytest.fixture(scope="session")
def examples() -> Path:
    """The examples/ directory of the repository."""
    return EXAMPLES


@pytest.fixture
def example_data() -> Callable[[str], ProfileData]:
    """An example profile file as editable data (`examples/profiles/<name>.yaml` or a path)."""

    def load(name: str) -> ProfileData:
        path = EXAMPLES / "profiles" / f"{name}.yaml" if "/" not in name else ROOT / name
        return ProfileData(yaml.safe_load(path.read_text(encoding="utf-8")))

    return load


@pytest.fixture
def make_profile(fw: Framework) -> Callable[..., Profile]:
    """Dump `data` as YAML and load it the way a profile file is loaded."""

    def build(data: dict[str, Any], framework: Framework | None = None) -> Profile:
        text = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True)
        return profile_from_text(text, framework or fw, "profile.yaml")

    return build


@pytest.fixture
def assess_data(fw: Framework, make_profile: Callable[..., Profile]) -> Callable[..., dict[str, Any]]:
    """Load `data` as a profile and assess it; keyword arguments go to `assess`."""

    def run(data: dict[str, Any], *, framework: Framework | None = None, **kwargs: Any) -> dict[str, Any]:
        framework = framework or fw
        return assess(framework, make_profile(data, framework), **kwargs)

    return run


@pytest.fixture
def checks() -> Callable[[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every check of a result by its gate id."""

    def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {check["id"]: check for gate in result["gates"] for check in gate["checks"]}

    return by_id


@pytest.fixture
def pitfalls() -> Callable[[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The pitfalls a result reports, by id."""

    def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {p["id"]: p for p in result["pitfalls"]}

    return by_id
