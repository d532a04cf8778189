"""What `ladders` reads is bounded: hostile YAML, endless devices, silent pipes, huge files.

Every case ends in exit 2 with a message that names the input and the limit, quickly, and
the ordinary ways to hand over a file (a path, `-` for stdin, a pipe, `<(cat p.yaml)`)
keep working.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ladders.core import limits
from tests.example_files import BANDS, SAM
from tests.hostile_yaml import BILLION_LAUGHS, RECURSIVE, deeply_nested

LADDERS = Path(sys.executable).with_name("ladders")
LIMIT_TEXT = f"{limits.YAML_BYTES:,} bytes"


def written(tmp_path: Path, text: str, name: str = "input.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_shell(script: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run `script` in bash with the installed `ladders` first on PATH."""
    env = {**os.environ, "PATH": f"{LADDERS.parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False, **kwargs
    )


def write_later(fifo: Path, data: bytes) -> threading.Thread:
    """Open `fifo` for writing (which waits for the reader) and write `data` into it."""

    def write() -> None:
        try:
            with open(fifo, "wb") as pipe:
                pipe.write(data)
        except BrokenPipeError:
            pass  # the reader stopped at its limit and closed its end

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


# -- YAML that expands -----------------------------------------------------------------------


def test_a_billion_laughs_profile_is_refused_naming_the_limit(ladders, assert_bad_input, tmp_path):
    profile = written(tmp_path, BILLION_LAUGHS)

    assert_bad_input(ladders("assess", profile), f"{profile}:6:", f"{limits.YAML_NODES:,} nodes")


def test_a_billion_laughs_framework_is_refused_naming_the_limit(ladders, assert_bad_input, tmp_path):
    framework = written(tmp_path, BILLION_LAUGHS, "ladder.yaml")

    assert_bad_input(ladders("framework", "validate", framework), f"{framework}:6:", "(the limit)")
    assert_bad_input(ladders("assess", SAM, "--framework", framework), f"{framework}:6:")


def test_a_recursive_alias_is_refused_on_its_line(ladders, assert_bad_input, tmp_path):
    profile = written(tmp_path, RECURSIVE)

    assert_bad_input(ladders("assess", profile), f"{profile}:1:", "a[0]", "refers to itself")


def test_a_recursive_alias_in_maturity_answers_is_refused(ladders, assert_bad_input, tmp_path):
    answers = written(tmp_path, "org: Acme\nphases: &p {loop: *p}\n")

    assert_bad_input(ladders("maturity", answers), f"{answers}:2:", "refers to itself")


def test_nesting_deeper_than_the_limit_is_refused(ladders, assert_bad_input, tmp_path):
    profile = written(tmp_path, deeply_nested(limits.YAML_DEPTH))

    assert_bad_input(ladders("assess", profile), f"{profile}:1:", f"{limits.YAML_DEPTH} levels deep")


def test_a_profile_that_shares_values_through_anchors_is_assessed_as_if_written_out(ladders, tmp_path):
    text = SAM.read_text(encoding="utf-8")
    shared = text.replace("    scope: feature\n", "    scope: &usual feature\n", 1)
    shared = shared.replace("    scope: feature\n", "    scope: *usual\n")
    assert shared.count("*usual") >= 4
    profile = written(tmp_path, shared, SAM.name)

    anchored = ladders("assess", profile, "--format", "json")

    assert anchored.exit_code == 0, anchored.stderr
    assert anchored.stdout == ladders("assess", SAM, "--format", "json").stdout


# -- inputs that are not ordinary files ----------------------------------------------------------


def test_a_device_is_refused_without_reading_it(ladders, assert_bad_input):
    assert_bad_input(ladders("assess", "/dev/zero"), "/dev/zero: this is a device")


def test_a_device_as_bands_or_framework_is_refused(ladders, assert_bad_input):
    assert_bad_input(ladders("assess", SAM, "--bands", "/dev/zero"), "/dev/zero: this is a device")
    assert_bad_input(ladders("framework", "validate", "/dev/urandom"), "/dev/urandom: this is a device")


def test_a_directory_is_refused(ladders, assert_bad_input, tmp_path):
    assert_bad_input(ladders("assess", tmp_path), f"{tmp_path}: this is a folder")


def test_a_file_over_the_limit_is_refused_naming_the_limit(ladders, assert_bad_input, tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(SAM.read_bytes() + b"#" * limits.YAML_BYTES)

    assert_bad_input(ladders("assess", big), f"{big}: larger than 2 MiB", LIMIT_TEXT)


def test_a_dash_reads_the_profile_from_stdin(ladders):
    result = ladders("assess", "-", "--format", "json", input=SAM.read_text(encoding="utf-8"))

    assert result.exit_code == 0, result.stderr
    assert '"name": "Sam Rivera"' in result.stdout


def test_a_problem_in_stdin_is_named_stdin(ladders, assert_bad_input):
    assert_bad_input(ladders("assess", "-", input=RECURSIVE), "<stdin>:1:", "refers to itself")


def test_endless_stdin_is_cut_at_the_limit(tmp_path):
    with open("/dev/zero", "rb") as zeros:
        result = run_shell("ladders assess -", stdin=zeros, cwd=tmp_path)

    assert result.returncode == 2, result.stderr
    assert "<stdin>: larger than 2 MiB" in result.stderr and LIMIT_TEXT in result.stderr


def test_a_pipe_from_process_substitution_is_read(tmp_path):
    result = run_shell(f"ladders assess <(cat '{SAM}') --format json", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert '"name": "Sam Rivera"' in result.stdout


def test_a_pipe_into_stdin_is_read(tmp_path):
    result = run_shell(f"cat '{SAM}' | ladders assess - --format json", cwd=tmp_path)

    assert result.returncode == 0, result.stderr


# -- named pipes -------------------------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "profile.fifo"
    os.mkfifo(path)
    return path


def test_a_named_pipe_nobody_writes_to_is_given_up_after_a_short_wait(
    ladders, assert_bad_input, fifo, monkeypatch
):
    monkeypatch.setattr(limits, "PIPE_WAIT_SECONDS", 0.2)

    assert_bad_input(ladders("assess", fifo), f"{fifo}: nobody wrote to this named pipe within 0.2 seconds")


def test_the_default_wait_for_a_named_pipe_is_short():
    assert 1 <= limits.PIPE_WAIT_SECONDS <= 10


def test_a_named_pipe_that_someone_writes_to_is_read(ladders, fifo):
    writer = write_later(fifo, SAM.read_bytes())

    result = ladders("assess", fifo, "--format", "json")

    writer.join(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert '"name": "Sam Rivera"' in result.stdout


def test_a_named_pipe_that_pours_out_too_much_is_cut_at_the_limit(ladders, assert_bad_input, fifo):
    writer = write_later(fifo, b"#" * (limits.YAML_BYTES + 100_000))

    result = ladders("assess", fifo)

    writer.join(timeout=10)
    assert_bad_input(result, f"{fifo}: larger than 2 MiB", LIMIT_TEXT)


def test_bands_can_come_from_a_named_pipe(ladders, fifo):
    writer = write_later(fifo, BANDS.read_bytes())

    result = ladders("assess", SAM, "--bands", fifo, "--format", "json")

    writer.join(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert '"negotiation_brief"' in result.stdout
