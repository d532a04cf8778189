"""Current assessments, computed once and reused until an input changes.

Pages and the API ask for a person's level far more often than evidence or ratings
change, and a team page asks for hundreds at once. Results are stored per person with the
framework hash and the day they were computed for; services delete them when an input
changes (`live_invalidate`), and anything missing or stale is recomputed here in bulk.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connections, router
from django.db.models import Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.results import AssessmentResult
from ladders.leveling.bulk import maturity_levels
from ladders.leveling.frameworks import active_framework, active_framework_of
from ladders.leveling.models import (
    CheckIn,
    CheckInStatus,
    Evidence,
    FrameworkVersion,
    LiveAssessment,
    MaturityAssessment,
)
from ladders.leveling.profiles import last_quarter_of_year, latest_checkin_of_year, profile_of
from ladders.server.json_text import json_text
from ladders.server.prepared import PreparedQuery


def live_invalidate(*, person_id: int | None = None, org_id: int | None = None) -> None:
    """Forget stored assessments after a change to one person's inputs, or to an org's."""
    if person_id is not None:
        LiveAssessment.objects.filter(person_id=person_id).delete()
    if org_id is not None:
        LiveAssessment.objects.filter(person__org_id=org_id).delete()


def _person_input_changed(sender, instance, **kwargs) -> None:
    live_invalidate(person_id=instance.person_id)


def _person_changed(sender, instance, **kwargs) -> None:
    if not kwargs.get("created"):
        live_invalidate(person_id=instance.pk)


def _org_input_changed(sender, instance, **kwargs) -> None:
    live_invalidate(org_id=instance.org_id)


def connect_invalidation() -> None:
    """Evidence, check-ins and the person's own record feed one result; maturity feeds an org's."""
    from django.db.models.signals import post_delete, post_save

    for model in (Evidence, CheckIn):
        post_save.connect(_person_input_changed, sender=model, dispatch_uid=f"live-{model.__name__}-save")
        post_delete.connect(_person_input_changed, sender=model, dispatch_uid=f"live-{model.__name__}-delete")
    post_save.connect(_person_changed, sender=Person, dispatch_uid="live-person-save")
    post_save.connect(_org_input_changed, sender=MaturityAssessment, dispatch_uid="live-maturity-save")
    post_delete.connect(_org_input_changed, sender=MaturityAssessment, dispatch_uid="live-maturity-delete")


def _live_row(person: Person, fw: Framework, today: date, result: AssessmentResult) -> LiveAssessment:
    """The stored row of one result: its level and pitfall ids kept beside it for the lists."""
    return LiveAssessment(
        person=person,
        framework_hash=fw.content_hash,
        as_of=today,
        level=result["level"],
        pitfalls=[p["id"] for p in result["pitfalls"]],
        result=result,
    )


def _compute(people: list[Person], fw: Framework, today: date) -> list[LiveAssessment]:
    ids = [p.pk for p in people]
    evidence: dict[int, list[Evidence]] = {pk: [] for pk in ids}
    for item in Evidence.objects.filter(person_id__in=ids).order_by("date", "id"):
        evidence[item.person_id].append(item)
    latest: dict[int, CheckIn] = {}
    for checkin in (
        CheckIn.objects.filter(person_id__in=ids, quarter__lte=last_quarter_of_year(today))
        .exclude(status=CheckInStatus.DRAFT)
        .order_by("person_id", "quarter")
    ):
        latest[checkin.person_id] = checkin
    rows = []
    org_levels: dict[int, tuple[int | None, dict[int, int]]] = {}
    for person in people:
        if person.org_id not in org_levels:
            org_levels[person.org_id] = maturity_levels(person.org_id)
        org_level, teams = org_levels[person.org_id]
        maturity = teams.get(person.team_id, org_level) if person.team_id else org_level
        profile = profile_of(
            person, fw, checkin=latest.get(person.pk), evidence=evidence[person.pk], maturity=maturity
        )
        rows.append(_live_row(person, fw, today, assess(fw, profile, as_of=today)))
    return rows


def live_assessments(
    people: Iterable[Person], *, fw: Framework | None = None, with_result: bool = True
) -> dict[int, LiveAssessment]:
    """Current assessments of `people` (one organisation), computing what is missing or stale."""
    people = list(people)
    if not people:
        return {}
    if fw is None:
        _, fw = active_framework(people[0].org)
    today = timezone.localdate()
    qs = LiveAssessment.objects.filter(
        person_id__in=[p.pk for p in people], framework_hash=fw.content_hash, as_of=today
    )
    if not with_result:
        qs = qs.defer("result")
    found = {row.person_id: row for row in qs}
    missing = [p for p in people if p.pk not in found]
    if missing:
        fresh = _compute(missing, fw, today)
        LiveAssessment.objects.bulk_create(
            fresh,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["person"],
            update_fields=["framework_hash", "as_of", "level", "pitfalls", "result", "computed"],
        )
        found.update((row.person_id, row) for row in fresh)
    return found


def live_result(person: Person) -> AssessmentResult:
    """The current assessment of one person: the engine's result, stored as JSON and read back."""
    return live_assessments([person])[person.pk].result


