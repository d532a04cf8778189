"""`ladders assess --format json` prints exactly the pinned output for every shipped example.

The JSON is a contract: scripts read it, and the server stores the same structure. Any
change to it, even a reordered key, fails here until the pins are rewritten on purpose
with `python -m tests.cli.regenerate_pins` (see CONTRIBUTING.md).
"""

from __future__ import annotations

import pytest

from tests.cli.regenerate_pins import CASES, PINNED, ROOT, assess_json, pinned_path


@pytest.fixture(autouse=True)
def _run_from_the_repository(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("name", list(CASES))
def test_the_json_of_each_shipped_example_is_the_pinned_output_byte_for_byte(name):
    pinned = pinned_path(name)
    assert pinned.exists(), f"no pin for {name}: run python -m tests.cli.regenerate_pins"

    assert assess_json(CASES[name]) == pinned.read_bytes().decode("utf-8")


def test_every_pinned_file_belongs_to_an_example_that_is_still_checked():
    pinned = {path.name for path in PINNED.glob("*.json")}

    assert pinned == {pinned_path(name).name for name in CASES}
