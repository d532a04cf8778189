"""Recorded levels against evidence, and how long people have held them."""

from __future__ import annotations

from datetime import timedelta

from ladders.leveling.calibration import calibration_tables
from ladders.leveling.models import AssessmentSnapshot
from ladders.leveling.profiles import quarter_end, quarter_of
from tests.framework_ids import LEVEL
from tests.leveling.leveling_helpers import QUARTER, TODAY, make_mid, sign_off
from tests.minimum_profiles import MID_RATINGS
from tests.org_fixtures import add_engineer


def rows_of(viewer, table):
    return {row["person_id"]: row for row in calibration_tables(viewer=viewer)["tables"][table]}


def test_evidence_above_the_recorded_level_is_a_disagreement(acme):
    sign_off(acme.engineer, acme.manager, MID_RATINGS)  # signed off at junior: no evidence yet
    make_mid(acme.engineer)  # the evidence now supports mid
    row = rows_of(acme.admin, "disagreements")[acme.engineer.pk]
    assert (row["recorded"], row["assessed"], row["direction"]) == (LEVEL.junior, LEVEL.mid, "evidence above")


def test_a_recorded_level_the_evidence_does_not_support_is_a_disagreement(acme, mid_engineer):
    mid_engineer.level = LEVEL.senior
    mid_engineer.save()
    row = rows_of(acme.manager, "disagreements")[mid_engineer.pk]
    assert (row["recorded"], row["assessed"], row["direction"]) == (LEVEL.senior, LEVEL.mid, "evidence below")


def test_agreement_and_no_recorded_level_are_not_disagreements(acme, mid_engineer):
    assert rows_of(acme.admin, "disagreements") == {}


def test_time_in_level_comes_from_the_record(acme, mid_engineer):
    row = rows_of(acme.admin, "time_in_level")[mid_engineer.pk]
    since = min(quarter_end(QUARTER), TODAY)
    assert (row["level"], row["since"], row["days"], row["source"]) == (
        LEVEL.mid,
        since.isoformat(),
        (TODAY - since).days,
        "recorded",
    )


def test_time_in_level_falls_back_to_the_history_of_snapshots(acme, mid_engineer):
    mid_engineer.level_since = None
    mid_engineer.save()
    first = AssessmentSnapshot.objects.get(person=mid_engineer)
    # An earlier quarter at the same level extends the run; one at another level before it ends it.
    AssessmentSnapshot.objects.create(
        person=mid_engineer,
        framework=first.framework,
        framework_hash=first.framework_hash,
        as_of=first.as_of - timedelta(days=91),
        level=LEVEL.mid,
        result={},
    )
    AssessmentSnapshot.objects.create(
        person=mid_engineer,
        framework=first.framework,
        framework_hash=first.framework_hash,
        as_of=first.as_of - timedelta(days=182),
        level=LEVEL.junior,
        result={},
    )
    row = rows_of(acme.admin, "time_in_level")[mid_engineer.pk]
    since = first.as_of - timedelta(days=91)
    assert (row["since"], row["days"], row["source"]) == (since.isoformat(), (TODAY - since).days, "history")


def test_people_with_no_level_are_left_out_of_time_in_level(acme, mid_engineer):
    assert set(rows_of(acme.admin, "time_in_level")) == {mid_engineer.pk}


def test_time_in_level_counts_from_when_each_level_started(acme, mid_engineer):
    # Eve has been mid for 400 days, Finn junior for 30, Oscar senior since today.
    finn = add_engineer(acme, "Finn Fisher", acme.manager)
    started = {mid_engineer: (LEVEL.mid, 400), finn: (LEVEL.junior, 30), acme.outsider: (LEVEL.senior, 0)}
    for person, (level, days) in started.items():
        person.level, person.level_since = level, TODAY - timedelta(days=days)
        person.save()
    rows = calibration_tables(viewer=acme.admin)["tables"]["time_in_level"]
    assert [(row["person_id"], row["level"], row["since"], row["days"]) for row in rows] == [
        (person.pk, level, (TODAY - timedelta(days=days)).isoformat(), days)
        for person, (level, days) in started.items()
    ]


def test_a_later_sign_off_at_the_same_level_keeps_the_start_of_the_level(acme, mid_engineer):
    started = mid_engineer.level_since
    sign_off(mid_engineer, acme.manager, MID_RATINGS, quarter=quarter_of(TODAY))
    mid_engineer.refresh_from_db()
    assert mid_engineer.level == LEVEL.mid and mid_engineer.level_since == started
    row = rows_of(acme.admin, "time_in_level")[mid_engineer.pk]
    assert (row["since"], row["days"]) == (started.isoformat(), (TODAY - started).days)
