"""What the batch form does not cover, `assess` answers for, person by person, and says so."""

from __future__ import annotations

from datetime import date

import pytest

from ladders.core import batch_rules
from ladders.core.batch import assess_many
from ladders.core.engine import assess
from ladders.core.facts_arrays import decode_many
from ladders.core.facts_record import encode_profile, tables_for
from ladders.core.framework_loader import default_framework, framework_load
from ladders.core.profile import EvidenceItem, Profile
from tests.core.batch_orgs import AS_OF, POINTS_LADDER, bench_like_org, reference

FW = default_framework()
POINTS_FW = framework_load(POINTS_LADDER)


def arrays_of(fw, org):
    tables = tables_for(fw)
    return decode_many([encode_profile(p, tables) for p in org], tables)


@pytest.mark.parametrize("kind", ["points", "evidence", "skills"])
def test_a_rule_kind_without_a_batch_form_leaves_its_gates_to_assess(monkeypatch, kind):
    fw = POINTS_FW if kind == "points" else FW
    org = bench_like_org(fw, 40, seed=8)
    monkeypatch.delitem(batch_rules.VECTORISED, kind)

    result = assess_many(fw, arrays_of(fw, org), as_of=AS_OF)

    assert result.assessed.tolist() == list(range(len(org)))
    assert [(result.level_id(i), result.passed[i].tolist()) for i in range(len(org))] == [
        reference(fw, p) for p in org
    ]


def test_with_every_rule_kind_covered_nobody_is_left_to_assess():
    result = assess_many(FW, arrays_of(FW, bench_like_org(FW, 40, seed=8)), as_of=AS_OF)

    assert result.assessed.size == 0


def unscoped(kind: str) -> Profile:
    """A stored person whose item has no scope (files get the smallest; old records may not)."""
    item = EvidenceItem(id="e1", kind=kind, title="Work", date=date(2026, 1, 5), scope=None)
    return Profile(name="Old record", evidence=[item])


def test_an_unscoped_item_that_a_scope_rule_reads_fails_in_the_batch_as_in_assess():
    person = unscoped("end_to_end_ownership")  # senior.ownership asks for scope >= team
    with pytest.raises(KeyError):
        assess(FW, person, as_of=AS_OF)

    with pytest.raises(KeyError):
        assess_many(FW, arrays_of(FW, [person]), as_of=AS_OF)


def test_an_unscoped_item_no_scope_rule_reads_is_answered_by_the_batch_itself():
    person = unscoped("debugging_story")  # no rule ranks the scope of debugging stories

    result = assess_many(FW, arrays_of(FW, [person]), as_of=AS_OF)

    assert result.assessed.size == 0
    assert (result.level_id(0), result.passed[0].tolist()) == reference(FW, person)


def test_a_rating_the_points_table_lacks_fails_in_the_batch_as_in_assess():
    person = Profile(name="Rated off the scale", skills={"code_quality": 9})
    with pytest.raises(KeyError):
        assess(POINTS_FW, person, as_of=AS_OF)

    with pytest.raises(KeyError):
        assess_many(POINTS_FW, arrays_of(POINTS_FW, [person]), as_of=AS_OF)
