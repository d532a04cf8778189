"""Many facts records decoded at once into arrays: the same facts as decoding them one by one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from ladders.core.facts_arrays import decode_many
from ladders.core.facts_record import UNRATED, FactsRecordError, decode, encode_profile, tables_for
from ladders.core.framework_loader import default_framework, framework_load
from tests.core.batch_orgs import DIFFERENTIAL, POINTS_LADDER, orgs

FW = default_framework()
TABLES = tables_for(FW)


@DIFFERENTIAL
@given(orgs(FW))
def test_each_person_of_the_arrays_has_the_facts_of_their_record(org):
    records = [encode_profile(p, TABLES) for p in org]

    arrays = decode_many(records, TABLES)

    assert arrays.people == len(org)
    assert [arrays.person(i) for i in range(len(org))] == [decode(r, TABLES) for r in records]


def test_the_arrays_are_a_ratings_matrix_and_evidence_indexed_by_person(profile_data, make_profile):
    junior, mid = make_profile(profile_data("junior")), make_profile(profile_data("mid"))
    records = [encode_profile(p, TABLES) for p in (junior, mid, junior)]

    arrays = decode_many(records, TABLES)

    assert arrays.ratings.shape == (3, len(FW.skills))
    assert (arrays.ratings[0] == UNRATED).all()
    assert arrays.ratings[1, TABLES.skill_index["rag_systems"]] == 2
    assert arrays.starts.tolist() == [0, 0, 3, 3]
    assert arrays.item_person.tolist() == [1, 1, 1]
    assert sorted(arrays.kind.tolist()) == sorted(TABLES.kind_index[e.kind] for e in mid.evidence)
    assert arrays.measurable.sum() == 1
    assert arrays.skills.shape == (3, TABLES.mask_bytes)


def test_no_records_give_empty_arrays():
    arrays = decode_many([], TABLES)

    assert arrays.people == 0 and arrays.kind.size == 0 and arrays.starts.tolist() == [0]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda r: r[:3], r"facts record 2 \(of 3\) is 3 bytes, shorter than"),
        (lambda r: r + b"\x00", r"facts record 2 \(of 3\) is \d+ bytes, which does not match"),
        (lambda r: b"\x02" + r[1:], r"facts record 2 \(of 3\) has format version 2"),
    ],
    ids=["truncated", "trailing byte", "unknown version"],
)
def test_a_damaged_record_is_refused_by_its_position(profile_data, make_profile, damage, message):
    record = encode_profile(make_profile(profile_data("mid")), TABLES)

    with pytest.raises(FactsRecordError, match=message):
        decode_many([record, damage(record), record], TABLES)


def test_records_packed_against_other_tables_are_refused(profile_data, make_profile):
    record = encode_profile(make_profile(profile_data("mid")), TABLES)
    other = tables_for(FW, framework_load(POINTS_LADDER))

    with pytest.raises(FactsRecordError, match=r"facts record 1 .* other facts tables"):
        decode_many([record], other)


def test_a_thousand_copies_of_a_record_decode_to_a_thousand_equal_rows(profile_data, make_profile):
    profile = make_profile(profile_data("principal"))
    record = encode_profile(profile, TABLES)

    arrays = decode_many([record] * 1000, TABLES)

    assert np.all(np.diff(arrays.starts) == len(profile.evidence))
    assert (arrays.ratings == arrays.ratings[0]).all()
    assert arrays.person(999) == decode(record, TABLES)
    assert arrays.day.dtype == np.int32 and arrays.day.flags.c_contiguous
