"""The dashboard shows the recorded and the evidence-based level side by side, planning from the first.

After a promotion decided despite a failing check, the two differ; the page must not say
"Level: Junior" next to "Recorded level: Mid" with a plan to Mid.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.web.web_helpers import text_of


@pytest.fixture
def promoted_above_the_evidence(acme, fw):
    """Eve recorded at the second level (as a justified promotion leaves her) with no evidence at all."""
    acme.engineer.level = fw.levels[1].id
    acme.engineer.level_since = date(2026, 11, 2)
    acme.engineer.save(update_fields=["level", "level_since"])
    return acme.engineer


@pytest.mark.parametrize("who", ["engineer", "manager", "admin"])
def test_both_levels_are_shown_labelled_and_the_plan_starts_from_the_recorded_one(
    acme, signed_in, fw, promoted_above_the_evidence, who
):
    url = "/" if who == "engineer" else reverse("person", args=[acme.engineer.pk])
    page = text_of(signed_in(getattr(acme, who)).get(url))
    junior, mid, senior = (level.name for level in fw.levels[:3])
    assert f"Recorded level: {mid} since 2026-11-02" in page
    assert f"Evidence-based level: {junior}" in page
    assert f"Level: {junior}" not in page.replace("Evidence-based level:", "")
    assert f"Plan to {senior}" in page and f"Plan to {mid}" not in page
    assert "above what the evidence shows" in page


def test_the_plan_to_the_level_above_the_recorded_one_lists_what_the_recorded_level_still_lacks(
    acme, signed_in, fw, promoted_above_the_evidence
):
    page = text_of(signed_in(acme.engineer).get("/"))
    for gate in fw.levels[1].gates + fw.levels[2].gates:
        assert " ".join(gate.action.split()) in page, gate.id


def test_someone_never_levelled_is_planned_from_the_evidence(acme, signed_in, fw):
    page = text_of(signed_in(acme.engineer).get("/"))
    assert "Recorded level: none yet" in page
    assert f"Evidence-based level: {fw.levels[0].name}" in page
    assert f"Plan to {fw.levels[1].name}" in page


def test_at_the_top_of_the_ladder_there_is_nothing_to_plan(acme, signed_in, fw):
    acme.engineer.level = fw.levels[-1].id
    acme.engineer.save(update_fields=["level"])
    page = text_of(signed_in(acme.engineer).get("/"))
    assert f"{fw.levels[-1].name} is the top of the ladder" in page
    assert "Write a promotion packet" not in page
