"""The YAML loader's cost: a real framework against the C composer alone, and hostile input.

The loader measures aliases, expansion and depth in the same walk that maps positions, so
loading should stay close to composing; a billion laughs and a recursive alias should be
refused in well under a millisecond, since only their few distinct nodes are walked.
"""

from __future__ import annotations

import time

import yaml

from ladders.core.errors import InputError
from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.core.yamlsource import _Loader, load_yaml_text


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(f'*{previous}' for _ in range(9))}]")
    return "\n".join(lines) + "\n"


def _best(fn, runs: int) -> float:
    """The fastest of `runs` calls: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _refused(text: str) -> None:
    try:
        load_yaml_text(text, "bench.yaml")
    except InputError:
        return
    raise AssertionError("the loader accepted a hostile document")


def run_yaml(runs: int = 200) -> list[dict]:
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    compose = _best(lambda: yaml.compose(text, Loader=_Loader), runs)
    cases = (
        ("compose only, C parser (reference)", compose),
        ("load the default framework", _best(lambda: load_yaml_text(text, "ladder.yaml"), runs)),
        ("refuse a billion laughs", _best(lambda: _refused(billion_laughs()), runs)),
        ("refuse a recursive alias", _best(lambda: _refused("a: &a [*a]\n"), runs)),
    )
    return [
        {"stage": name, "items": 1, "seconds": seconds, "per_second": 1 / seconds, "ratio": seconds / compose}
        for name, seconds in cases
    ]
