"""YAML documents an attacker or a careless user might hand the product, shared by the suites.

`BILLION_LAUGHS` is the classic: nine levels of nine aliases, about 350 bytes that would
expand to 9**9 strings. `RECURSIVE` is an alias that refers to the list holding it.
`deeply_nested(n)` nests `n` flow lists. `peak_memory_of(fn)` measures what a call
allocates, so a test can bound memory without timing anything.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(f'*{previous}' for _ in range(9))}]")
    return "\n".join(lines) + "\n"


BILLION_LAUGHS = _billion_laughs()
RECURSIVE = "a: &a [*a]\n"
MEGABYTE = 1024 * 1024


def deeply_nested(levels: int) -> str:
    return "a: " + "[" * levels + "]" * levels + "\n"


def peak_memory_of(call: Callable[[], object]) -> int:
    """The most memory, in bytes, that `call` had allocated at any one time."""
    tracemalloc.start()
    try:
        call()
    except Exception:  # the caller checks the error; here only the memory matters
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak
