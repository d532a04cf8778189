"""Calibration tables for managers and admins: how consistently people are rated, and by whom.

Every table is a list of plain dict rows (ids, names, numbers, ISO dates) so a page, the
API and `csv_table` can all show it. The statistics are the core's (`weighted_kappa`,
`leniency`); the levels are the core's assessment of each person's stored records.

Which ratings are compared: each person's latest *signed-off* check-in, skill by skill,
where both the person and the manager gave a rating. The rater is whoever signed it off.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from itertools import chain, repeat
from typing import Any, Protocol

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ladders.accounts.models import Person, Team
from ladders.accounts.permissions import can_calibrate
from ladders.accounts.selectors import people_visible_to, person_for_viewer
from ladders.core.batch import BatchResult, assess_many, batch_covers
from ladders.core.calibration import Rating, leniency, on_scale, rated_pairs, weighted_kappa
from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.leveling.bulk import Record, profile_for, records_of
from ladders.leveling.calibration_packed import PERSON_TABLES, PackedTables, leniency_rows
from ladders.leveling.facts import org_facts
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import CheckIn, CheckInStatus
from ladders.leveling.shortfalls import (
    INSUFFICIENT_EVIDENCE,
    NOT_MEETING,
    batch_mixed_reasons,
    batch_shortfalls,
    next_level_shortfalls,
)


def calibration_people(*, viewer: Person, team_id: int | None = None, manager_id: int | None = None):
    """The people a calibration covers: those the viewer may see (not the viewer), narrowed."""
    if not can_calibrate(viewer):
        raise Http404("No calibration to show.")
    people = people_visible_to(viewer).exclude(pk=viewer.pk)
    if team_id is not None:
        if not Team.objects.filter(org_id=viewer.org_id, pk=team_id).exists():
            raise Http404("No such team.")
        people = people.filter(team_id=team_id)
    if manager_id is not None:
        person_for_viewer(viewer, manager_id)  # 404 unless the viewer may see that manager
        people = people.filter(manager_id=manager_id)
    return people


def calibration_tables(
    *,
    viewer: Person,
    team_id: int | None = None,
    manager_id: int | None = None,
    cycle_id: int | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Every calibration table over the people the viewer may see, optionally one team or manager's.

    Leniency compares each rater with everyone the viewer may see at the same recorded
    level, even when the tables are narrowed to a team or a manager: compared only with
    themself, a manager would always look perfectly calibrated.

    Assessed levels and next-level shortfalls come from the batch engine over the facts
    store (everyone at once); only people, check-ins and level history are read as rows.
    A framework with a rule the batch engine does not cover is assessed person by person
    from the rows instead. With `cycle_id`, the tables
    cover that cycle's people and compare the ratings signed off for its quarter (their
    levels then come from the rows of that quarter, not the facts store).

    Without a cycle, and when the batch engine covers the framework, everything comes from
    the stores (`calibration_packed`: one row per person, no check-in parsed, numpy over
    everyone); otherwise from the rows, person by person (`_Tables`, which stays the
    reference the store path is tested against).

    `limit` cuts each per-person table (`PERSON_TABLES`) to its first rows, in the table's
    order; `totals` always gives each table's full length. None (the default) returns every
    row, as the CSV needs (`calibration_table_rows`).
    """
    people = calibration_people(viewer=viewer, team_id=team_id, manager_id=manager_id)
    quarter = None
    if cycle_id is not None:
        from ladders.cycles.selectors import cycle_for_viewer  # cycles build on leveling

        cycle = cycle_for_viewer(viewer, cycle_id)
        quarter = cycle.quarter
        people = people.filter(cycle_places__cycle=cycle)
    if limit is not None and limit < 0:
        raise ValueError("limit must be 0 or more")
    _, fw = active_framework(viewer.org)
    today = timezone.localdate()
    narrowed = team_id is not None or manager_id is not None
    if quarter is None and batch_covers(fw):
        visible = people_visible_to(viewer).exclude(pk=viewer.pk)
        packed = PackedTables(fw, viewer, visible, people, today, narrowed)
        rows, totals, kappa = packed.tables(limit)
        count = packed.count
    else:
        rows, count, kappa = _row_tables(fw, viewer, people, today, quarter, narrowed)
        totals = {name: len(table) for name, table in rows.items()}
        if limit is not None:
            rows = {name: table[:limit] if name in PERSON_TABLES else table for name, table in rows.items()}
    return {
        "framework": {"id": fw.id, "version": fw.version, "hash": fw.content_hash},
        "as_of": today.isoformat(),
        "team_id": team_id,
        "manager_id": manager_id,
        "cycle_id": cycle_id,
        "people": count,
        "kappa": kappa,
        "limit": limit,
        "totals": totals,
        "tables": rows,
    }