def live_result_json(person: Person) -> str:
    """The current assessment of one person as JSON text, for the API's hot path.

    A stored result made today under the organisation's active framework is read as text in
    one query (the active framework's hash is a subquery), neither decoded nor re-encoded.
    When there is none (a change to an input deleted it, or it was made on an earlier day:
    rules read dates, so yesterday's result may not hold today), this one person is
    recomputed and stored, with the same inputs `live_assessments` reads but through
    queries compiled once, so a first visit of the day costs little more than a computed one.
    """
    found = _STORED_JSON.first(person=person.pk, org=person.org_id)
    today = timezone.localdate()
    if found is not None and found[1] == today:
        return found[0]
    return _recompute_one(person, today)


def _recompute_one(person: Person, today: date) -> str:
    """`_compute` for one person (the same check-in, evidence order and maturity), stored.

    The result is encoded once: the same text is stored and answered.
    """
    _version, fw = active_framework_of(person.org_id)
    checkin = latest_checkin_of_year(person, today)
    result = assess(fw, profile_of(person, fw, checkin=checkin), as_of=today)
    row = _live_row(person, fw, today, result)
    text = json_text(result)
    _store_one(row, text)
    return text


_STORED_FIELDS = ("person", "framework_hash", "as_of", "level", "pitfalls", "result", "computed")


def _store_one(row: LiveAssessment, result_text: str) -> None:
    """Insert or replace one stored result in a single statement, as `bulk_create` would.

    Every value is encoded first and the statement runs on its own (autocommit), so the
    database's write lock is held only while the statement runs. Under `bulk_create` it was
    also held while the ORM compiled the insert and encoded the result, and on SQLite a
    thread that loses the interpreter lock meanwhile keeps every other writer waiting: the
    first requests after the results expire were the slowest the API served.

    `result_text` is `row.result` already encoded (`json_text`), stored as it is instead of
    encoding the result a second time: a JSON column holds text on SQLite, and PostgreSQL
    parses the text into its `jsonb`.
    """
    connection = connections[router.db_for_write(LiveAssessment)]
    quote = connection.ops.quote_name
    by_name = {field.name: field for field in LiveAssessment._meta.concrete_fields}
    fields = [by_name[name] for name in _STORED_FIELDS]
    values = [
        _prepared(field, row, connection) if field.name != "result" else result_text for field in fields
    ]
    placeholders = [
        "CAST(%s AS jsonb)" if field.name == "result" and connection.vendor == "postgresql" else "%s"
        for field in fields
    ]
    columns = [quote(str(field.column)) for field in fields]
    sql = (
        f"INSERT INTO {quote(LiveAssessment._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(placeholders)}) "
        f"ON CONFLICT ({columns[0]}) DO UPDATE SET "
        + ", ".join(f"{column} = EXCLUDED.{column}" for column in columns[1:])
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _prepared(field, row: LiveAssessment, connection) -> Any:
    return field.get_db_prep_save(field.pre_save(row, add=True), connection)


def _stored_json(person: int, org: int):
    active_hash = FrameworkVersion.objects.filter(org_id=org, active=True).values("content_hash")[:1]
    return (
        LiveAssessment.objects.filter(person_id=person, framework_hash=Subquery(active_hash))
        .order_by()
        .values_list(Cast("result", TextField()), "as_of")
    )


# Every API request for today's assessment asks this: compiled once (ladders.server.prepared).
_STORED_JSON = PreparedQuery(_stored_json, person=-918_273_645, org=-918_273_646)
