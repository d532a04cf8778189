"""The team page's stored levels: each facts record's level today, kept so SQL can count and sort.

A facts record is written with the level it reaches on the day it is written and the
failing checks of the next level (`facts.record_standings`). A level depends on the day
as well as on the rows (evidence ages out of recency windows), so before the team page
reads them, `team_levels_refresh` brings the rows of the people it shows up to today:

- people with no record, or one packed for another framework, get their record written
  (which stores their level);
- records assessed on an earlier day are decoded and assessed again by the batch engine,
  only those, and their columns written back in one statement; the first visit of the
  day pays this, every later one finds nothing to do;
- under a framework the batch engine does not cover, the stale people are assessed one by
  one from their rows (the stored live assessments), as the page did before the store.

Readiness is not stored: it compares the stored level with the recorded `Person.level`
in SQL, so an admin's edit of a recorded level shows at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ladders.accounts.models import Organisation, Person
from ladders.core.framework import Framework
from ladders.leveling.facts import WRITE_BATCH, facts_write, record_standings
from ladders.leveling.live import live_assessments
from ladders.leveling.models import FactsRecord

Column = tuple[int, int | None]
"""A person's (level index, failing checks of the next level or None at the top)."""


def stale(fw: Framework, today: date) -> Q:
    """Records whose stored level is not today's under `fw` (as a filter on `FactsRecord`)."""
    return (
        ~Q(framework_hash=fw.content_hash)
        | Q(assessed_on__isnull=True)
        | Q(level_rank__isnull=True)
        | ~Q(assessed_on=today)
    )


def team_levels_refresh(*, org: Organisation, fw: Framework, people: QuerySet[Person]) -> int:
    """Bring the stored levels of `people` (people of `org`) up to today; how many were stale.

    Two queries find nothing to do when every level is today's; the callers usually know
    that already from their counts (`team_overview`) and do not call this at all.
    """
    today = timezone.localdate()
    chosen = people.order_by().values("pk")
    packed = FactsRecord.objects.filter(framework_hash=fw.content_hash)
    unpacked = list(people.order_by().exclude(pk__in=packed.values("person_id")).values_list("pk", flat=True))
    if unpacked:
        facts_write(org=org, person_ids=unpacked, fw=fw)  # stores today's levels when it can
    earlier = list(
        packed.filter(person_id__in=chosen)
        .filter(stale(fw, today))
        .order_by()
        .values_list("person_id", "record", "level_rank", "next_checks")
    )
    for start in range(0, len(earlier), WRITE_BATCH):
        _reassess(fw, earlier[start : start + WRITE_BATCH], today)
    return len(unpacked) + len(earlier)


StoredRow = tuple[int, bytes, int | None, int | None]
"""(person id, record, stored level index, stored next checks)."""


def _reassess(fw: Framework, rows: Sequence[StoredRow], today: date) -> None:
    standing = record_standings(fw, [bytes(record) for _, record, _, _ in rows], as_of=today)
    if standing is None:
        _store(fw, _assessed_one_by_one(fw, [pk for pk, _, _, _ in rows]), [], today)
        return
    changed: dict[int, Column] = {}
    same = []
    for (pk, _, old_level, old_next), level, following in zip(
        rows, standing.levels.tolist(), standing.next_checks.tolist(), strict=True
    ):
        column = (int(level), None if following < 0 else int(following))
        if column == (old_level, old_next):
            same.append(pk)
        else:
            changed[pk] = column
    _store(fw, changed, same, today)


def _assessed_one_by_one(fw: Framework, ids: Sequence[int]) -> dict[int, Column]:
    """The fallback: each person's stored live assessment (computed from their rows if need be)."""
    people = list(Person.objects.filter(pk__in=ids).select_related("team", "org"))
    live = live_assessments(people, fw=fw)
    columns: dict[int, Column] = {}
    for pk, row in live.items():
        result = row.result
        steps = len(result["plan"]["steps"]) if result["next_level"] else None
        columns[pk] = (fw.level_index[result["level"]], steps)
    return columns


def _store(fw: Framework, changed: dict[int, Column], same: Sequence[int], today: date) -> None:
    """Write the changed columns, and today's date on the rows whose level did not change.

    Only rows still stale are written: one rewritten meanwhile holds today's level already.
    The date alone is one statement; most levels are the same as yesterday's.
    """
    table = connection.ops.quote_name(FactsRecord._meta.db_table)
    day = connection.ops.adapt_datefield_value(today)
    still_stale = "framework_hash = %s AND (assessed_on IS NULL OR assessed_on <> %s)"
    with transaction.atomic(), connection.cursor() as cursor:
        if changed:
            cursor.executemany(
                f"UPDATE {table} SET level_rank = %s, next_checks = %s, assessed_on = %s "
                f"WHERE person_id = %s AND {still_stale}",
                [
                    (level, following, day, pk, fw.content_hash, day)
                    for pk, (level, following) in changed.items()
                ],
            )
        if same:
            marks = ", ".join(["%s"] * len(same))
            cursor.execute(
                f"UPDATE {table} SET assessed_on = %s "
                f"WHERE person_id IN ({marks}) AND level_rank IS NOT NULL AND {still_stale}",
                [day, *same, fw.content_hash, day],
            )
