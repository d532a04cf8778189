"""The criteria rule: a checklist level is reached when enough of its criteria are met."""

from __future__ import annotations

from datetime import date

import pytest

from ladders.core.engine import assess
from ladders.core.errors import InputError
from ladders.core.framework_loader import framework_from_text
from ladders.core.profile import profile_from_text
from tests.checklist_ladder import CHECKLIST_YAML, checklist_framework

EVIDENCE = """\
evidence:
  - {id: pr-1, kind: work, title: A tested change, date: 2026-01-10}
  - {id: pr-2, kind: work, title: A later change, date: 2026-06-10}
"""


def _assess(criteria: str, as_of: date = date(2026, 3, 1)):
    fw = checklist_framework()
    profile = profile_from_text(f"name: Ada\n{EVIDENCE}criteria:\n{criteria}", fw)
    return assess(fw, profile, as_of=as_of)


def _check(result, check_id):
    return next(c for g in result["gates"] for c in g["checks"] if c["id"] == check_id)


LEVEL_ONE = "  craft.1.1: [pr-1]\n  people.1.1: []\n"


def test_a_level_with_the_default_share_needs_every_criterion_of_every_topic():
    result = _assess("  craft.1.1: [pr-1]\n")
    assert not _check(result, "one.criteria")["passed"]
    assert "People 0 of 1 met (needs 1)" in _check(result, "one.criteria")["detail"]


def test_met_criteria_cite_their_evidence_and_self_asserted_ones_say_so():
    check = _check(_assess(LEVEL_ONE), "one.criteria")
    assert check["passed"]
    assert check["evidence"] == ["pr-1"]
    assert "craft.1.1 [pr-1]" in check["detail"]
    assert "people.1.1 (self-asserted)" in check["detail"]


def test_a_share_asks_for_that_part_of_a_topic_and_a_topic_override_wins():
    half_craft = LEVEL_ONE + "  craft.2.1: []\n  craft.2.2: []\n"
    assert not _check(_assess(half_craft), "two.criteria")["passed"]  # people asks for all
    result = _assess(half_craft + "  people.2.1: []\n")
    check = _check(result, "two.criteria")
    assert check["passed"]
    assert "Craft 2 of 4 met (needs 2)" in check["detail"]
    assert "unmet: craft.2.3, craft.2.4" in check["detail"]
    assert result["level"] == "two"


def test_levels_are_cumulative_so_a_higher_checklist_alone_does_not_lift_anyone():
    result = _assess("  craft.2.1: []\n  craft.2.2: []\n  people.2.1: []\n  craft.3.1: []\n")
    assert _check(result, "two.criteria")["passed"]
    assert _check(result, "three.criteria")["passed"]
    assert result["level"] == "one"
    assert not result["gates"][0]["passed"]


def test_a_rule_listing_topics_reads_only_those_topics():
    result = _assess(LEVEL_ONE + "  craft.2.1: []\n  craft.2.2: []\n  people.2.1: []\n  craft.3.1: []\n")
    check = _check(result, "three.criteria")
    assert check["passed"] and "People" not in check["detail"]
    assert result["level"] == "three"


def test_a_criterion_citing_only_evidence_from_after_the_date_is_not_met_yet():
    check = _check(_assess("  craft.1.1: [pr-2]\n  people.1.1: []\n"), "one.criteria")
    assert not check["passed"]
    assert "unmet: craft.1.1" in check["detail"]
    later = _check(_assess("  craft.1.1: [pr-2]\n  people.1.1: []\n", date(2026, 7, 1)), "one.criteria")
    assert later["passed"] and later["evidence"] == ["pr-2"]


def test_a_profile_naming_an_unknown_criterion_or_evidence_is_refused_with_lines():
    fw = checklist_framework()
    with pytest.raises(InputError) as caught:
        profile_from_text(
            f"name: Ada\n{EVIDENCE}criteria:\n  craft.9.9: []\n  craft.1.1: [nope]\n", fw, "p.yaml"
        )
    messages = [str(p) for p in caught.value.problems]
    assert any(":6:3:" in m and "unknown criterion 'craft.9.9'" in m for m in messages)
    assert any(":7:15:" in m and "unknown evidence id 'nope'" in m for m in messages)


def test_the_loader_refuses_criteria_with_unknown_topics_or_levels_and_duplicate_ids():
    broken = CHECKLIST_YAML.replace("topic: people, level: three", "topic: nobody, level: seven")
    broken = broken.replace("id: craft.2.4", "id: craft.2.3")
    with pytest.raises(InputError) as caught:
        framework_from_text(broken, "bad.yaml")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "unknown topic (category) 'nobody'" in text
    assert "unknown level 'seven'" in text
    assert "duplicate criterion id 'craft.2.3'" in text


def test_a_criteria_rule_outside_a_gate_must_name_its_level():
    text = CHECKLIST_YAML.replace(
        "criteria:\n  - {id: craft.1.1",
        "compensation:\n  premiums:\n    - {id: p, name: P, percent: [1, 2], rule: {criteria: {}}}\n"
        "criteria:\n  - {id: craft.1.1",
    )
    with pytest.raises(InputError, match="must name its level"):
        framework_from_text(text, "bad.yaml")


def test_the_batch_engine_refuses_a_criteria_framework_so_callers_assess_each_person():
    from ladders.core.batch import assess_many
    from ladders.core.batch_rules import NotVectorised, facts_hold_every_rule
    from ladders.core.facts_arrays import decode_many
    from ladders.core.facts_record import tables_for

    fw = checklist_framework()
    assert not facts_hold_every_rule(fw)
    with pytest.raises(NotVectorised, match="criteria"):
        assess_many(fw, decode_many([], tables_for(fw)))
