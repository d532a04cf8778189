"""Sample people's evidence as rows: the demo and the benchmarks store sample profiles through one mapping."""

from __future__ import annotations

from datetime import date

import pytest

from ladders.core.samples import sample_profile
from ladders.leveling.profiles import evidence_dict
from ladders.leveling.samples import sample_evidence
from tests.framework_ids import LEVEL


@pytest.mark.parametrize("level", [LEVEL.junior, LEVEL.mid, LEVEL.staff])
def test_each_sample_item_becomes_a_row_that_reads_back_as_the_same_item(fw, acme, level):
    sample = sample_profile(fw, level, name="Sam", seed=3, as_of=date(2026, 11, 1), extra_evidence=3)

    rows = sample_evidence(acme.engineer, sample)

    assert [{**evidence_dict(row), "date": row.date.isoformat()} for row in rows] == sample["evidence"]
    assert all(row.person == acme.engineer and row.pk is None for row in rows)


def test_fields_given_are_set_on_every_row(fw, acme):
    sample = sample_profile(fw, LEVEL.mid, name="Sam", as_of=date(2026, 11, 1))

    rows = sample_evidence(acme.engineer, sample, author=acme.manager)

    assert rows and {row.author for row in rows} == {acme.manager}
