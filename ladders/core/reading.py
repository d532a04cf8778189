"""Read a whole input without trusting it to be small, to be a file, or to ever end.

A path given on the command line can name anything: `/dev/zero` never ends, a named pipe
blocks until someone opens it for writing, a directory cannot be read, and a regular file
can be gigabytes. Inputs are therefore read in chunks up to `limits.YAML_BYTES` plus one
byte (that byte proves the input is too large), devices and directories are refused
before they are opened, and a named pipe is opened without blocking and given
`limits.PIPE_WAIT_SECONDS` to receive data. `-` means standard input, and a pipe that a
shell hands over as a path (`<(cat p.yaml)` is `/dev/fd/63`) reads like any other.
"""

from __future__ import annotations

import os
import select
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from ladders.core import limits
from ladders.core.errors import InputError, Problem

STDIN = "-"
STDIN_SOURCE = "<stdin>"
_CHUNK = 64 * 1024
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX only; elsewhere there are no named pipes to wait on


def too_large(source: str, limit: int = limits.YAML_BYTES) -> Problem:
    """The problem of an input over `limit`, naming the limit in MiB and in bytes."""
    return Problem(
        f"larger than {limit / (1024 * 1024):g} MiB ({limit:,} bytes), the most ladders reads from one input",
        source=source,
    )


def read_bounded(path: str | Path, *, limit: int = limits.YAML_BYTES) -> tuple[bytes, str]:
    """The bytes of `path` (`-` for standard input) and the name to report it by.

    Raises `InputError` naming the input when it is missing, not a file or pipe, larger
    than `limit`, or a named pipe that nobody writes to in time.
    """
    name = str(path)
    if name == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # pragma: no cover - stdin closed or replaced by a text-only stream
            raise InputError([Problem("standard input is not available", source=STDIN_SOURCE)])
        return _read_stream(stream, STDIN_SOURCE, limit), STDIN_SOURCE
    try:
        info = os.stat(name)
        _refuse_what_is_not_a_file(info.st_mode, name)
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise InputError([too_large(name, limit)])
        # Without O_NONBLOCK, opening a named pipe waits until a writer appears, maybe forever.
        fd = os.open(name, os.O_RDONLY | _NONBLOCK)
    except FileNotFoundError:
        raise InputError([Problem("file not found", source=name)]) from None
    except OSError as err:
        raise InputError([Problem(f"cannot read the file: {err.strerror}", source=name)]) from None
    try:
        with os.fdopen(fd, "rb", buffering=0) as stream:
            mode = os.fstat(fd).st_mode
            _refuse_what_is_not_a_file(mode, name)  # it may have been swapped since the check
            if stat.S_ISFIFO(mode):
                _wait_for_data(fd, name)
            if _NONBLOCK:
                os.set_blocking(fd, True)  # data is there (or coming): read it plainly to the end
            return _read_stream(stream, name, limit), name
    except OSError as err:
        raise InputError([Problem(f"cannot read the file: {err.strerror}", source=name)]) from None


def _refuse_what_is_not_a_file(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError([Problem("this is a folder; name a YAML file", source=name)])
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise InputError(
            [Problem("this is a device, not a file; name a YAML file or use - for stdin", source=name)]
        )
    if stat.S_ISSOCK(mode):
        raise InputError([Problem("this is a socket, not a file; name a YAML file", source=name)])


def _wait_for_data(fd: int, name: str) -> None:
    """Wait a bounded time until the pipe has data or its writer has come and gone."""
    wait = limits.PIPE_WAIT_SECONDS
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        raise InputError(
            [
                Problem(
                    f"nobody wrote to this named pipe within {wait:g} seconds; nothing was read", source=name
                )
            ]
        )


def _read_stream(stream: BinaryIO, name: str, limit: int) -> bytes:
    """Read until the end or until one byte past `limit`, whichever comes first."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise InputError([too_large(name, limit)])
    return b"".join(chunks)
