"""The shipped ladder, checked once and then read back from the user's cache folder.

Checking the default framework (parsing its 60 KB of YAML with a source map, building the
pydantic validators, the checks across the file) was a tenth of a `ladders assess` run,
and its result depends only on that file and on the code that checks it. So the first run
keeps the checked framework as a pickle, under a key made of the file's bytes, the versions
of Python, pydantic and ladders, and the size and time of every `ladders.core` module (as
Python decides whether a `.pyc` is stale); a run with the same key reads it back, any other
run checks the file again and replaces it.

A pickle runs code when it is read, so the cache is read only from a folder and a file
that belong to the user and that nobody else can write (the rule ssh applies to its keys),
and never on a system without user ids. Anything unexpected (no home folder, a read-only
disk, a truncated or foreign file) falls back to checking the file, which is what the run
did anyway: the cache can make a run faster, never different. `LADDERS_CACHE_DIR` names
another folder, or turns the cache off when set to nothing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import cache
from pathlib import Path

import pydantic
import pydantic_core

import ladders.core
from ladders import __version__
from ladders.core.framework import Framework
from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_from_document
from ladders.core.reading import read_bounded
from ladders.core.yamlsource import load_yaml_file, load_yaml_text

CACHE_DIR_VARIABLE = "LADDERS_CACHE_DIR"
CACHE_FILE = "default-framework.pickle"
MAGIC = b"ladders-framework-cache 1 "
"""The first bytes of a cache file, then the key and a newline, then the pickle."""


@cache
def default_framework() -> Framework:
    """The shipped framework, from the cache when it holds this very file checked by this code."""
    data, source = read_bounded(DEFAULT_FRAMEWORK)
    folder = cache_folder()
    if folder is None:
        return _checked(data, source)
    key = cache_key(data)
    path = folder / CACHE_FILE
    framework = _read(path, key)
    if framework is None:
        framework = _checked(data, source)
        _write(path, key, framework)
    return framework


def cache_folder() -> Path | None:
    """`LADDERS_CACHE_DIR`, else `$XDG_CACHE_HOME/ladders`, else `~/.cache/ladders`; None for no cache."""
    if not hasattr(os, "getuid"):
        return None  # no user ids to check who may write the cache
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured is not None:
        return Path(configured).absolute() if configured else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG rule: a relative path is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "ladders") if os.path.isabs(base) else None


def cache_key(data: bytes) -> str:
    """What the checked framework depends on: the file, the checking code and the versions."""
    digest = hashlib.sha256(data)
    for part in (sys.version, pydantic.VERSION, pydantic_core.__version__, __version__):
        digest.update(f"\0{part}".encode())
    with os.scandir(Path(ladders.core.__file__).parent) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                digest.update(f"\0{entry.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _checked(data: bytes, source: str) -> Framework:
    """The steps of `framework_loader.default_framework`, on the bytes the key was made of."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # reported as for any framework file
        return framework_from_document(load_yaml_file(DEFAULT_FRAMEWORK))
    return framework_from_document(load_yaml_text(text, source))


def _private(stat: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def _read(path: Path, key: str) -> Framework | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            if not (_private(os.fstat(fd)) and _private(os.stat(path.parent))):
                return None
            blob = handle.read()
        except OSError:
            return None
    header, _, body = blob.partition(b"\n")
    if header != MAGIC + key.encode():
        return None
    try:
        framework = pickle.loads(body)
    except Exception:  # a damaged file is a cache miss, whatever the unpickler says about it
        return None
    return framework if type(framework) is Framework else None


def _write(path: Path, key: str, framework: Framework) -> None:
    """Replace the cache file in one step; a failure only means the next run checks the file again."""
    import tempfile

    try:
        body = pickle.dumps(framework, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(path.parent)):
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except Exception:  # unpicklable state, no home, a read-only disk: run without the cache
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + key.encode() + b"\n" + body)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
