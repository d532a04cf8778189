"""What text typed by a person may hold: a length limit, and no control characters.

One rule for every field, wherever it is typed (a CSV row, a form, the API, a profile
file), so a value accepted in one place can always be stored and shown in another. NUL
(U+0000) is refused everywhere: PostgreSQL cannot store it and no person means it. Other
control characters are refused in one-line fields (names, titles) and allowed in
multi-line ones (notes) only as tab and line breaks.
"""

from __future__ import annotations

import re

NUL = "\x00"
NUL_MESSAGE = "contains a NUL character (U+0000); remove it"

# C0 controls, DEL and C1 controls (Unicode category Cc).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_LAYOUT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` may not be stored because of a character in it, or None when it may."""
    found = (_CONTROL_EXCEPT_LAYOUT if multiline else _CONTROL).search(value)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    if found.group() == NUL:
        return NUL_MESSAGE
    return f"contains the control character {code} at position {found.start() + 1}; remove it"


def length_problem(value: str, *, limit: int) -> str | None:
    """Why `value` is too long for a field of at most `limit` characters, or None."""
    if len(value) <= limit:
        return None
    return f"{len(value)} characters long; at most {limit} are allowed"


def text_problem(value: str, *, limit: int, multiline: bool = False) -> str | None:
    """The first thing wrong with `value` as a field of at most `limit` characters, or None."""
    return length_problem(value, limit=limit) or control_problem(value, multiline=multiline)


def nul_path(value: object) -> tuple[str | int, ...] | None:
    """Where the first NUL in `value` is (a path of keys and list positions), or None.

    Looks into nested lists and mappings, keys included, in document order, and walks
    without recursion so that a deeply nested document cannot exhaust the stack.
    """
    pending: list[tuple[tuple[str | int, ...], object]] = [((), value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return path
        elif isinstance(item, dict):
            children = []
            for key, child in item.items():
                children += [((*path, key), key), ((*path, key), child)]
            pending.extend(reversed(children))
        elif isinstance(item, list | tuple):
            pending.extend(reversed([((*path, i), child) for i, child in enumerate(item)]))
    return None


def byte_size(limit: int) -> str:
    """A byte limit as people read it: 5 MiB, 512 KiB."""
    for unit, size in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit >= size:
            return f"{limit / size:.3g} {unit}"
    return f"{limit} bytes"
