"""The user documentation names every field, rule, pitfall type, command, option and result key.

Names are taken from the code (the models, the JSON Schema, the Typer app, a real result),
so adding a field or an option without documenting it fails here. Fields and options must
be documented in a table row whose first cell names them in backticks, not merely mentioned
in passing; the YAML examples marked `<!-- checked: ... -->` must load.
"""

from __future__ import annotations

import enum
import re
import typing
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer
from pydantic import BaseModel

from ladders.cli.app import app
from ladders.core.compensation import Band, Bands, bands_load
from ladders.core.engine import assess
from ladders.core.framework import Pitfall
from ladders.core.framework_loader import default_framework, framework_from_text, framework_load
from ladders.core.maturity import MaturityAnswers, answers_from_text, answers_load, maturity_assess
from ladders.core.profile import (
    Compensation,
    EvidenceItem,
    EvidenceSource,
    Profile,
    profile_from_text,
    profile_load,
)
from ladders.core.rules import CriteriaRule, EvidenceRule, PointsRule, Rule, SkillsRule
from ladders.core.schema import framework_json_schema

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"


@cache
def doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@cache
def table_names(name: str) -> frozenset[str]:
    """Every name written in backticks in the first cell of a Markdown table row."""
    names: set[str] = set()
    for line in doc(name).splitlines():
        if line.startswith("|"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([^`]+)`", first_cell))
    return frozenset(names)


def in_backticks(name: str, text: str) -> bool:
    return f"`{name}`" in text


def field_names(model: type[BaseModel]) -> list[str]:
    """A model's fields as a person writes them in YAML: the alias when there is one."""
    return [info.alias or field for field, info in model.model_fields.items()]


def checked_example(name: str, label: str) -> str:
    """The YAML block that follows `<!-- checked: LABEL -->` in a doc."""
    found = re.search(rf"<!-- checked: {label} -->\s*```yaml\n(.*?)```", doc(name), re.S)
    assert found, f"docs/{name} has no YAML example marked '<!-- checked: {label} -->'"
    return found.group(1)


# -- framework format ---------------------------------------------------------------------


def schema_fields() -> list[tuple[str, str]]:
    """(object, field) for every property of the schema's root and of each of its $defs."""
    schema = framework_json_schema()
    pairs = [("framework", prop) for prop in schema["properties"]]
    for def_name, definition in schema["$defs"].items():
        pairs.extend((def_name, prop) for prop in definition.get("properties", {}))
    return pairs


def schema_enum_values() -> list[str]:
    """Every fixed value the schema allows (`practice`, `learning_without_practice`, `all`...)."""
    values: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "enum":
                    values.extend(str(v) for v in value)
                elif key == "const":
                    values.append(str(value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(framework_json_schema())
    return sorted(set(values))


def test_the_schema_walk_finds_the_fields_of_nested_objects():
    found = set(schema_fields())
    assert ("framework", "rating_scale") in found
    assert ("Transition", "from") in found  # the alias, not the Python name `from_`
    assert ("MaturityLevel", "career_note") in found
    assert ("EvidenceRule", "within_days") in found


@pytest.mark.parametrize(("owner", "field"), schema_fields(), ids=lambda v: v)
def test_every_framework_field_is_documented_in_a_table(owner, field):
    assert field in table_names("framework-format.md"), (
        f"{owner}.{field} is in the framework JSON Schema but no table row of "
        f"docs/framework-format.md starts with `{field}`"
    )


RULE_KEYS = sorted(
    {
        key
        for model in (Rule, SkillsRule, EvidenceRule, PointsRule, CriteriaRule)
        for key in field_names(model)
    }
)


@pytest.mark.parametrize("key", RULE_KEYS)
def test_every_rule_key_and_option_is_documented(key):
    assert key in table_names("framework-format.md"), f"rule key `{key}` is missing from the rules tables"


PITFALL_TYPES = list(typing.get_args(Pitfall.model_fields["type"].annotation))


def test_the_pitfall_types_are_read_from_the_model():
    assert "learning_without_practice" in PITFALL_TYPES
    assert len(PITFALL_TYPES) >= 4


@pytest.mark.parametrize("pitfall_type", PITFALL_TYPES)
def test_every_pitfall_type_is_documented(pitfall_type):
    assert pitfall_type in table_names("framework-format.md"), (
        f"pitfall type `{pitfall_type}` has no row in the pitfall types table"
    )


@pytest.mark.parametrize("value", schema_enum_values())
def test_every_fixed_value_of_the_format_is_documented(value):
    assert in_backticks(value, doc("framework-format.md")), f"`{value}` is never named in the framework doc"


def test_the_docs_say_how_to_get_the_schema_and_wire_it_into_an_editor():
    text = doc("framework-format.md")
    assert "ladders framework schema > framework.schema.json" in text
    assert "# yaml-language-server: $schema=framework.schema.json" in text


def test_the_minimal_framework_in_the_docs_is_valid():
    fw = framework_from_text(checked_example("framework-format.md", "framework"), "docs example")
    assert len(fw.levels) >= 2


# -- profile, bands and maturity answers ----------------------------------------------------

PROFILE_FORMAT_MODELS = (Profile, EvidenceItem, EvidenceSource, Compensation, Bands, Band, MaturityAnswers)


@pytest.mark.parametrize(
    ("model", "field"),
    [(m.__name__, f) for m in PROFILE_FORMAT_MODELS for f in field_names(m)],
    ids=lambda v: v,
)
def test_every_profile_bands_and_answers_field_is_documented_in_a_table(model, field):
    assert field in table_names("profile-format.md"), (
        f"{model}.{field} has no table row in docs/profile-format.md"
    )


def test_the_example_profile_in_the_docs_loads_and_gets_the_documented_defaults():
    profile = profile_from_text(checked_example("profile-format.md", "profile"), default_framework())
    second = profile.evidence[1]
    assert (second.id, second.scope) == ("e2", "individual")


def test_the_example_bands_in_the_docs_load(tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text(checked_example("profile-format.md", "bands"), encoding="utf-8")
    assert bands_load(path, default_framework()).bands


def test_the_example_maturity_answers_in_the_docs_load():
    answers = answers_from_text(checked_example("profile-format.md", "maturity"), default_framework())
    assert answers.org


# -- command line -----------------------------------------------------------------------------


def is_group(command: Any) -> bool:
    return hasattr(command, "commands")


def commands(group: Any, prefix: str = "ladders") -> list[tuple[str, Any]]:
    """Every command and subcommand, with its full name (`ladders framework validate`)."""
    found: list[tuple[str, Any]] = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        found.append((full, command))
        if is_group(command):
            found.extend(commands(command, full))
    return found


# Typer builds a click-style command tree (it may vendor its own copy of click, so the
# walk relies on attributes, not on click's classes).
ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = commands(ROOT_COMMAND)


def choices_of(param: Any) -> list[str]:
    """The values a parameter accepts when it is a choice (an Enum such as --format)."""
    choices = getattr(getattr(param, "type", None), "choices", None)
    if choices:
        return [str(c) for c in choices]
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


def section(text: str, heading: str) -> str:
    """The text under the `## ...` heading that contains `heading`, up to the next `## `."""
    parts = re.split(r"^## ", text, flags=re.M)
    for part in parts[1:]:
        title = part.splitlines()[0]
        if heading in title:
            return part
    raise AssertionError(f"docs/cli.md has no '## ' heading containing {heading}")


def test_the_command_walk_finds_subcommands_options_and_choices():
    names = [name for name, _ in COMMANDS]
    assert "ladders assess" in names
    assert "ladders framework validate" in names
    params = leaf_params()
    assert ("ladders assess", "option", "--as-of") in params
    assert ("ladders assess", "argument", "PROFILE") in params
    assert ("ladders assess", "choice", "json") in params


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_every_command_is_named_in_the_cli_doc(name):
    assert in_backticks(name, doc("cli.md")), f"`{name}` is not named in docs/cli.md"


def leaf_params() -> list[tuple[str, str, str]]:
    """(command, kind, name) for every option flag, argument and choice of the leaf commands."""
    found: list[tuple[str, str, str]] = []
    for name, command in COMMANDS:
        if is_group(command):
            continue
        for param in command.params:
            if param.param_type_name == "argument":
                found.append((name, "argument", param.name.upper()))
                continue
            found.extend((name, "option", opt) for opt in param.opts + param.secondary_opts)
            found.extend((name, "choice", choice) for choice in choices_of(param))
    return found


@pytest.mark.parametrize(("command", "kind", "name"), leaf_params(), ids=lambda v: v)
def test_every_argument_option_and_choice_is_documented_under_its_command(command, kind, name):
    text = section(doc("cli.md"), f"`{command}`")
    rows = "\n".join(line for line in text.splitlines() if line.startswith("|"))
    if kind == "argument":
        assert in_backticks(name, rows), f"{command}: argument {name} has no table row"
    else:
        assert in_backticks(name, rows) or re.search(rf"`{re.escape(name)} [A-Z-]+`", rows), (
            f"{command}: {kind} {name} is not documented in its table"
        )


def group_options() -> list[str]:
    options: list[str] = []
    for _, command in [("ladders", ROOT_COMMAND), *COMMANDS]:
        if is_group(command):
            for param in command.params:
                options.extend(o for o in param.opts if o != "--help")
    return options


@pytest.mark.parametrize("option", group_options())
def test_every_global_option_is_documented(option):
    assert option in table_names("cli.md"), f"global option {option} has no row in docs/cli.md"


@pytest.mark.parametrize("code", ["0", "1", "2"])
def test_every_exit_code_is_documented(code):
    assert code in table_names("cli.md")


def test_the_cli_doc_says_how_to_see_the_traceback_of_a_bug():
    assert "LADDERS_DEBUG=1" in doc("cli.md")


def test_the_cli_doc_says_where_the_cache_is_and_how_to_move_or_turn_it_off():
    from ladders.cli.framework_cache import CACHE_DIR_VARIABLE

    assert CACHE_DIR_VARIABLE in table_names("cli.md")
    assert "~/.cache/ladders/" in section(doc("cli.md"), "`ladders`")


# -- assessment result ------------------------------------------------------------------------

# Mappings keyed by the framework's own ids (phase ids, category ids) or by the profile's
# evidence ids hold data, not format keys.
KEYED_BY_IDS = {"phases", "by_category", "evidence_titles"}


def result_keys(node: Any, found: set[str] | None = None) -> set[str]:
    found = set() if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key not in KEYED_BY_IDS:
                result_keys(value, found)
    elif isinstance(node, list):
        for item in node:
            result_keys(item, found)
    return found


def assessment_keys() -> list[str]:
    """Every key of real results: with bands and maturity, and on the points ladder."""
    fw = default_framework()
    profile = profile_load(EXAMPLES / "profiles" / "sam-rivera.yaml", fw)
    bands = bands_load(EXAMPLES / "bands-us.yaml", fw)
    keys = result_keys(assess(fw, profile, bands=bands))
    points_fw = framework_load(EXAMPLES / "points-ladder.yaml")
    points_profile = profile_load(EXAMPLES / "points-profile.yaml", points_fw)
    keys |= result_keys(assess(points_fw, points_profile, as_of=date(2026, 11, 1)))
    keys |= result_keys(maturity_assess(fw, answers_load(EXAMPLES / "maturity-acme.yaml", fw)))
    return sorted(keys)


def test_the_result_keys_include_nested_ones():
    keys = assessment_keys()
    assert {"negotiation_brief", "phases_below", "evidence_kind", "sub_level"} <= set(keys)


@pytest.mark.parametrize("key", assessment_keys())
def test_every_result_key_is_explained_in_the_assessment_doc(key):
    assert in_backticks(key, doc("assessment.md")), (
        f"result key `{key}` is not explained in docs/assessment.md"
    )


@pytest.mark.parametrize(
    "topic",
    [
        "cumulative",
        "evidence_after_as_of",
        "misread",
        "months",
        "growth_ceiling",
        "min_phases",
        "negotiation",
    ],
)
def test_the_assessment_doc_covers_how_the_engine_decides(topic):
    assert topic in doc("assessment.md")
