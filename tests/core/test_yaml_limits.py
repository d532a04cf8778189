"""Every YAML the core reads goes through one loader that refuses documents which expand.

A few hundred bytes of aliases can stand for billions of values, and an alias can refer to
the list that holds it. The loader measures the composed document before building any
Python value, so such a file is a located problem in bounded memory, while the anchors
and aliases people write on purpose still load.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

import ladders
from ladders.core import limits
from ladders.core.compensation import bands_load
from ladders.core.errors import InputError, Problem
from ladders.core.framework_loader import framework_from_text, framework_load
from ladders.core.maturity import answers_from_text, answers_load
from ladders.core.profile import profile_from_text, profile_load
from ladders.core.yamlsource import load_yaml_file, load_yaml_text
from tests.hostile_yaml import BILLION_LAUGHS, MEGABYTE, RECURSIVE, deeply_nested, peak_memory_of


def only_problem(call: Callable[[], object]) -> Problem:
    with pytest.raises(InputError) as caught:
        call()
    (problem,) = caught.value.problems
    return problem


def text_loaders(fw, folder: Path) -> dict[str, Callable[[str], object]]:
    """Every way the core turns YAML text or a YAML file into data, keyed by what it reads."""

    def via_file(load: Callable[[Path], object]) -> Callable[[str], object]:
        def run(text: str) -> object:
            path = folder / "input.yaml"
            path.write_text(text, encoding="utf-8")
            return load(path)

        return run

    return {
        "framework text": lambda text: framework_from_text(text, "input.yaml"),
        "framework file": via_file(framework_load),
        "profile text": lambda text: profile_from_text(text, fw, "input.yaml"),
        "profile file": via_file(lambda path: profile_load(path, fw)),
        "bands file": via_file(lambda path: bands_load(path, fw)),
        "answers text": lambda text: answers_from_text(text, fw, "input.yaml"),
        "answers file": via_file(lambda path: answers_load(path, fw)),
    }


LOADERS = [
    "framework text",
    "framework file",
    "profile text",
    "profile file",
    "bands file",
    "answers text",
    "answers file",
]


@pytest.mark.parametrize("loader", LOADERS)
def test_every_loader_refuses_a_billion_laughs_naming_the_limit(fw, loader, tmp_path):
    problem = only_problem(lambda: text_loaders(fw, tmp_path)[loader](BILLION_LAUGHS))

    assert problem.source.endswith("input.yaml")
    assert f"{limits.YAML_NODES:,} nodes" in problem.message
    assert "alias" in problem.message


def test_a_billion_laughs_is_refused_where_it_first_grows_past_the_limit():
    problem = only_problem(lambda: load_yaml_text(BILLION_LAUGHS, "laughs.yaml"))

    # `f` holds nine copies of `e` (66,430 nodes each): the second one crosses 200,000.
    assert (problem.line, problem.field) == (6, "f[1]")


def test_a_billion_laughs_is_refused_in_bounded_memory():
    peak = peak_memory_of(lambda: load_yaml_text(BILLION_LAUGHS, "laughs.yaml"))

    assert peak < 50 * MEGABYTE


@pytest.mark.parametrize("loader", LOADERS)
def test_every_loader_refuses_a_recursive_alias_on_its_line(fw, loader, tmp_path):
    problem = only_problem(lambda: text_loaders(fw, tmp_path)[loader](RECURSIVE))

    assert (problem.line, problem.field) == (1, "a[0]")
    assert "refers to itself" in problem.message


def test_a_mapping_that_contains_itself_is_refused_at_the_key():
    problem = only_problem(lambda: load_yaml_text("top:\n  b: &b\n    c: *b\n", "loop.yaml"))

    assert (problem.line, problem.column, problem.field) == (3, 5, "top.b.c")
    assert "refers to itself" in problem.message


def test_nesting_deeper_than_the_limit_is_refused_naming_the_limit():
    problem = only_problem(lambda: load_yaml_text(deeply_nested(limits.YAML_DEPTH), "deep.yaml"))

    assert problem.line == 1
    assert f"{limits.YAML_DEPTH} levels" in problem.message


def test_nesting_up_to_the_limit_loads():
    document = load_yaml_text(deeply_nested(limits.YAML_DEPTH - 1), "deep.yaml")

    assert isinstance(document.data["a"], list)


def test_an_alias_cannot_carry_nesting_past_the_limit():
    half = limits.YAML_DEPTH // 2 + 1
    text = f"x: &x {'[' * half}{']' * half}\ny: {'[' * half}*x{']' * half}\n"

    problem = only_problem(lambda: load_yaml_text(text, "deep.yaml"))

    assert problem.line == 2 and problem.field.startswith("y[0]")
    assert f"{limits.YAML_DEPTH} levels" in problem.message


def test_more_aliases_than_the_limit_are_refused_at_the_first_one_too_many():
    lines = ["word: &w lol", "many:"] + ["  - *w"] * (limits.YAML_ALIASES + 1)

    problem = only_problem(lambda: load_yaml_text("\n".join(lines) + "\n", "aliases.yaml"))

    assert problem.field == f"many[{limits.YAML_ALIASES}]"
    assert f"{limits.YAML_ALIASES:,} aliases" in problem.message


def test_a_document_larger_than_the_limit_is_refused_before_it_is_parsed():
    text = "a: 1\n" + "#" * limits.YAML_BYTES + "\n"

    problem = only_problem(lambda: load_yaml_text(text, "big.yaml"))

    assert "2 MiB" in problem.message and f"{limits.YAML_BYTES:,} bytes" in problem.message


def test_a_file_larger_than_the_limit_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (20 * limits.YAML_BYTES))

    peak = peak_memory_of(lambda: load_yaml_file(path))
    problem = only_problem(lambda: load_yaml_file(path))

    assert problem.source == str(path) and "2 MiB" in problem.message
    assert peak < 4 * limits.YAML_BYTES


def test_ordinary_anchors_aliases_and_merge_keys_still_load():
    text = (
        "defaults: &defaults {scope: team, users: real}\n"
        "first: {<<: *defaults, title: One}\n"
        "second:\n  <<: *defaults\n  scope: org\n"
        "skills: &skills [rag_systems, evals]\n"
        "again: *skills\n"
    )

    data = load_yaml_text(text, "anchors.yaml").data

    assert data["first"] == {"scope": "team", "users": "real", "title": "One"}
    assert data["second"] == {"scope": "org", "users": "real"}
    assert data["again"] == ["rag_systems", "evals"]


def test_a_profile_that_shares_its_skills_through_an_alias_loads(fw):
    text = (
        "name: Sam\n"
        "evidence:\n"
        "  - {kind: adr, title: First, date: 2026-01-01, skills: &shared [rag_systems]}\n"
        "  - {kind: adr, title: Second, date: 2026-02-01, skills: *shared}\n"
    )

    profile = profile_from_text(text, fw, "sam.yaml")

    assert [item.skills for item in profile.evidence] == [["rag_systems"], ["rag_systems"]]


PARSERS = {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all", "compose", "parse"}
PARSERS |= {"compose_all", "scan", "Loader", "SafeLoader", "CSafeLoader", "CLoader", "FullLoader"}
PACKAGE = Path(ladders.__file__).resolve().parent


def yaml_parsing_calls(path: Path) -> list[str]:
    """`yaml.<parser>` uses in a module: anything that reads YAML rather than writing it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        f"{path.relative_to(PACKAGE)}:{node.lineno} yaml.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "yaml"
        and node.attr in PARSERS
    ]


def test_only_the_one_loader_parses_yaml_anywhere_in_the_package():
    found = [call for path in sorted(PACKAGE.rglob("*.py")) for call in yaml_parsing_calls(path)]

    assert found and all(call.startswith("core/yamlsource.py:") for call in found), found


def ruamel_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [f"{path.relative_to(PACKAGE)}:{node.lineno}" for name in names if name.startswith("ruamel")]
    return found


def test_ruamel_is_used_only_by_the_round_trip_profile_writer():
    # The writer parses with ruamel only text that `profile_from_text` (the one loader) has
    # already read within the limits and checked; nothing else may parse YAML with it.
    found = [use for path in sorted(PACKAGE.rglob("*.py")) for use in ruamel_imports(path)]

    assert found and all(use.startswith("core/profile_writer.py:") for use in found), found
