"""Calibration records: what calibration reads per person, kept in step with the rows.

`CalibrationRecord` holds each person's latest signed-off ratings (packed by
`ladders.core.calibration_arrays` against the active framework's skills), who signed them
off, and the end of their level history, so the org-wide calibration tables read one row
per person and parse no check-in. It is a cache, never a source of truth: a save or
delete of a check-in or a snapshot drops the person's record and rewrites it when the
transaction commits (as the facts store does), activating a framework rewrites the
organisation's records, and a record that is missing or packed for another framework is
rewritten by the next read (`calibration_rows`), so rows inserted without signals leave the
store cold, never wrong. `ladders facts rebuild` rewrites these records too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, Func, IntegerField, Q, QuerySet

from ladders.accounts.models import Organisation, Person
from ladders.core.calibration_arrays import pack_ratings
from ladders.core.framework import Framework
from ladders.leveling.facts import facts_write
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import AssessmentSnapshot, CalibrationRecord, CheckIn, CheckInStatus
from ladders.leveling.rewrite_queue import RewriteOnCommit, rewrite_in_batches

WRITE_BATCH = 2000
"""People whose rows are read and records written per round of queries."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One person's calibration inputs as the rows give them (what a record holds, unpacked)."""

    quarter: str
    signed_off_by: int | None
    self_ratings: dict[str, Any]
    manager_ratings: dict[str, Any]
    history_level: str
    history_since: date | None


def history_end(history: Sequence[tuple[date, str]]) -> tuple[str, date | None]:
    """The latest frozen level and the first as_of of its latest unbroken run (oldest first in)."""
    if not history:
        return "", None
    level = history[-1][1]
    since = history[-1][0]
    for as_of, frozen in reversed(history):
        if frozen != level:
            break
        since = as_of
    return level, since


def entries_of(ids: Sequence[int]) -> dict[int, Entry]:
    """Each person's entry from the rows: their latest signed-off check-in and their history."""
    latest: dict[int, tuple[str, int]] = {}
    keys = (
        CheckIn.objects.filter(person_id__in=ids, status=CheckInStatus.SIGNED_OFF)
        .order_by()
        .values_list("pk", "person_id", "quarter")
    )
    for pk, person_id, quarter in keys:
        if person_id not in latest or quarter > latest[person_id][0]:
            latest[person_id] = (quarter, pk)
    checkins = {
        pk: (own or {}, given or {}, by)
        for pk, own, given, by in CheckIn.objects.filter(pk__in=[pk for _, pk in latest.values()])
        .order_by()
        .values_list("pk", "self_ratings", "manager_ratings", "signed_off_by_id")
    }
    history: dict[int, list[tuple[date, str]]] = {pk: [] for pk in ids}
    rows = (
        AssessmentSnapshot.objects.filter(person_id__in=ids)
        .order_by("person_id", "as_of", "id")
        .values_list("person_id", "as_of", "level")
    )
    for person_id, as_of, level in rows:
        history[person_id].append((as_of, level))
    out = {}
    for pk in ids:
        quarter, checkin = latest.get(pk, ("", 0))
        own, given, by = checkins.get(checkin, ({}, {}, None))
        level, since = history_end(history[pk])
        out[pk] = Entry(quarter, by, dict(own), dict(given), level, since)
    return out


def record_of(org_id: int, person_id: int, entry: Entry, fw: Framework) -> CalibrationRecord:
    """The record of one entry, packed for `fw`."""
    skills = [skill.id for skill in fw.skills]
    scale = fw.rating_scale
    return CalibrationRecord(
        person_id=person_id,
        org_id=org_id,
        framework_hash=fw.content_hash,
        quarter=entry.quarter,
        signed_off_by_id=entry.signed_off_by,
        ratings=pack_ratings(entry.self_ratings, entry.manager_ratings, skills, scale.min, scale.max),
        history_level=entry.history_level,
        history_since=entry.history_since,
    )


def _write(org_id: int, fw: Framework, ids: Sequence[int]) -> int:
    entries = entries_of(ids)
    records = [record_of(org_id, pk, entries[pk], fw) for pk in ids]
    CalibrationRecord.objects.bulk_create(
        records,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["person"],
        update_fields=[
            "org",
            "framework_hash",
            "quarter",
            "signed_off_by",
            "ratings",
            "history_level",
            "history_since",
            "written",
        ],
    )
    return len(records)


def calibration_write(
    *, org: Organisation, person_ids: Sequence[int] | None = None, fw: Framework | None = None
) -> int:
    """Rewrite the records of `person_ids` (default: everyone in `org`) from the rows; how many."""
    if fw is None:
        _, fw = active_framework(org)
    chosen = fw
    return rewrite_in_batches(org, person_ids, lambda ids: _write(org.pk, chosen, ids), batch=WRITE_BATCH)


