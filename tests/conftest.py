"""Shared fixtures: the default framework, a profile builder and a ladder of minimal profiles.

Tests state only what matters to them: `profile_data("senior")` is a profile that passes
every gate up to senior with exactly the minimum the spec asks for, and a test changes one
thing in it (`.without("adr")`, `.rate(code_review=2)`) and assesses the result. The ladder
itself is data in tests/minimum_profiles.py, so server and browser tests can build from it too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.framework_loader import default_framework
from ladders.core.profile import Profile, profile_from_text
from tests.example_files import EXAMPLES, ROOT
from tests.minimum_profiles import ProfileData, minimum_profile


@pytest.fixture(scope="session", autouse=True)
def _cache_in_a_test_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands the tests run keep their cache (`ladders.cli.framework_cache`) in a test folder."""
    previous = os.environ.get("LADDERS_CACHE_DIR")
    os.environ["LADDERS_CACHE_DIR"] = str(tmp_path_factory.mktemp("ladders-cache"))
    yield
    if previous is None:
        del os.environ["LADDERS_CACHE_DIR"]
    else:
        os.environ["LADDERS_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def fw() -> Framework:
    return default_framework()


@pytest.fixture
def profile_data() -> Callable[..., ProfileData]:
    """`profile_data("senior")`: a profile that passes every gate up to senior with exactly the minimum."""
    return minimum_profile


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
