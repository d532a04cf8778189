"""`ladders framework validate | show | schema`: check, read and describe a framework file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ladders.core.framework_loader import DEFAULT_FRAMEWORK, default_framework, framework_load
from tests.example_files import POINTS_LADDER
from tests.framework_ids import LEVEL

# --- validate ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [DEFAULT_FRAMEWORK, POINTS_LADDER], ids=["ai-engineer", "points-ladder"])
def test_validate_accepts_the_shipped_frameworks(ladders, path):
    fw = framework_load(path)

    result = ladders("framework", "validate", path)

    assert result.exit_code == 0, result.stderr
    assert f"{path}: valid {fw.id}" in result.stdout
    assert f"{len(fw.skills)} skills" in result.stdout
    assert fw.content_hash in result.stdout


def test_validate_lists_every_problem_with_its_line(ladders, assert_bad_input, broken_copy, line_of):
    unknown_kind = broken_copy(
        DEFAULT_FRAMEWORK, "kinds: [shipped_project], min: 2", "kinds: [shipped_projekt], min: 2", "one.yaml"
    )
    framework = broken_copy(
        unknown_kind,
        "input_validation, testable_code], at_least: 2",
        "input_validaton, testable_code], at_least: 2",
    )
    framework = broken_copy(framework, "  - id: mid.debugging", "  - id: mid.outcome", "broken.yaml")

    result = ladders("framework", "validate", framework)

    lines = framework.read_text(encoding="utf-8").splitlines()
    first, second = [n for n, line in enumerate(lines, 1) if line == "      - id: mid.outcome"]
    assert_bad_input(
        result,
        f"{framework}:{line_of(framework, 'shipped_projekt')}:",
        "unknown evidence kind 'shipped_projekt'",
        f"{framework}:{second}:",
        f"duplicate gate id 'mid.outcome' (first on line {first})",
        f"{framework}:{line_of(framework, 'input_validaton')}:",
        "unknown skill 'input_validaton'",
        "3 problems found.",
    )


def test_validate_names_a_missing_file(ladders, assert_bad_input, tmp_path):
    assert_bad_input(
        ladders("framework", "validate", tmp_path / "ladder.yaml"), "ladder.yaml: file not found"
    )


# --- show -------------------------------------------------------------------------------


def gate_ids(fw) -> list[str]:
    return [gate.id for level in fw.levels for gate in level.gates]


@pytest.mark.parametrize("path", [None, POINTS_LADDER], ids=["default", "points-ladder"])
def test_show_as_text_has_every_level_and_every_gate(ladders, path):
    fw = framework_load(path)

    result = ladders("framework", "show", *([path] if path else []))

    assert result.exit_code == 0, result.stderr
    for level in fw.levels:
        assert level.name in result.stdout
    for gate in gate_ids(fw):
        assert gate in result.stdout


def test_show_as_json_has_all_44_skills_and_the_content_hash(ladders):
    result = ladders("framework", "show", "--format", "json")

    data = json.loads(result.stdout)
    assert len(data["skills"]) == 44
    assert data["hash"] == default_framework().content_hash
    assert [level["id"] for level in data["levels"]] == list(LEVEL)


def test_show_as_markdown_has_one_table_row_per_gate(ladders):
    result = ladders("framework", "show", "--format", "markdown")

    rows = [line for line in result.stdout.splitlines() if line.startswith("| `")]
    for gate in gate_ids(default_framework()):
        assert len([row for row in rows if row.startswith(f"| `{gate}`")]) == 1, gate


def test_show_writes_a_file_with_output(ladders, tmp_path):
    result = ladders("framework", "show", "--format", "markdown", "-o", tmp_path / "ladder.md")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "`senior.adr`" in (tmp_path / "ladder.md").read_text(encoding="utf-8")


def test_show_refuses_html_and_its_help_lists_only_the_formats_it_supports(ladders):
    refused = ladders("framework", "show", "--format", "html")
    assert refused.exit_code == 2 and "--format" in refused.stderr
    assert "Traceback" not in refused.stderr
    help_text = ladders("framework", "show", "--help").stdout
    assert "text" in help_text and "markdown" in help_text and "html" not in help_text


def test_show_level_shows_one_level_with_its_gates(ladders, fw):
    level = fw.levels[1]
    result = ladders("framework", "show", "--level", level.id, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"# {level.name}")
    assert all(f"`{gate.id}`" in result.stdout for gate in level.gates)
    other = fw.levels[2].gates[0].id
    assert f"`{other}`" not in result.stdout


def test_show_skill_shows_one_skill_and_its_rubric_as_text_or_json(ladders, fw):
    skill = fw.skills[0]
    text = ladders("framework", "show", "--skill", skill.id).stdout
    assert skill.name in text and skill.rubric[fw.rating_scale.max] in text.replace("\n", " ").replace(
        "  ", " "
    )
    data = json.loads(ladders("framework", "show", "--skill", skill.id, "--format", "json").stdout)
    assert data["id"] == skill.id and data["hash"] == fw.content_hash


def test_show_refuses_an_unknown_level_or_skill(ladders, assert_bad_input):
    assert_bad_input(ladders("framework", "show", "--level", "wizard"), "--level", "wizard")
    assert_bad_input(ladders("framework", "show", "--skill", "juggling"), "--skill", "juggling")


def test_show_pages_its_text_on_a_terminal(ladders, monkeypatch):
    import pydoc

    import ladders.cli.framework_cmds as framework_cmds

    paged: list[str] = []
    monkeypatch.setattr(framework_cmds, "_on_terminal", lambda: True)
    monkeypatch.setattr(pydoc, "pager", paged.append)
    result = ladders("framework", "show")
    assert result.exit_code == 0
    assert len(paged) == 1 and "Gates" in paged[0]


# --- schema -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    from typer.testing import CliRunner

    from ladders.cli.app import app

    result = CliRunner().invoke(app, ["framework", "schema"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_schema_is_a_json_schema_of_the_framework_format(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert {"levels", "skills", "evidence_kinds"} <= set(schema["properties"])
    assert {"levels", "skills", "evidence_kinds"} <= set(schema["required"])
    assert "Rule" in schema["$defs"]
    assert {"skills", "evidence", "all", "any"} <= set(schema["$defs"]["Rule"]["properties"])


def test_every_reference_in_the_schema_resolves(schema):
    refs = re.findall(r'"\$ref": "#/\$defs/([^"]+)"', json.dumps(schema))

    assert refs
    assert set(refs) <= set(schema["$defs"])


def framework_as_json(path: Path) -> Any:
    """The YAML file as JSON would carry it (mapping keys become strings)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.mark.parametrize("path", [DEFAULT_FRAMEWORK, POINTS_LADDER], ids=["ai-engineer", "points-ladder"])
