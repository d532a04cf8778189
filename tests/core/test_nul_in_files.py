"""A NUL character written into a YAML file (`"\\0"`) is refused in every field of every file.

YAML refuses a raw NUL but spells one as the escape `\\0` inside double quotes; the core's
input models refuse it wherever it lands, with the line and field, so nothing the CLI
accepts could later fail to be stored by the server (PostgreSQL cannot store NUL).
"""

from __future__ import annotations

import re
from typing import Annotated, get_args, get_origin

import pytest

from ladders.core.compensation import bands_load
from ladders.core.errors import InputError
from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_from_text
from ladders.core.maturity import answers_from_text
from ladders.core.profile import profile_from_json, profile_from_text
from ladders.core.validation import Strict

EVIDENCE = """\
name: Sam
evidence:
  - kind: adr
    title: An ADR
    date: 2026-01-01
"""


def only_problem(load, text: str):
    with pytest.raises(InputError) as caught:
        load(text)
    (problem,) = caught.value.problems
    return problem


@pytest.mark.parametrize(
    ("edit", "line", "field"),
    [
        (("name: Sam", 'name: "Sam\\0"'), 1, "name"),
        (("title: An ADR", 'title: "An\\0ADR"'), 4, "evidence[0].title"),
        (
            ("date: 2026-01-01", 'date: 2026-01-01\n    links: ["https://example.com/\\0"]'),
            6,
            "evidence[0].links[0]",
        ),
        (("date: 2026-01-01", 'date: 2026-01-01\n    notes: "a\\0b"'), 6, "evidence[0].notes"),
        (("date: 2026-01-01", 'date: 2026-01-01\n    outcome: "a\\0b"'), 6, "evidence[0].outcome"),
    ],
)
def test_a_nul_in_a_profile_is_refused_on_its_line(fw, edit, line, field):
    problem = only_problem(lambda t: profile_from_text(t, fw, "me.yaml"), EVIDENCE.replace(*edit))
    assert (problem.line, problem.field) == (line, field)
    assert "NUL character (U+0000)" in problem.message


def test_a_nul_in_a_json_profile_is_refused_naming_the_field(fw):
    problem = only_problem(lambda t: profile_from_json(t, fw), '{"name": "Sam\\u0000"}')
    assert problem.field == "name" and "NUL" in problem.message


def test_a_nul_in_a_framework_text_is_refused():
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace(
        "name: AI engineer ladder", 'name: "AI\\0"', 1
    )
    problem = only_problem(lambda t: framework_from_text(t, "ladder.yaml"), text)
    assert (problem.line, problem.field) == (3, "name")
    assert "NUL" in problem.message


def test_a_nul_in_maturity_answers_is_refused(fw):
    problem = only_problem(lambda t: answers_from_text(t, fw), 'org: "Acme\\0"\nphases: {}\n')
    assert problem.field == "org" and "NUL" in problem.message


def test_a_nul_in_a_band_source_is_refused(fw, tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text(
        'source: "survey\\0"\nbands:\n  - {level: junior, market: us, currency: USD, min: 1, max: 2}\n'
    )
    problem = only_problem(lambda p: bands_load(p, fw), path)
    assert problem.field == "source" and "NUL" in problem.message


def _input_models() -> list[type[Strict]]:
    found, pending = [], [Strict]
    while pending:
        model = pending.pop()
        for sub in model.__subclasses__():
            sub.model_rebuild()
            found.append(sub)
            pending.append(sub)
    return found


def _text_annotations(annotation, metadata=()):
    """Every `str` inside an annotation, each with the constraints that apply to it."""
    if annotation is str:
        yield metadata
        return
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        constraints = [m for e in extra for m in (getattr(e, "metadata", None) or [e])]
        yield from _text_annotations(inner, (*metadata, *constraints))
        return
    for arg in get_args(annotation):
        yield from _text_annotations(arg)


@pytest.mark.parametrize("model", _input_models(), ids=lambda m: m.__name__)
def test_every_text_field_of_every_input_model_refuses_nul(model):
    for name, field in model.model_fields.items():
        for constraints in _text_annotations(field.annotation, tuple(field.metadata)):
            patterns = [c.pattern for c in constraints if getattr(c, "pattern", None)]
            assert patterns, f"{model.__name__}.{name} takes any text, NUL included"
            assert all(re.search(p, "a\x00b") is None for p in patterns), f"{model.__name__}.{name}"
