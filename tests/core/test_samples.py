"""Sample profiles reach the level they are made for, whatever window a gate's evidence has."""

from __future__ import annotations

from datetime import date

import pytest

from ladders.core.engine import assess
from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.core.samples import sample_profile
from tests.core.batch_orgs import checked, tightened

AS_OF = date(2026, 11, 1)


def first_evidence_gate() -> tuple[str, str]:
    import yaml

    data = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    return next(
        (level["id"], gate["id"])
        for level in data["levels"]
        for gate in level.get("gates", [])
        if "evidence" in gate["rule"]
    )


@pytest.mark.parametrize("days", [1, 5, 20, 21, 90])
def test_a_sample_meets_an_evidence_gate_with_a_short_window(days):
    level, gate = first_evidence_gate()
    fw = tightened(DEFAULT_FRAMEWORK, level, gate, within_days=days)
    for seed in range(5):
        profile = checked(fw, sample_profile(fw, level, name="Sam", seed=seed, as_of=AS_OF))
        result = assess(fw, profile, as_of=AS_OF)
        assert fw.level_index[result["level"]] >= fw.level_index[level], (days, seed)
