"""`ladders` and a framework whose profiles default to a background other than `none`.

Before, such a framework validated but every profile without a background was refused by
`ladders assess`. Now the framework names its `default_background`, or it must list
`none`, and `ladders framework validate` says so at the `backgrounds` line.
"""

from __future__ import annotations

import json
from pathlib import Path

from ladders.core.framework_loader import DEFAULT_FRAMEWORK

SHIPPED = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
BACKGROUNDS = "backgrounds: [software_engineer, data_scientist, researcher, none]\n"
WITHOUT_NONE = "backgrounds: [software_engineer, data_scientist, researcher]\n"
NO_BACKGROUND = "name: Sam\nskills: {error_handling: 2}\n"


def framework(tmp_path: Path, backgrounds: str) -> Path:
    assert SHIPPED.count(BACKGROUNDS) == 1
    path = tmp_path / "ladder.yaml"
    path.write_text(SHIPPED.replace(BACKGROUNDS, backgrounds), encoding="utf-8")
    return path


def test_a_profile_without_a_background_is_assessed_with_the_frameworks_default(ladders, tmp_path):
    ladder = framework(tmp_path, WITHOUT_NONE + "default_background: researcher\n")
    profile = tmp_path / "sam.yaml"
    profile.write_text(NO_BACKGROUND, encoding="utf-8")

    result = ladders("assess", profile, "--framework", ladder, "--format", "json")

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["person"]["background"] == "researcher"


def test_a_framework_with_no_none_and_no_default_background_does_not_validate(
    ladders, assert_bad_input, tmp_path
):
    ladder = framework(tmp_path, WITHOUT_NONE)
    line = SHIPPED[: SHIPPED.index(BACKGROUNDS)].count("\n") + 1

    assert_bad_input(
        ladders("framework", "validate", ladder), f"{ladder}:{line}:", "backgrounds:", "default_background"
    )


def test_a_default_background_that_is_not_listed_does_not_validate(ladders, assert_bad_input, tmp_path):
    ladder = framework(tmp_path, WITHOUT_NONE + "default_background: generalist\n")

    assert_bad_input(
        ladders("framework", "validate", ladder), "default_background:", "unknown background 'generalist'"
    )
