"""A person's engine inputs packed as one bytes record: canonical, exact, and refused when stale."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given

from ladders.core.engine import assess
from ladders.core.facts_arrays import decode_many
from ladders.core.facts_record import (
    FactsRecordError,
    FactsTables,
    PersonFacts,
    decode,
    encode,
    encode_profile,
    facts_of_profile,
    profile_of_facts,
    tables_for,
)
from ladders.core.framework_loader import default_framework, framework_load
from tests.core.batch_orgs import AS_OF, DIFFERENTIAL, POINTS_LADDER, checked, people, reference

FW = default_framework()
POINTS_FW = framework_load(POINTS_LADDER)
TABLES = tables_for(FW)
POINTS_TABLES = tables_for(POINTS_FW)


@DIFFERENTIAL
@given(people(FW))
def test_decoding_then_encoding_gives_back_the_same_bytes(profile):
    record = encode_profile(profile, TABLES)

    assert encode(decode(record, TABLES), TABLES) == record


@DIFFERENTIAL
@given(people(FW))
def test_the_engine_reads_the_decoded_facts_as_it_read_the_profile(profile):
    decoded = profile_of_facts(decode(encode_profile(profile, TABLES), TABLES))

    assert reference(FW, decoded) == reference(FW, profile)


@DIFFERENTIAL
@given(people(POINTS_FW))
def test_the_points_ladder_reads_the_decoded_facts_as_it_read_the_profile(profile):
    decoded = profile_of_facts(decode(encode_profile(profile, POINTS_TABLES), POINTS_TABLES))

    assert reference(POINTS_FW, decoded) == reference(POINTS_FW, profile)
    points = [assess(POINTS_FW, p, as_of=AS_OF)["points"] for p in (decoded, profile)]
    assert points[0] == points[1], "the points total and sub-level come from the same ratings"


@DIFFERENTIAL
@given(people(FW))
def test_the_record_does_not_depend_on_the_order_of_ratings_evidence_or_skills(profile):
    rng = random.Random(0)
    data = profile.model_dump(mode="json", exclude_none=True)
    ratings = list(data["skills"].items())
    rng.shuffle(ratings)
    data["skills"] = dict(ratings)
    rng.shuffle(data["evidence"])
    for item in data["evidence"]:
        rng.shuffle(item["skills"])

    assert encode_profile(checked(FW, data), TABLES) == encode_profile(profile, TABLES)


def test_a_record_keeps_what_the_rules_read_and_nothing_else(profile_data, make_profile):
    profile = make_profile(profile_data("mid"))
    facts = decode(encode_profile(profile, TABLES), TABLES)

    assert facts.ratings == profile.skills
    assert Counter(facts.evidence) == Counter(facts_of_profile(profile, TABLES).evidence)
    assert Counter((e.kind, e.date, e.scope, e.users) for e in facts.evidence) == Counter(
        (e.kind, e.date, e.scope, e.users) for e in profile.evidence
    )
    assert sum(e.measurable for e in facts.evidence) == 1  # only "Cut support tickets by 40%" has a number


def test_a_record_is_a_few_hundred_bytes(profile_data, make_profile):
    record = encode_profile(make_profile(profile_data("principal")), TABLES)

    assert record[0] == 1, "the first byte is the format version"
    assert len(record) < 500


def test_tables_for_two_frameworks_cover_both():
    both = tables_for(FW, POINTS_FW)

    assert both.missing(FW) == [] and both.missing(POINTS_FW) == []
    assert TABLES.missing(POINTS_FW) != []
    assert both.skills[: len(FW.skills)] == TABLES.skills


def test_a_record_packed_against_other_tables_is_refused(profile_data, make_profile):
    record = encode_profile(make_profile(profile_data("mid")), TABLES)

    with pytest.raises(FactsRecordError, match="other facts tables"):
        decode(record, tables_for(FW, POINTS_FW))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda r: r[:5], "shorter than its"),
        (lambda r: r[:-1], "does not match its"),
        (lambda r: b"\x09" + r[1:], "format version 9"),
    ],
    ids=["truncated header", "truncated item", "unknown version"],
)
def test_a_damaged_record_is_refused_with_what_is_wrong(profile_data, make_profile, damage, message):
    record = encode_profile(make_profile(profile_data("mid")), TABLES)

    with pytest.raises(FactsRecordError, match=message):
        decode(damage(record), TABLES)


def test_bits_that_mean_nothing_are_refused_so_every_record_has_one_reading(profile_data, make_profile):
    record = bytearray(encode_profile(make_profile(profile_data("mid")), TABLES))
    padding, first_item = TABLES.head_size - 1, TABLES.head_size
    flags, last_skills_byte = first_item + 4, first_item + TABLES.item_size - 1
    assert len(TABLES.skills) % 8, "the top bit of the last skills byte stands for no skill"

    for at, bits, message in [
        (padding, 1, "header's padding"),
        (flags, 0b1000, "evidence item 1"),
        (last_skills_byte, 0x80, "evidence item 1"),
    ]:
        damaged = bytearray(record)
        damaged[at] |= bits
        with pytest.raises(FactsRecordError, match=message):
            decode(bytes(damaged), TABLES)
        with pytest.raises(FactsRecordError, match=f"facts record 2 \\(of 2\\) .*{message}"):
            decode_many([bytes(record), bytes(damaged)], TABLES)


def test_a_rating_too_large_for_the_record_is_refused_by_name():
    tables = FactsTables(skills=("a",), kinds=("k",), scopes=("s",))

    with pytest.raises(FactsRecordError, match="rating 40000 of skill 'a'"):
        encode(PersonFacts(ratings={"a": 40_000}, evidence=()), tables)


def test_ids_the_tables_do_not_list_are_left_out_of_the_record(profile_data, make_profile):
    profile = make_profile(profile_data("mid"))
    stored = profile.model_copy(update={"skills": {**profile.skills, "retired_skill": 3}})

    facts = facts_of_profile(stored, TABLES)

    assert "retired_skill" not in facts.ratings
    assert facts == facts_of_profile(profile, TABLES)
