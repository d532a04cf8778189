"""YAML documents an attacker or a careless user might hand the product, shared by the suites.

`BILLION_LAUGHS` is the classic: nine levels of nine aliases, about 350 bytes that would
expand to 9**9 strings. `RECURSIVE` is an alias that refers to the list holding it.
`deeply_nested(n)` nests `n` flow lists. `peak_memory_of(fn)` measures what a call
allocates, so a test can bound memory without timing anything. `HOSTILE_PROFILE` is a valid
profile whose name, titles and an outcome carry HTML and Markdown, for the reports to escape.
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

HOSTILE_PROFILE = """\
name: "Alex <b>Bold</b> <img src=x onerror=alert(1)> & Co | Ops"
years_experience: 2
background: software_engineer
as_of: 2026-11-01
compensation: {base: 120000, currency: USD, market: us}
evidence:
  - id: hostile
    kind: shipped_project
    title: "<script>alert(1)</script> | x"
    date: 2026-05-01
    scope: feature
    users: real
    outcome: Users liked it
  - id: measured
    kind: shipped_project
    title: "<script>alert(1)</script> | x"
    date: 2026-06-01
    scope: feature
    users: real
    outcome: "Cut page load by 40% <iframe src=//evil.example>"
"""


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