PERSON_FIELDS = ("pk", "name", "level", "level_since", "manager_id", "team_id")
RECORD_FIELDS = ("quarter", "signed_off_by_id", "history_level", "history_since", "ratings")
_DATES = {"level_since": "level_since", "history_since": "calibration_record__history_since"}


def calibration_rows(*, org: Organisation, fw: Framework, people: QuerySet[Person]) -> dict[str, Any]:
    """Each of `people` (in primary-key order) by column, from one read of three tables.

    The columns are PERSON_FIELDS, RECORD_FIELDS and `facts` (the person's facts record,
    `ladders.leveling.facts`, which the batch engine reads for their level). A person whose
    calibration or facts record is missing or packed for another framework has it rewritten
    first. The query is the ORM's, run on a plain cursor: Django's per-value converters would
    cost more than the read itself at 100,000 people, so the two dates are read as days since
    1970 and given as numpy dates (`datetime64[D]` arrays, NaT for none), and the packed records are
    whatever bytes-like value the driver gives.
    """
    prefix = "calibration_record__"
    # Dates as numbers: SQLite's driver would otherwise parse every one through Django's converter.
    as_days = {f"{name}_days": EpochDays(path) for name, path in _DATES.items()}
    packed_for = fw.content_hash  # a computed property: read once, not once per person
    # Whether each record was packed for `fw`, answered by the database (no hash text read).
    current = {
        "calibration_current": ExpressionWrapper(
            Q(**{prefix + "framework_hash": packed_for}), output_field=BooleanField()
        ),
        "facts_current": ExpressionWrapper(Q(facts__framework_hash=packed_for), output_field=BooleanField()),
    }
    fields = [
        *(f"{f}_days" if f in _DATES else f for f in PERSON_FIELDS),
        *(f"{f}_days" if f in _DATES else prefix + f for f in RECORD_FIELDS),
        "facts__record",
        "calibration_current",
        "facts_current",
    ]
    query = people.order_by("pk").annotate(**as_days, **current).values_list(*fields)
    sql, params = query.query.sql_with_params()

    def read() -> list[tuple[Any, ...]]:
        with connections[people.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    rows = read()
    stale = [row[0] for row in rows if not row[-2]]  # NULL (no record) or false
    stale_facts = [row[0] for row in rows if not row[-1]]
    if stale:
        calibration_write(org=org, person_ids=stale, fw=fw)
    if stale_facts:
        facts_write(org=org, person_ids=stale_facts, fw=fw)
    if stale or stale_facts:
        rows = read()
    names = (*PERSON_FIELDS, *RECORD_FIELDS, "facts")
    columns = dict(zip(names, (list(c) for c in zip(*rows, strict=True)), strict=False)) if rows else {}
    out: dict[str, Any] = {name: columns.get(name, []) for name in names}
    for name in _DATES:  # days since 1970 as numpy dates, NaT for none (None is NaN as a float)
        days = np.array(out[name], dtype=np.float64)
        out[name] = np.where(np.isnan(days), _NAT, days).astype(np.int64).view("datetime64[D]")
    return out


_NAT = np.iinfo(np.int64).min  # numpy's NaT as an integer


class EpochDays(Func):
    """A date as days since 1970-01-01 (NULL stays NULL), so no date is parsed in Python."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "(%(expressions)s - DATE '1970-01-01')"
        return super().as_sql(compiler, connection, template=template, **extra)


# -- keeping the store in step with the rows --------------------------------------------------

_queue = RewriteOnCommit(CalibrationRecord, lambda org, ids: calibration_write(org=org, person_ids=ids))


def calibration_forget(person_id: int) -> None:
    """Drop one person's record now and rewrite it when the transaction commits."""
    _queue.forget(person_id)


def _person_input_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        calibration_forget(instance.person_id)


def _person_created(sender, instance, created=False, raw=False, **kwargs) -> None:
    if created and not raw:
        calibration_forget(instance.pk)


def connect_calibration_store() -> None:
    """Check-ins (sign-off) and snapshots (level history) feed a record; a new person gets one."""
    from django.db.models.signals import post_delete, post_save

    for model in (CheckIn, AssessmentSnapshot):
        post_save.connect(
            _person_input_changed, sender=model, dispatch_uid=f"calibration-{model.__name__}-save"
        )
        post_delete.connect(
            _person_input_changed, sender=model, dispatch_uid=f"calibration-{model.__name__}-delete"
        )
    post_save.connect(_person_created, sender=Person, dispatch_uid="calibration-person-created")