def calibration_table_rows(
    *,
    viewer: Person,
    table: str,
    team_id: int | None = None,
    manager_id: int | None = None,
    cycle_id: int | None = None,
) -> list[dict[str, Any]]:
    """Every row of one table (for its CSV), however many people it covers; KeyError if unknown."""
    found = calibration_tables(
        viewer=viewer, team_id=team_id, manager_id=manager_id, cycle_id=cycle_id, limit=None
    )["tables"]
    return found[table]


def _row_tables(
    fw: Framework,
    viewer: Person,
    people: QuerySet[Person],
    today: date,
    quarter: str | None,
    narrowed: bool,
) -> tuple[dict[str, list[dict[str, Any]]], int, float | None]:
    """The tables from the rows, one person at a time: the cycle's path and the fallback."""
    levels: _Levels = (
        _BatchLevels(fw, viewer, people, today)
        if quarter is None and batch_covers(fw)
        else _AssessedLevels(fw, today)
    )
    tables = _Tables(fw, today, levels)
    for record in records_of(
        people, signed_off=True, history=True, evidence=levels.reads_evidence, quarter=quarter
    ):
        tables.add(record)
    baseline = _visible_ratings(viewer, fw) if narrowed else tables.ratings
    return tables.rows(baseline), tables.count, tables.kappa()


def csv_table(rows: list[dict[str, Any]]) -> str:
    """One table as CSV: a header from the rows' keys, lists joined by '; ', None left empty.

    Text that a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a
    leading apostrophe, since names and titles are typed by people.
    """
    fields = list(dict.fromkeys(chain.from_iterable(rows)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in fields})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# -- what each person adds to the tables -------------------------------------------------------


def _rated_pairs(checkin: CheckIn | None, fw: Framework) -> list[tuple[str, int, int]]:
    """(skill, self, manager) for each skill both rated on the framework's scale (the core's rule)."""
    if checkin is None:
        return []
    low, high = fw.rating_scale.min, fw.rating_scale.max
    return rated_pairs(checkin.self_ratings or {}, checkin.manager_ratings or {}, fw.skill_by_id, low, high)


def _manager_mean(checkin: CheckIn, fw: Framework) -> float | None:
    low, high = fw.rating_scale.min, fw.rating_scale.max
    given = (checkin.manager_ratings or {}).items()
    values = [v for s, v in given if s in fw.skill_by_id and on_scale(v, low, high)]
    return statistics.fmean(values) if values else None


def _rater_of(checkin: CheckIn, person: Person) -> int | None:
    return checkin.signed_off_by_id or person.manager_id


def _visible_ratings(viewer: Person, fw: Framework) -> list[Rating]:
    """One rating per person the viewer may see: their rater's mean, at their recorded level."""
    people = people_visible_to(viewer).exclude(pk=viewer.pk).order_by()
    latest: dict[int, CheckIn] = {}
    checkins = (
        CheckIn.objects.filter(person__in=people.values("pk"), status=CheckInStatus.SIGNED_OFF)
        .select_related("person")
        .only("quarter", "manager_ratings", "signed_off_by", "person__level", "person__manager")
        .order_by("person_id", "quarter")
    )
    for checkin in checkins.iterator(chunk_size=2000):
        latest[checkin.person_id] = checkin
    out = []
    for checkin in latest.values():
        rater = _rater_of(checkin, checkin.person)
        mean = _manager_mean(checkin, fw)
        if rater is not None and mean is not None and checkin.person.level:
            out.append(Rating(str(rater), checkin.person.level, mean))
    return out


def _time_in_level(person: Person, history: list[tuple[date, str]]) -> tuple[str, date | None, str | None]:
    """The level, since when, and where that date came from (the record, else the history)."""
    level = person.level or (history[-1][1] if history else "")
    if person.level_since is not None and person.level:
        return level, person.level_since, "recorded"
    since = None
    for as_of, frozen in reversed(history):
        if frozen != level:
            break
        since = as_of
    return level, since, "history" if since else None


class _Levels(Protocol):
    """Each person's assessed level, the next level, and its failing checks by reason."""

    reads_evidence: bool

    def of(self, record: Record) -> tuple[str, str | None, dict[str, list[str]]]: ...


