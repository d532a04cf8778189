"""The team page's stored levels: each facts record's level, kept so SQL can count and sort.

A facts record is written with the level it reaches on the day it is written, the failing
checks of the next level and the first later day an evidence date could change either
(`facts.record_standings`; `core.standings.valid_until`). Before the team page reads them,
`team_levels_refresh` brings the rows of the people it shows up to today:

- people with no record, or one packed for another framework, get their record written
  (which stores their level);
- records whose level no longer holds (an item entered or left a recency window, or the
  clock went back) are decoded and assessed again by the batch engine, only those, and
  their columns written back in one statement; on most days that is a few people;
- under a framework the batch engine does not cover, the stale people are assessed one by
  one from their rows (the stored live assessments), as the page did before the store,
  and their level holds for that day only.

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

Column = tuple[int, int | None, date]
"""A person's (level index, failing checks of the next level or None at the top, valid until)."""


def fresh(fw: Framework, today: date, prefix: str = "") -> Q:
    """Stored levels that hold today under `fw` (a filter on `FactsRecord`, or through `prefix`)."""
    return Q(
        **{
            f"{prefix}framework_hash": fw.content_hash,
            f"{prefix}level_rank__isnull": False,
            f"{prefix}assessed_on__lte": today,
            f"{prefix}valid_until__gt": today,
        }
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
        .exclude(fresh(fw, today))
        .order_by()
        .values_list("person_id", "record")
    )
    for start in range(0, len(earlier), WRITE_BATCH):
        _reassess(fw, earlier[start : start + WRITE_BATCH], today)
    return len(unpacked) + len(earlier)


StoredRow = tuple[int, bytes | memoryview]
"""(person id, packed record) as the database hands them back."""


def _reassess(fw: Framework, rows: Sequence[StoredRow], today: date) -> None:
    standing = record_standings(fw, [bytes(record) for _, record in rows], as_of=today)
    if standing is None:
        _store(fw, _assessed_one_by_one(fw, [pk for pk, _ in rows]), today)
        return
    columns = {
        pk: (int(level), None if following < 0 else int(following), date.fromordinal(until))
        for (pk, _), level, following, until in zip(
            rows,
            standing.levels.tolist(),
            standing.next_checks.tolist(),
            standing.until.tolist(),
            strict=True,
        )
    }
    _store(fw, columns, today)


def _assessed_one_by_one(fw: Framework, ids: Sequence[int]) -> dict[int, Column]:
    """The fallback: each person's stored live assessment (computed from their rows if need be).

    Without the batch engine nothing says how long a level holds: it holds for today only.
    """
    people = list(Person.objects.filter(pk__in=ids).select_related("team", "org"))
    live = live_assessments(people, fw=fw)
    tomorrow = date.fromordinal(timezone.localdate().toordinal() + 1)
    columns: dict[int, Column] = {}
    for pk, row in live.items():
        result = row.result
        steps = len(result["plan"]["steps"]) if result["next_level"] else None
        columns[pk] = (fw.level_index[result["level"]], steps, tomorrow)
    return columns


def _store(fw: Framework, columns: dict[int, Column], today: date) -> None:
    """Write the columns, one statement per distinct value (most people share a few).

    Only rows still stale are written: one rewritten meanwhile holds today's level already.
    """
    if not columns:
        return
    table = connection.ops.quote_name(FactsRecord._meta.db_table)
    day = connection.ops.adapt_datefield_value(today)
    alike: dict[Column, list[int]] = {}
    for pk, column in columns.items():
        alike.setdefault(column, []).append(pk)
    with transaction.atomic(), connection.cursor() as cursor:
        for (level, following, until), ids in alike.items():
            for start in range(0, len(ids), WRITE_BATCH):
                chosen = ids[start : start + WRITE_BATCH]
                cursor.execute(
                    f"UPDATE {table} "
                    "SET level_rank = %s, next_checks = %s, assessed_on = %s, valid_until = %s "
                    f"WHERE person_id IN ({', '.join(['%s'] * len(chosen))}) AND framework_hash = %s "
                    "AND NOT (level_rank IS NOT NULL AND assessed_on <= %s AND valid_until > %s)",
                    [
                        level,
                        following,
                        day,
                        connection.ops.adapt_datefield_value(until),
                        *chosen,
                        fw.content_hash,
                        day,
                        day,
                    ],
                )
