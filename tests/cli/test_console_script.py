"""The installed `ladders` command: exit codes 0 ok, 2 bad input, 1 bug, and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import ladders.cli.app as cli
from ladders import __version__
from tests.example_files import EXAMPLES, SAM

LADDERS = Path(sys.executable).with_name("ladders")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LADDERS), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


def test_version_prints_the_package_version(tmp_path):
    result = run("--version", cwd=tmp_path)

    assert (result.returncode, result.stdout) == (0, f"ladders {__version__}\n")


def test_help_lists_every_command(tmp_path):
    result = run("--help", cwd=tmp_path)

    assert result.returncode == 0
    for command in ["assess", "framework", "profile", "maturity"]:
        assert command in result.stdout


def test_assessing_an_example_exits_0_with_the_report_on_stdout(tmp_path):
    result = run("assess", SAM, "--bands", EXAMPLES / "bands-us.yaml", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "Sam Rivera is assessed at Mid" in result.stdout
    assert result.stderr == ""


BAD_INPUT = {
    "missing profile": ["assess", "nobody.yaml"],
    "yaml syntax error": ["assess", "broken.yaml"],
    "unknown target": ["assess", SAM, "--target", "cto"],
    "bad as-of": ["assess", SAM, "--as-of", "tomorrow"],
    "output folder missing": ["assess", SAM, "-o", "missing/report.txt"],
    "broken framework": ["framework", "validate", "broken.yaml"],
    "bad maturity answers": ["maturity", "broken.yaml"],
    "profile exists": ["profile", "new", "-o", "broken.yaml"],
}


@pytest.mark.parametrize("args", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_exits_2_with_a_message_and_no_traceback(tmp_path, args):
    (tmp_path / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")

    result = run(*args, cwd=tmp_path)

    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# --- main(): the console entry point turns a bug into exit 1 without a traceback ---------


def broken_app():
    raise RuntimeError("the engine fell over")


def test_a_bug_exits_1_with_a_short_message_instead_of_a_traceback(monkeypatch, capsys):
    monkeypatch.setattr(cli, "app", broken_app)
    monkeypatch.delenv("LADDERS_DEBUG", raising=False)

    with pytest.raises(SystemExit) as exit:
        cli.main()

    err = capsys.readouterr().err
    assert exit.value.code == 1
    assert "internal error: RuntimeError: the engine fell over" in err
    assert "LADDERS_DEBUG=1" in err
    assert "Traceback" not in err


def test_ladders_debug_shows_the_traceback_of_a_bug(monkeypatch):
    monkeypatch.setattr(cli, "app", broken_app)
    monkeypatch.setenv("LADDERS_DEBUG", "1")

    with pytest.raises(RuntimeError, match="the engine fell over"):
        cli.main()


def test_an_interrupt_exits_130(monkeypatch, capsys):
    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "app", interrupted)

    with pytest.raises(SystemExit) as exit:
        cli.main()

    assert exit.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"


# --- help -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["assess"],
        ["framework", "validate"],
        ["framework", "show"],
        ["framework", "schema"],
        ["profile", "new"],
        ["maturity"],
    ],
    ids=" ".join,
)
def test_every_command_has_help(ladders, command):
    result = ladders(*command, "--help")

    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert "--help" in result.stdout
