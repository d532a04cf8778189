"""docs/cli.md states the input limits with the values `ladders.core.limits` enforces."""

from __future__ import annotations

import re
from pathlib import Path

from ladders.core import limits

CLI_DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def input_limits_section() -> str:
    text = CLI_DOC.read_text(encoding="utf-8")
    found = re.search(r"^### Input limits\n(.*?)(?=^#)", text, re.S | re.M)
    assert found, "docs/cli.md has no '### Input limits' section"
    return re.sub(r"\s+", " ", found.group(1))


def test_the_cli_doc_states_every_input_limit_with_its_value():
    section = input_limits_section()

    assert f"{limits.YAML_BYTES / (1024 * 1024):g} MiB ({limits.YAML_BYTES:,} bytes)" in section
    assert f"**{limits.YAML_DEPTH}** levels" in section
    assert f"**{limits.YAML_ALIASES:,}** aliases" in section
    assert f"**{limits.YAML_NODES:,}** values" in section
    assert f"**{limits.PIPE_WAIT_SECONDS:g} seconds**" in section


def test_the_cli_doc_says_how_stdin_pipes_devices_and_folders_are_treated():
    section = input_limits_section()

    for words in ("`-` for standard input", "<(cat p.yaml)", "named pipe", "/dev/zero", "Folders"):
        assert words in section