class _BatchLevels:
    """Everyone's level from the batch engine over the facts store, read once up front."""

    reads_evidence = False

    def __init__(self, fw: Framework, viewer: Person, people: QuerySet[Person], today: date):
        stored = org_facts(org=viewer.org, fw=fw, people=people)
        self.fw, self.today, self.facts = fw, today, stored.facts
        self.batch: BatchResult = assess_many(fw, stored.facts, as_of=today)
        self.row_of = {pk: row for row, pk in enumerate(stored.person_ids.tolist())}
        self.mixed = batch_mixed_reasons(fw, stored.facts, today)

    def of(self, record: Record) -> tuple[str, str | None, dict[str, list[str]]]:
        row = self.row_of[record.person.pk]
        reached = int(self.batch.levels[row])
        next_level = self.fw.levels[reached + 1].id if reached + 1 < len(self.fw.levels) else None
        lacking = batch_shortfalls(self.fw, self.batch, self.facts, row, self.today, self.mixed)
        return self.fw.levels[reached].id, next_level, lacking


class _AssessedLevels:
    """Each person assessed on their profile from the rows (a rule the batch cannot evaluate)."""

    reads_evidence = True

    def __init__(self, fw: Framework, today: date):
        self.fw, self.today = fw, today

    def of(self, record: Record) -> tuple[str, str | None, dict[str, list[str]]]:
        profile = profile_for(record, self.fw)
        result = assess(self.fw, profile, as_of=self.today)
        return result["level"], result["next_level"], next_level_shortfalls(self.fw, result, profile)


