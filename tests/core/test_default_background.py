"""The background a profile gets when it names none is framework data, resolved by one rule.

A framework either lists `none` among its backgrounds or says which one is the default
with `default_background`; a framework that does neither is refused at its `backgrounds`
line, because every profile without a background would otherwise have nowhere to go.
"""

from __future__ import annotations

import pytest

from ladders.core.errors import InputError
from ladders.core.framework_loader import DEFAULT_FRAMEWORK, framework_from_text
from ladders.core.profile import background_of, profile_from_text

TEXT = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
BACKGROUNDS = "backgrounds: [software_engineer, data_scientist, researcher, none]\n"
WITHOUT_NONE = "backgrounds: [software_engineer, data_scientist, researcher]\n"


def framework(backgrounds: str = BACKGROUNDS, extra: str = ""):
    assert TEXT.count(BACKGROUNDS) == 1
    return framework_from_text(TEXT.replace(BACKGROUNDS, backgrounds + extra), "ladder.yaml")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_framework_with_neither_none_nor_a_default_background_is_refused_at_its_backgrounds():
    with pytest.raises(InputError) as caught:
        framework(WITHOUT_NONE)

    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (line_of(TEXT, BACKGROUNDS), "backgrounds")
    assert "default_background" in problem.message and "'none'" in problem.message


def test_a_default_background_must_be_one_of_the_backgrounds():
    with pytest.raises(InputError) as caught:
        framework(WITHOUT_NONE, "default_background: generalist\n")

    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (line_of(TEXT, BACKGROUNDS) + 1, "default_background")
    assert "unknown background 'generalist'" in problem.message


def test_the_default_background_is_none_when_the_framework_does_not_name_one(fw):
    assert fw.default_background is None
    assert background_of(fw, None) == "none"


def test_a_named_default_background_is_the_default_even_when_it_is_not_listed_last():
    fw = framework(WITHOUT_NONE, "default_background: software_engineer\n")

    assert background_of(fw, None) == "software_engineer"


def test_a_known_background_is_kept_and_an_unknown_one_falls_back_to_the_default():
    fw = framework(WITHOUT_NONE, "default_background: data_scientist\n")

    assert background_of(fw, "researcher") == "researcher"
    assert background_of(fw, "none") == "data_scientist"


def test_a_profile_without_a_background_gets_the_frameworks_default():
    fw = framework(WITHOUT_NONE, "default_background: data_scientist\n")

    profile = profile_from_text("name: Sam\n", fw, "sam.yaml")

    assert profile.background == "data_scientist"


def test_a_profile_without_a_background_on_the_default_ladder_is_none(fw):
    assert profile_from_text("name: Sam\n", fw, "sam.yaml").background == "none"


def test_a_profile_naming_an_unknown_background_is_still_an_error():
    fw = framework(WITHOUT_NONE, "default_background: data_scientist\n")

    with pytest.raises(InputError) as caught:
        profile_from_text("name: Sam\nbackground: none\n", fw, "sam.yaml")

    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (2, "background")
    assert "unknown background 'none'" in problem.message
