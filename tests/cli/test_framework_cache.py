"""The default framework cache: the checked ladder read back, only when it is this file checked by this code.

The cache is an optimisation of one-shot commands, so every test here asks two things: did
the run get the same framework as checking the file gives, and was the cache used or
skipped when it should be. A skipped cache shows as the file being checked again.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import ladders.core
from ladders.cli import framework_cache
from ladders.core.engine import assess
from ladders.core.framework_loader import framework_load
from ladders.core.profile import profile_load
from tests.example_files import SAM


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A fresh cache folder, and no framework remembered in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(framework_cache.CACHE_DIR_VARIABLE, str(folder))
    framework_cache.default_framework.cache_clear()
    yield folder / framework_cache.CACHE_FILE
    framework_cache.default_framework.cache_clear()


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """Each time the framework file is checked (rather than read from the cache), one entry."""
    seen: list[str] = []
    real = framework_cache._checked

    def counting(data: bytes, source: str):
        seen.append(source)
        return real(data, source)

    monkeypatch.setattr(framework_cache, "_checked", counting)
    return seen


def fresh_run():
    """What the next process would get: nothing remembered in memory, only what is on disk."""
    framework_cache.default_framework.cache_clear()
    return framework_cache.default_framework()


def assessment(fw) -> str:
    from datetime import date

    return json.dumps(assess(fw, profile_load(SAM, fw, today=date.today())), sort_keys=True)


def test_the_first_run_checks_the_file_and_the_next_reads_the_same_framework_back(cache, checks):
    first = fresh_run()
    second = fresh_run()

    assert len(checks) == 1
    assert cache.is_file()
    reference = framework_load(framework_cache.DEFAULT_FRAMEWORK)
    for fw in (first, second):
        assert fw.content_hash == reference.content_hash
        assert fw.model_dump(mode="json") == reference.model_dump(mode="json")
        assert assessment(fw) == assessment(reference)


def test_the_cache_file_is_private_to_the_user(cache, checks):
    fresh_run()

    assert cache.stat().st_mode & 0o077 == 0
    assert cache.parent.stat().st_mode & 0o077 == 0


def test_a_cache_made_for_another_file_or_other_code_is_checked_again_and_replaced(
    cache, checks, monkeypatch
):
    fresh_run()
    monkeypatch.setattr(framework_cache, "cache_key", lambda data: "another-key")

    fw = fresh_run()
    fresh_run()

    assert len(checks) == 2
    assert fw.content_hash == framework_load(framework_cache.DEFAULT_FRAMEWORK).content_hash
    assert cache.read_bytes().startswith(framework_cache.MAGIC + b"another-key\n")


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob.split(b"\n", 1)[0] + b"\nnot a pickle",
        lambda blob: blob.split(b"\n", 1)[0] + b"\n" + pickle.dumps({"a": "dict, not a framework"}),
        lambda blob: b"",
    ],
    ids=["truncated", "garbage", "another object", "empty"],
)
def test_a_damaged_cache_file_is_checked_again(cache, checks, damage):
    fresh_run()
    cache.write_bytes(damage(cache.read_bytes()))

    fw = fresh_run()

    assert len(checks) == 2
    assert fw.content_hash == framework_load(framework_cache.DEFAULT_FRAMEWORK).content_hash


@pytest.mark.parametrize("writable", ["file", "folder"])
def test_a_cache_others_can_write_is_never_read(cache, checks, monkeypatch, writable):
    fresh_run()
    key = framework_cache.cache_key(framework_cache.DEFAULT_FRAMEWORK.read_bytes())
    # A file that would fail loudly if it were unpickled: it must not even be opened as a pickle.
    monkeypatch.setattr(pickle, "loads", lambda body: pytest.fail("a cache others can write was unpickled"))
    cache.write_bytes(framework_cache.MAGIC + key.encode() + b"\n" + b"anything")
    target = cache if writable == "file" else cache.parent
    target.chmod(target.stat().st_mode | 0o022)

    fresh_run()

    assert len(checks) == 2


def test_an_empty_setting_turns_the_cache_off(cache, checks, monkeypatch):
    monkeypatch.setenv(framework_cache.CACHE_DIR_VARIABLE, "")

    fresh_run()
    fresh_run()

    assert len(checks) == 2
    assert not cache.parent.exists()


def test_a_cache_folder_that_cannot_be_made_only_costs_the_cache(cache, checks, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(framework_cache.CACHE_DIR_VARIABLE, str(blocker / "cache"))

    fw = fresh_run()

    assert fw.content_hash == framework_load(framework_cache.DEFAULT_FRAMEWORK).content_hash
    assert len(checks) == 1


def test_the_key_follows_the_file_and_every_core_module(tmp_path, monkeypatch):
    module = tmp_path / "framework.py"
    module.write_text("# the models\n", encoding="utf-8")
    monkeypatch.setattr(ladders.core, "__file__", str(tmp_path / "__init__.py"))
    before = framework_cache.cache_key(b"levels: []")

    assert framework_cache.cache_key(b"levels: [junior]") != before
    module.write_text("# the models, edited\n", encoding="utf-8")
    assert framework_cache.cache_key(b"levels: []") != before


def test_without_a_setting_the_cache_follows_xdg_and_then_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(framework_cache.CACHE_DIR_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert framework_cache.cache_folder() == tmp_path / "xdg" / "ladders"

    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert framework_cache.cache_folder() == tmp_path / "home" / ".cache" / "ladders"


def test_assess_prints_the_same_with_a_cold_and_a_warm_cache(cache, checks, ladders):
    cold = ladders("assess", SAM, "--format", "json")
    framework_cache.default_framework.cache_clear()
    warm = ladders("assess", SAM, "--format", "json")

    assert len(checks) == 1, "the second run read the cache"
    assert cold.exit_code == warm.exit_code == 0
    assert cold.stdout == warm.stdout
