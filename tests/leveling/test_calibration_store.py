"""The calibration store is a cache of the rows, and calibration from it equals calibration from the rows.

After every kind of write that feeds it (a check-in saved, submitted or signed off, which
freezes a level; a snapshot deleted; a framework activated; a person added, or their level,
level date or manager edited) each stored record is what the row reader (`records_of`) gives.
On random orgs (hypothesis) and the bench's org, the tables from the store equal the tables
computed person by person from the rows (`calibration._row_tables`, the reference).
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bench.calibration_bench import build_calibration_org
from ladders.accounts.models import Person, Role
from ladders.accounts.selectors import people_visible_to
from ladders.core.calibration_arrays import pack_ratings
from ladders.leveling import calibration
from ladders.leveling.bulk import records_of
from ladders.leveling.calibration import calibration_table_rows, calibration_tables
from ladders.leveling.calibration_store import calibration_rows
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import AssessmentSnapshot, CalibrationRecord
from tests.leveling.test_facts_store import WRITES, write
from tests.org_fixtures import add_engineer, add_person, make_org

TODAY = timezone.localdate()
ORG_NAMES = (f"Calibration store org {n}" for n in itertools.count())


def expected_store(org) -> dict[int, tuple]:
    """Each person's record as the row reader sees them: latest signed-off ratings, the history's end."""
    _, fw = active_framework(org)
    skills = [s.id for s in fw.skills]
    low, high = fw.rating_scale.min, fw.rating_scale.max
    out = {}
    for record in records_of(Person.objects.filter(org=org), signed_off=True, history=True, evidence=False):
        checkin = record.signed_off
        level, since = "", None
        for as_of, frozen in reversed(record.history):
            if level and frozen != level:
                break
            level, since = frozen, as_of
        out[record.person.pk] = (
            fw.content_hash,
            checkin.quarter if checkin else "",
            checkin.signed_off_by_id if checkin else None,
            pack_ratings(
                (checkin.self_ratings or {}) if checkin else {},
                (checkin.manager_ratings or {}) if checkin else {},
                skills,
                low,
                high,
            ),
            level,
            since,
        )
    return out


def stored(org) -> dict[int, tuple]:
    fields = ("framework_hash", "quarter", "signed_off_by_id", "ratings", "history_level", "history_since")
    rows = CalibrationRecord.objects.filter(org=org).values_list("person_id", *fields)
    return {pk: (h, q, by, bytes(r), lv, since) for pk, h, q, by, r, lv, since in rows}


def reference(viewer, **filters) -> dict:
    """The tables from the rows, one person at a time (levels from the batch engine, as before)."""
    people = calibration.calibration_people(viewer=viewer, **filters)
    _, fw = active_framework(viewer.org)
    tables, count, kappa = calibration._row_tables(fw, viewer, people, TODAY, None, bool(filters))
    return {"people": count, "kappa": kappa, "tables": tables}


def from_store(viewer, **filters) -> dict:
    found = calibration_tables(viewer=viewer, **filters)
    assert found["totals"] == {name: len(rows) for name, rows in found["tables"].items()}
    return {key: found[key] for key in ("people", "kappa", "tables")}


def other_write(org, people, admin, draw, kind: str) -> None:
    """The writes that feed calibration but not the facts store."""
    person = draw(st.sampled_from(people))
    if kind == "unfreeze":
        snapshot = AssessmentSnapshot.objects.filter(person=person).first()
        if snapshot is not None:
            snapshot.delete()
    elif kind == "person":
        _, fw = active_framework(org)
        person.level = draw(st.sampled_from(["", *(lv.id for lv in fw.levels)]))
        person.level_since = draw(st.sampled_from([None, TODAY - timedelta(days=400)]))
        person.manager = draw(st.sampled_from([admin, *people]))
        if person.manager == person:
            person.manager = admin
        person.save()
    elif kind == "hire":
        people.append(add_engineer_of(org, admin, f"{org.name} hire {len(people)}"))


def add_engineer_of(org, admin, name):
    manager = Person.objects.filter(org=org, role=Role.MANAGER).order_by("pk")[0]
    assert manager.team is not None
    return add_person(org, name, Role.ENGINEER, manager, team=manager.team.name)


MORE_WRITES = ("unfreeze", "person", "hire")


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a database example shrinks too slowly
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_record_equals_the_rows_and_the_tables_the_reference_after_every_kind_of_write(
    data, django_capture_on_commit_callbacks
):
    name = next(ORG_NAMES)
    with django_capture_on_commit_callbacks(execute=True):  # new people get their records on commit
        acme = make_org(name)
        people = [acme.engineer, acme.outsider]
        people += [
            add_engineer(acme, f"{name} engineer {n}", acme.manager)
            for n in range(data.draw(st.integers(0, 2)))
        ]
    kinds = data.draw(st.lists(st.sampled_from(WRITES + MORE_WRITES), min_size=4, max_size=16))
    for kind in [*WRITES, *MORE_WRITES, *kinds]:  # every kind at least once, then a random sequence
        with django_capture_on_commit_callbacks(execute=True):
            if kind in MORE_WRITES:
                other_write(acme.org, people, acme.admin, data.draw, kind)
            else:
                write(acme.org, people, acme.admin, data.draw, kind)
        assert stored(acme.org) == expected_store(acme.org), kind
    assert from_store(acme.admin) == reference(acme.admin)
    assert from_store(acme.admin, manager_id=acme.manager.pk) == reference(
        acme.admin, manager_id=acme.manager.pk
    )
    assert from_store(acme.manager) == reference(acme.manager)


def test_a_record_missing_or_packed_for_another_framework_is_rewritten_by_the_next_read(acme):
    from tests.leveling.test_calibration_tables import RATED, rate

    rate(acme, RATED)
    CalibrationRecord.objects.filter(person=acme.outsider).delete()
    CalibrationRecord.objects.filter(person=acme.engineer).update(framework_hash="another")
    _, fw = active_framework(acme.org)
    visible = people_visible_to(acme.admin)
    rows = calibration_rows(org=acme.org, fw=fw, people=visible)
    assert rows["pk"] == sorted(visible.values_list("pk", flat=True))
    assert stored(acme.org) == expected_store(acme.org)


@pytest.fixture
def bench_org(db):
    return build_calibration_org(60, log=lambda *_: None)


def test_the_bench_org_packs_its_store_as_the_server_does_and_its_tables_equal_the_reference(bench_org):
    org, admin = bench_org["org"], bench_org["admin"]
    assert stored(org) == expected_store(org)
    manager = Person.objects.filter(org=org, role=Role.MANAGER).order_by("pk")[0]
    assert from_store(admin) == reference(admin)
    assert from_store(admin, manager_id=manager.pk) == reference(admin, manager_id=manager.pk)
    assert from_store(admin)["tables"]["disagreements"], "the org has disagreements to find"


def test_a_limit_keeps_the_first_rows_of_each_per_person_table_and_counts_them_all(bench_org):
    admin = bench_org["admin"]
    whole = calibration_tables(viewer=admin)
    cut = calibration_tables(viewer=admin, limit=3)
    assert cut["limit"] == 3 and cut["totals"] == whole["totals"]
    for name, rows in whole["tables"].items():
        expected = rows[:3] if name in calibration.PERSON_TABLES else rows
        assert cut["tables"][name] == expected, name
    assert whole["totals"]["time_in_level"] > 3
    assert calibration_table_rows(viewer=admin, table="time_in_level") == whole["tables"]["time_in_level"]


def test_a_cycle_or_a_framework_the_batch_does_not_cover_reads_the_rows(bench_org, monkeypatch):
    admin = bench_org["admin"]
    expected = reference(admin)
    monkeypatch.setattr(calibration, "PackedTables", None)  # the store path would fail if taken
    monkeypatch.setattr(calibration, "batch_covers", lambda fw: False)
    found = calibration_tables(viewer=admin)
    assert {key: found[key] for key in ("people", "kappa", "tables")} == expected