class _Tables:
    """Accumulates one person at a time, so only totals and the per-person rows are kept."""

    def __init__(self, fw: Framework, today: date, levels: _Levels):
        self.fw = fw
        self.today = today
        self.levels = levels
        self.count = 0
        self.recorded: Counter[str] = Counter()
        self.assessed: Counter[str] = Counter()
        self.skill_gaps: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.person_gaps: list[dict[str, Any]] = []
        self.pairs: Counter[tuple[int, int]] = Counter()
        self.pairs_by_rater: dict[int, Counter[tuple[int, int]]] = defaultdict(Counter)
        self.ratings: list[Rating] = []
        self.raters: set[int] = set()
        self.evidence_gaps: list[dict[str, Any]] = []
        self.by_check: dict[str, Counter[str]] = defaultdict(Counter)
        self.time_in_level: list[dict[str, Any]] = []
        self.disagreements: list[dict[str, Any]] = []

    def add(self, record: Record) -> None:
        fw, person = self.fw, record.person
        self.count += 1
        level, next_level, lacking = self.levels.of(record)
        recorded = person.level if person.level in fw.level_index else None
        who = {
            "person_id": person.pk,
            "person": person.name,
            "team": person.team.name if person.team else None,
            "manager": person.manager.name if person.manager else None,
        }
        self.assessed[level] += 1
        if recorded:
            self.recorded[recorded] += 1
            if recorded != level:
                above = fw.level_index[level] > fw.level_index[recorded]
                self.disagreements.append(
                    {
                        **who,
                        "recorded": recorded,
                        "assessed": level,
                        "direction": "evidence above" if above else "evidence below",
                    }
                )
        self._add_ratings(record, who)
        self._add_evidence_gaps(next_level, lacking, who)
        held, since, source = _time_in_level(person, record.history)
        if held:
            self.time_in_level.append(
                {
                    **who,
                    "level": held,
                    "since": since.isoformat() if since else None,
                    "days": (self.today - since).days if since else None,
                    "source": source,
                }
            )

    def _add_ratings(self, record: Record, who: dict[str, Any]) -> None:
        checkin = record.signed_off
        pairs = _rated_pairs(checkin, self.fw)
        if not pairs:
            return
        assert checkin is not None
        total = 0
        rater = _rater_of(checkin, record.person)
        by_rater = self.pairs_by_rater[rater] if rater is not None else None
        for skill, mine, given in pairs:
            gap = given - mine
            total += gap
            entry = self.skill_gaps[skill]
            entry[0] += gap
            entry[1] += 1
            self.pairs[(mine, given)] += 1
            if by_rater is not None:
                by_rater[(mine, given)] += 1
        self.person_gaps.append(
            {
                **who,
                "quarter": checkin.quarter,
                "skills": len(pairs),
                "mean_gap": round(total / len(pairs), 3),
            }
        )
        if rater is not None:
            self.raters.add(rater)
            mean = _manager_mean(checkin, self.fw)
            if mean is not None and record.person.level:
                self.ratings.append(Rating(str(rater), record.person.level, mean))

    def _add_evidence_gaps(
        self, next_level: str | None, lacking: dict[str, list[str]], who: dict[str, Any]
    ) -> None:
        """One row per person: the next level's failing checks, split by what they lack."""
        if not (lacking.get(INSUFFICIENT_EVIDENCE) or lacking.get(NOT_MEETING)):
            return
        for reason, checks in lacking.items():
            for check in checks:
                self.by_check[check][reason] += 1
        self.evidence_gaps.append(
            {
                **who,
                "next_level": next_level,
                "insufficient_evidence": lacking[INSUFFICIENT_EVIDENCE],
                "not_meeting": lacking[NOT_MEETING],
            }
        )

    def kappa(self) -> float | None:
        return _kappa(self.pairs, self.fw)

    def rows(self, baseline: list[Rating]) -> dict[str, list[dict[str, Any]]]:
        fw = self.fw
        raters = dict(Person.objects.filter(pk__in=self.raters).values_list("pk", "name"))
        lenient = [row for row in leniency(baseline) if int(row.manager) in self.raters]
        by_skill = [
            {
                "skill": skill.id,
                "name": skill.name,
                "pairs": self.skill_gaps[skill.id][1],
                "mean_gap": round(self.skill_gaps[skill.id][0] / self.skill_gaps[skill.id][1], 3),
            }
            for skill in fw.skills
            if self.skill_gaps.get(skill.id, (0, 0))[1]
        ]
        agreement: list[dict[str, Any]] = [
            {"manager_id": None, "manager": "All raters", "pairs": self.pairs.total(), "kappa": self.kappa()}
        ]
        agreement += sorted(
            (
                {
                    "manager_id": rater,
                    "manager": raters.get(rater, str(rater)),
                    "pairs": counts.total(),
                    "kappa": _kappa(counts, fw),
                }
                for rater, counts in self.pairs_by_rater.items()
            ),
            key=lambda row: row["manager"],
        )
        titles = {gate.id: (level.id, gate.title) for level in fw.levels for gate in level.gates}
        return {
            "level_distribution": [
                {
                    "level": level.id,
                    "name": level.name,
                    "recorded": self.recorded[level.id],
                    "assessed": self.assessed[level.id],
                }
                for level in fw.levels
            ],
            "rating_gaps_by_skill": by_skill,
            "rating_gaps_by_person": sorted(
                self.person_gaps, key=lambda row: (-abs(row["mean_gap"]), row["person"], row["person_id"])
            ),
            "leniency": leniency_rows(lenient, raters),
            "agreement": agreement,
            "evidence_gaps": sorted(self.evidence_gaps, key=lambda row: (row["person"], row["person_id"])),
            "evidence_gaps_by_check": [
                {
                    "level": titles[check][0],
                    "check": check,
                    "title": titles[check][1],
                    "insufficient_evidence": counts[INSUFFICIENT_EVIDENCE],
                    "not_meeting": counts[NOT_MEETING],
                }
                for check, counts in sorted(
                    self.by_check.items(), key=lambda item: list(titles).index(item[0])
                )
            ],
            "time_in_level": sorted(
                self.time_in_level,
                key=lambda row: (row["days"] is None, -(row["days"] or 0), row["person"], row["person_id"]),
            ),
            "disagreements": sorted(self.disagreements, key=lambda row: (row["person"], row["person_id"])),
        }


class _Pairs(Sequence[tuple[int, int]]):
    """Rating pairs counted, not listed: a whole org has millions, and kappa only iterates them."""

    def __init__(self, counts: Counter[tuple[int, int]]):
        self.counts = counts

    def __len__(self) -> int:
        return self.counts.total()

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return chain.from_iterable(repeat(pair, n) for pair, n in self.counts.items())

    def __getitem__(self, index):  # a Sequence must index; kappa never does
        return list(self)[index]


def _kappa(counts: Counter[tuple[int, int]], fw: Framework) -> float | None:
    value = weighted_kappa(_Pairs(counts), fw.rating_scale.min, fw.rating_scale.max)
    return round(value, 4) if value is not None else None


__all__ = [
    "PERSON_TABLES",
    "calibration_people",
    "calibration_table_rows",
    "calibration_tables",
    "csv_table",
]
