"""The calibration tables over a whole organisation from the stores, with numpy, not row by row.

Reads one row per person (their own fields and their calibration record,
`ladders.leveling.calibration_store`) and the facts store (their assessed level, from the
batch engine), and computes every table as `calibration._Tables` does from the rows, with
the same numbers, the same order and the same rounding: sums are of small integers, means
divide them once, rounding is Python's, statistics on raters are the core's.

Per-person tables can hold everyone; only the first `limit` rows of each (in the table's
order) are built as dicts, and each table's full length is counted, so a page over 100,000
people builds a few hundred rows. Names, teams and managers are read only for those rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np
from django.db.models import QuerySet

from ladders.accounts.models import Person, Team
from ladders.core.batch import assess_many
from ladders.core.calibration import kappa_of_counts
from ladders.core.calibration_arrays import (
    gaps_by_person,
    gaps_by_skill,
    leniency_of_arrays,
    manager_means,
    pair_counts,
    rounded_ratios,
    unpack_ratings,
)
from ladders.core.facts_arrays import decode_many
from ladders.core.framework import Framework
from ladders.leveling.calibration_store import calibration_rows
from ladders.leveling.facts import framework_tables
from ladders.leveling.shortfalls import (
    INSUFFICIENT_EVIDENCE,
    NOT_MEETING,
    batch_mixed_reasons,
    batch_shortfalls,
    gate_reasons,
)

PERSON_TABLES = ("rating_gaps_by_person", "evidence_gaps", "time_in_level", "disagreements")
"""The tables with a row per person: the ones a page shows only the first rows of."""

_NO_DATE = -1
Tables = dict[str, list[dict[str, Any]]]


def _ordinals(values: list[date | None]) -> np.ndarray:
    return np.array([d.toordinal() if d is not None else _NO_DATE for d in values], dtype=np.int64)


def _ids(values: list[int | None]) -> np.ndarray:
    """Ids as an array, -1 for none (through float: None becomes NaN in C, and ids fit 53 bits)."""
    found = np.array(values, dtype=np.float64)
    return np.where(np.isnan(found), -1, found).astype(np.int64)


def _checks(checks: tuple[str, ...], lacking: np.ndarray) -> list[str]:
    return [check for check, on in zip(checks, lacking.tolist(), strict=True) if on]


def _kappa(counts: np.ndarray) -> float | None:
    value = kappa_of_counts(counts.tolist())
    return round(value, 4) if value is not None else None


class PackedTables:
    """Every calibration table of `people` (a narrowing of `visible`), built from the stores."""

    def __init__(
        self,
        fw: Framework,
        viewer: Person,
        visible: QuerySet[Person],
        people: QuerySet[Person],
        today: date,
        narrowed: bool,
    ):
        self.fw, self.today = fw, today
        rows = calibration_rows(org=viewer.org, fw=fw, people=visible if narrowed else people)
        pks, names, levels, level_since = rows["pk"], rows["name"], rows["level"], rows["level_since"]
        managers, teams, quarters, signers = (
            rows["manager_id"],
            rows["team_id"],
            rows["quarter"],
            rows["signed_off_by_id"],
        )
        hist_level, hist_since, blobs = rows["history_level"], rows["history_since"], rows["ratings"]
        all_pks = np.array(pks, dtype=np.int64)
        if narrowed:
            chosen = np.array(list(people.order_by().values_list("pk", flat=True)), dtype=np.int64)
            mask = np.isin(all_pks, chosen)
        else:
            mask = np.ones(all_pks.size, dtype=bool)
        ratings = unpack_ratings(b"".join(blobs), all_pks.size, len(fw.skills))
        signed = _ids(signers)
        rater = np.where(signed >= 0, signed, _ids(managers))
        means = manager_means(ratings)
        level_of = np.array(levels, dtype=object)
        has_level = level_of != ""
        gap_total, pair_n = gaps_by_person(ratings)
        if narrowed:  # everyone visible with a rater, a mean and a level (`_visible_ratings`)
            rated = (rater >= 0) & ~np.isnan(means) & has_level
        else:  # the same, of those with rating pairs (what the tables collect)
            rated = (rater >= 0) & ~np.isnan(means) & has_level & (pair_n > 0)
        # Leniency's ratings: (rater, recorded level, rater's mean) of each of those people.
        self.baseline = (rater[rated], level_of[rated].tolist(), means[rated])

        if narrowed:
            index = np.flatnonzero(mask)
            take = index.tolist()
            names, levels, teams, managers, quarters, hist_level = (
                [column[i] for i in take] for column in (names, levels, teams, managers, quarters, hist_level)
            )
            facts_records = [rows["facts"][i] for i in take]
            ratings = type(ratings)(own=ratings.own[index], given=ratings.given[index])
            rater, gap_total, pair_n = rater[index], gap_total[index], pair_n[index]
            level_since, hist_since, level_of = level_since[index], hist_since[index], level_of[index]
        else:  # everyone: no copies
            index, facts_records = np.arange(all_pks.size), rows["facts"]
        self.count = index.size
        self.pks = all_pks[index]
        self.names, self.levels, self.teams, self.managers, self.quarters = (
            names,
            levels,
            teams,
            managers,
            quarters,
        )
        self.facts_records = facts_records
        self.rating, self.rater, self.gap_total, self.pair_n = ratings, rater, gap_total, pair_n
        order = sorted(range(self.count), key=self.names.__getitem__)  # stable: pk breaks ties
        self.name_rank = np.empty(self.count, dtype=np.int64)
        self.name_rank[order] = np.arange(self.count)
        self._levels()
        self._time_in_level(level_of, level_since, np.array(hist_level, dtype=object), hist_since)

    # -- levels and shortfalls (the batch engine over the facts store) ---------------------------

    def _levels(self) -> None:
        fw = self.fw
        facts = decode_many(self.facts_records, framework_tables(fw))
        batch = assess_many(fw, facts, as_of=self.today)
        self.assessed = batch.levels.astype(np.int64)
        index = fw.level_index
        self.recorded = np.array([index.get(level, -1) for level in self.levels], dtype=np.int64)
        gate_level = {gate.id: n for n, level in enumerate(fw.levels) for gate in level.gates}
        reasons = gate_reasons(fw)
        mixed, unsure = batch_mixed_reasons(fw, facts, self.today)
        people_n = self.count
        checks = batch.check_ids
        self.check_ids = checks
        lacking = {
            INSUFFICIENT_EVIDENCE: np.zeros((people_n, len(checks)), dtype=bool),
            NOT_MEETING: np.zeros((people_n, len(checks)), dtype=bool),
        }
        for column, check in enumerate(checks):
            failing = (self.assessed + 1 == gate_level[check]) & ~batch.passed[:, column]
            found = reasons[check]
            for reason, who in lacking.items():
                if callable(found):
                    who[:, column] = failing & mixed[check][reason]
                elif reason in found:
                    who[:, column] = failing
        # Whom only `assess` answers for: told apart one by one, as `batch_shortfalls` does.
        for person in np.flatnonzero(unsure).tolist():
            one = batch_shortfalls(fw, batch, facts, person, self.today, (mixed, unsure))
            for reason, who in lacking.items():
                who[person, :] = [check in one.get(reason, ()) for check in checks]
        self.lacking = lacking

    # -- time in level ------------------------------------------------------------------------------

    def _time_in_level(
        self, level_of: np.ndarray, level_since: np.ndarray, hist_level: np.ndarray, hist_since: np.ndarray
    ) -> None:
        """Each person's level held, since when and from where, as `calibration._time_in_level`."""
        own = level_of != ""
        held = np.where(own, level_of, hist_level)
        recorded = own & ~np.isnat(level_since)
        from_history = ~recorded & (hist_level != "") & (hist_level == held) & ~np.isnat(hist_since)
        since = np.where(recorded, level_since, np.where(from_history, hist_since, np.datetime64("NaT")))
        self.held = held
        self.source = np.where(recorded, "recorded", np.where(from_history, "history", ""))
        self.unknown = np.isnat(since)  # days may be negative (a date ahead), so no sentinel
        self.since = since
        today = np.datetime64(self.today, "D")
        self.days = np.where(self.unknown, 0, (today - since).astype(np.int64))

    # -- the tables ---------------------------------------------------------------------------------

    def _who(self, rows: list[int]) -> list[dict[str, Any]]:
        """The person columns of the rows shown: names of teams and managers read for these only."""
        team_ids = {self.teams[i] for i in rows if self.teams[i] is not None}
        manager_ids = {self.managers[i] for i in rows if self.managers[i] is not None}
        team_names = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name"))
        manager_names = dict(Person.objects.filter(pk__in=manager_ids).values_list("pk", "name"))
        return [
            {
                "person_id": int(self.pks[i]),
                "person": self.names[i],
                "team": team_names.get(self.teams[i]) if self.teams[i] is not None else None,
                "manager": manager_names.get(self.managers[i]) if self.managers[i] is not None else None,
            }
            for i in rows
        ]

    def _first(self, keys: list[np.ndarray], chosen: np.ndarray, limit: int | None) -> list[int]:
        """The chosen people in the order of `keys` (last key first, as `np.lexsort`), the first `limit`."""
        index = np.flatnonzero(chosen)
        order = index[np.lexsort([key[index] for key in keys])]
        return (order if limit is None else order[:limit]).tolist()

    def tables(
        self, limit: int | None
    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int], float | None]:
        """Every table (the per-person ones cut to `limit` rows), each table's length, and kappa."""
        fw = self.fw
        low, high = fw.rating_scale.min, fw.rating_scale.max
        out: dict[str, list[dict[str, Any]]] = {}
        totals: dict[str, int] = {}

        assessed = np.bincount(self.assessed, minlength=len(fw.levels))
        recorded = np.bincount(self.recorded[self.recorded >= 0], minlength=len(fw.levels))
        out["level_distribution"] = [
            {
                "level": level.id,
                "name": level.name,
                "recorded": int(recorded[n]),
                "assessed": int(assessed[n]),
            }
            for n, level in enumerate(fw.levels)
        ]

        total, pairs = gaps_by_skill(self.rating)
        out["rating_gaps_by_skill"] = [
            {
                "skill": skill.id,
                "name": skill.name,
                "pairs": int(pairs[n]),
                "mean_gap": round(int(total[n]) / int(pairs[n]), 3),
            }
            for n, skill in enumerate(fw.skills)
            if pairs[n]
        ]

        has_pairs = self.pair_n > 0
        mean_gap = np.zeros(self.count)
        if has_pairs.any():
            mean_gap[has_pairs] = rounded_ratios(self.gap_total[has_pairs], self.pair_n[has_pairs], 3)
        shown = self._first([self.name_rank, -np.abs(mean_gap)], has_pairs, limit)
        out["rating_gaps_by_person"] = [
            {
                **who,
                "quarter": self.quarters[i],
                "skills": int(self.pair_n[i]),
                "mean_gap": float(mean_gap[i]),
            }
            for who, i in zip(self._who(shown), shown, strict=True)
        ]
        totals["rating_gaps_by_person"] = int(has_pairs.sum())

        # Raters: whoever signed off (else the manager) of each person with rating pairs.
        with_rater = has_pairs & (self.rater >= 0)
        rater_ids, rater_of = np.unique(self.rater[with_rater], return_inverse=True)
        group = np.full(self.count, len(rater_ids), dtype=np.intp)  # the last group: no rater
        group[with_rater] = rater_of.reshape(-1)
        counted = pair_counts(self.rating, low, high, group, len(rater_ids) + 1)
        by_rater, overall = counted[:-1], counted.sum(axis=0)
        kappa = _kappa(overall)
        raters = set(rater_ids.tolist())
        rater_names = dict(Person.objects.filter(pk__in=raters).values_list("pk", "name"))
        agreement: list[dict[str, Any]] = [
            {"manager_id": None, "manager": "All raters", "pairs": int(overall.sum()), "kappa": kappa}
        ]
        agreement += sorted(
            (
                {
                    "manager_id": rater,
                    "manager": rater_names.get(rater, str(rater)),
                    "pairs": int(by_rater[n].sum()),
                    "kappa": _kappa(by_rater[n]),
                }
                for n, rater in enumerate(rater_ids.tolist())
            ),
            key=lambda row: row["manager"],
        )
        lenient = [row for row in leniency_of_arrays(*self.baseline) if int(row.manager) in raters]
        out["leniency"] = leniency_rows(lenient, rater_names)
        out["agreement"] = agreement

        short = self.lacking[INSUFFICIENT_EVIDENCE] | self.lacking[NOT_MEETING]
        gap = np.asarray(short.any(axis=1), dtype=bool)
        shown = self._first([self.name_rank], gap, limit)
        checks = self.check_ids
        out["evidence_gaps"] = [
            {
                **who,
                "next_level": fw.levels[int(self.assessed[i]) + 1].id,
                "insufficient_evidence": _checks(checks, self.lacking[INSUFFICIENT_EVIDENCE][i]),
                "not_meeting": _checks(checks, self.lacking[NOT_MEETING][i]),
            }
            for who, i in zip(self._who(shown), shown, strict=True)
        ]
        totals["evidence_gaps"] = int(gap.sum())
        titles = {gate.id: (level.id, gate.title) for level in fw.levels for gate in level.gates}
        insufficient = self.lacking[INSUFFICIENT_EVIDENCE][gap].sum(axis=0)
        not_meeting = self.lacking[NOT_MEETING][gap].sum(axis=0)
        column = {check: n for n, check in enumerate(checks)}
        out["evidence_gaps_by_check"] = [
            {
                "level": titles[check][0],
                "check": check,
                "title": titles[check][1],
                "insufficient_evidence": int(insufficient[column[check]]),
                "not_meeting": int(not_meeting[column[check]]),
            }
            for check in titles
            if insufficient[column[check]] or not_meeting[column[check]]
        ]

        held = np.asarray(self.held != "", dtype=bool)
        unknown = self.unknown
        shown = self._first([self.name_rank, np.where(unknown, 0, -self.days), unknown], held, limit)
        out["time_in_level"] = [
            {
                **who,
                "level": self.held[i],
                "since": None if unknown[i] else str(self.since[i]),
                "days": None if unknown[i] else int(self.days[i]),
                "source": str(self.source[i]) or None,
            }
            for who, i in zip(self._who(shown), shown, strict=True)
        ]
        totals["time_in_level"] = int(held.sum())

        disagree = (self.recorded >= 0) & (self.recorded != self.assessed)
        shown = self._first([self.name_rank], disagree, limit)
        out["disagreements"] = [
            {
                **who,
                "recorded": self.levels[i],
                "assessed": fw.levels[int(self.assessed[i])].id,
                "direction": "evidence above" if self.assessed[i] > self.recorded[i] else "evidence below",
            }
            for who, i in zip(self._who(shown), shown, strict=True)
        ]
        totals["disagreements"] = int(disagree.sum())
        for name, rows in out.items():
            totals.setdefault(name, len(rows))
        return {name: out[name] for name in TABLE_ORDER}, totals, kappa


def leniency_rows(lenient: Iterable[Any], names: dict[int, str]) -> list[dict[str, Any]]:
    """The leniency table's rows, most lenient first, whichever path computed the figures."""
    return [
        {
            "manager_id": int(row.manager),
            "manager": names.get(int(row.manager), row.manager),
            "people": row.ratings,
            "mean_difference": round(row.mean_difference, 3),
            "low": round(row.low, 3) if row.ratings > 1 else None,
            "high": round(row.high, 3) if row.ratings > 1 else None,
            "significant": row.significant,
        }
        for row in sorted(lenient, key=lambda r: -r.mean_difference)
    ]


TABLE_ORDER = (
    "level_distribution",
    "rating_gaps_by_skill",
    "rating_gaps_by_person",
    "leniency",
    "agreement",
    "evidence_gaps",
    "evidence_gaps_by_check",
    "time_in_level",
    "disagreements",
)