def test_the_shipped_frameworks_satisfy_the_schema(schema, path):
    assert schema_errors(framework_as_json(path), schema, schema) == []


def test_the_schema_rejects_a_misspelt_gate_field(schema):
    data = framework_as_json(DEFAULT_FRAMEWORK)
    gate = data["levels"][1]["gates"][0]
    gate["rules"] = gate.pop("rule")

    assert any("levels[1].gates[0]" in error for error in schema_errors(data, schema, schema))


# A small JSON Schema checker for the keywords pydantic emits, since jsonschema is not a dependency.

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}


def schema_errors(value: Any, node: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    if "$ref" in node:
        node = root["$defs"][node["$ref"].removeprefix("#/$defs/")]
    if "anyOf" in node:
        if all(schema_errors(value, option, root, path) for option in node["anyOf"]):
            return [f"{path}: matches none of anyOf"]
        return []
    types = node.get("type", [])
    types = [types] if isinstance(types, str) else types
    if types and not any(TYPES[t](value) for t in types):
        return [f"{path}: {value!r} is not {types}"]
    if "const" in node and value != node["const"]:
        return [f"{path}: {value!r} is not {node['const']!r}"]
    if "enum" in node and value not in node["enum"]:
        return [f"{path}: {value!r} is not one of {node['enum']}"]
    errors: list[str] = []
    if isinstance(value, dict):
        errors += [f"{path}: {key} is required" for key in node.get("required", []) if key not in value]
        for key, item in value.items():
            where = f"{path}.{key}"
            if "propertyNames" in node:
                errors += schema_errors(key, node["propertyNames"], root, where)
            patterns = [s for p, s in node.get("patternProperties", {}).items() if re.search(p, key)]
            if key in node.get("properties", {}):
                errors += schema_errors(item, node["properties"][key], root, where)
            elif patterns:
                errors += [e for s in patterns for e in schema_errors(item, s, root, where)]
            elif node.get("additionalProperties") is False:
                errors.append(f"{where}: not allowed")
            elif isinstance(node.get("additionalProperties"), dict):
                errors += schema_errors(item, node["additionalProperties"], root, where)
    if isinstance(value, list):
        if not node.get("minItems", 0) <= len(value) <= node.get("maxItems", len(value)):
            errors.append(f"{path}: {len(value)} items")
        for i, item in enumerate(value):
            errors += schema_errors(item, node.get("items", {}), root, f"{path}[{i}]")
    if isinstance(value, str):
        if not node.get("minLength", 0) <= len(value) <= node.get("maxLength", len(value)):
            errors.append(f"{path}: length {len(value)}")
        if "pattern" in node and not re.search(node["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {node['pattern']}")
    if TYPES["number"](value) and not node.get("minimum", value) <= value <= node.get("maximum", value):
        errors.append(f"{path}: {value} is out of range")
    return errors
