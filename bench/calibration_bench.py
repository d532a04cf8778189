"""The framework what-if and the calibration tables over a large synthetic org, from the database.

Both read the facts store (one packed record per person) and evaluate the framework with the
batch engine; calibration also reads each person's calibration record (their latest
signed-off ratings and the end of their level history) and is timed as its page asks for it (every
table, the per-person ones cut to their first `PAGE_SIZE` rows, with totals). The floor is
measured in the same run and the same process: reading the org's facts records from the
database and joining their bytes, which is what both start with. Each stage runs in a fresh
process (so one stage's heap cannot slow the next); inside it the stage and its floor
alternate, a few times, so that load drift on a shared machine moves both. The first run of
a stage in its process is reported as cold (frameworks parsed and compiled, nothing cached
in the process), the median of the others as warm. Peak memory comes from a separate pass
under tracemalloc, which slows Python down. Rewriting the whole store (what activating a
framework costs) is timed once. The old path (every person's rows read through the ORM and
assessed one by one) is kept as a reference row, on a slice of the org so its time stays
bounded, and says so.

The org (built once per size, then reused): an admin, one manager per 100 people, everyone
else an engineer. Each person gets a sample profile for a level (30/35/22/10/3%) with about
10 evidence items, and two quarters of check-ins: the earlier signed off, the latest signed
off (70%), submitted (20%) or a draft (10%). Self ratings drift from the truth (some people
rate themselves up, some down) and each manager has a bias of -1, 0 or +1 on a third of the
skills, so leniency, gaps and kappa have something to find. Snapshots are genuine
assessments at each quarter's end (by the batch engine, which the differential tests hold
to `assess`); to keep the database small they store the level and framework, not the whole
result. 5% of people have a recorded level one step off the snapshot (disagreements), and
half have no `level_since` (time in level then comes from the snapshot history). Profiles
are drawn from a pool of sample profiles per level, and rows go in by bulk inserts (facts and
calibration records packed from the rows in memory), so a 100,000-person org builds in minutes.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bench.synthetic_org import bulk_insert, create_people, quarters

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 1)
LEVEL_WEIGHTS = [30, 35, 22, 10, 3]
EVIDENCE_PER_PERSON = 10
HISTORY_QUARTERS = 2
BATCH = 5000
POOL = 64
"""Distinct sample profiles per level; people are dealt from the pool."""
REPEATS = 3
"""Runs of each stage (and of its floor) per process: the first is cold, the rest warm."""
REFERENCE_PEOPLE = 2000
"""People the old person-by-person path reads, for the reference row."""
REBUILD_PEOPLE = 10_000
"""People whose facts records the rewrite stage rewrites (from their rows)."""


def _noisy(ratings: dict[str, int], rng: random.Random, shift: int, share: float, low: int, high: int):
    out = dict(ratings)
    for skill in ratings:
        if shift and rng.random() < share:
            out[skill] = min(high, max(low, ratings[skill] + shift))
    return out


def _pool(fw) -> dict[str, list[dict[str, Any]]]:
    """POOL sample profiles per level, each with EVIDENCE_PER_PERSON items or more."""
    from ladders.core.samples import sample_profile

    pool: dict[str, list[dict[str, Any]]] = {}
    for level in fw.levels:
        samples = []
        for n in range(POOL):
            sample = sample_profile(fw, level.id, name=f"Pool {n}", seed=n, as_of=TODAY)
            extra = max(0, EVIDENCE_PER_PERSON - len(sample["evidence"]))
            if extra:  # the same seed gives the same gate evidence first, then the extra items
                sample = sample_profile(
                    fw, level.id, name=f"Pool {n}", seed=n, as_of=TODAY, extra_evidence=extra
                )
            samples.append(sample)
        pool[level.id] = samples
    return pool


def _evidence_rows(sample: dict[str, Any]) -> list[tuple[str, date, str, str, str, list[str]]]:
    return [
        (
            item["kind"],
            date.fromisoformat(item["date"]),
            item["scope"],
            item.get("users", ""),
            item.get("outcome", ""),
            item.get("skills", []),
        )
        for item in sample["evidence"]
    ]


def _snapshot_levels(fw, checkins: list, evidence: dict[int, list]) -> dict[int, str]:
    """Each signed-off check-in's level at its quarter's end, by the batch engine (check-in index)."""
    from ladders.core.batch import assess_many
    from ladders.core.facts_arrays import decode_many
    from ladders.core.facts_record import encode
    from ladders.leveling.facts import framework_tables, person_facts
    from ladders.leveling.profiles import effective_ratings, quarter_end

    tables = framework_tables(fw)
    by_quarter: dict[str, list[int]] = {}
    for index, checkin in enumerate(checkins):
        if checkin.status == "signed_off":
            by_quarter.setdefault(checkin.quarter, []).append(index)
    levels: dict[int, str] = {}
    for quarter, indices in by_quarter.items():
        records = [
            encode(person_facts(fw, effective_ratings(checkins[i]), evidence[checkins[i].person_id]), tables)
            for i in indices
        ]
        result = assess_many(fw, decode_many(records, tables), as_of=quarter_end(quarter))
        for row, index in enumerate(indices):
            levels[index] = result.level_id(row)
    return levels


def _facts_records(fw, org, checkins: list, evidence: dict[int, list]) -> list:
    """Each person's facts record from the rows just built, as `facts.facts_write` packs it.

    Packed here from the same functions rather than read back, which would double the build;
    the differential tests hold a store built this way to the one `facts_write` builds.
    """
    from ladders.core.facts_record import encode
    from ladders.leveling.facts import framework_tables, person_facts
    from ladders.leveling.models import FactsRecord
    from ladders.leveling.profiles import effective_ratings

    tables = framework_tables(fw)
    latest: dict[int, Any] = {}
    for checkin in checkins:  # a person's check-ins are in quarter order
        if checkin.status != "draft":
            latest[checkin.person_id] = checkin
    out = []
    for pk, items in evidence.items():
        checkin = latest.get(pk)
        facts = person_facts(fw, effective_ratings(checkin), items)
        out.append(
            FactsRecord(
                person_id=pk,
                org_id=org.pk,
                framework_hash=fw.content_hash,
                checkin_quarter=checkin.quarter if checkin else "",
                latest_evidence=max((item.date for item in facts.evidence), default=None),
                record=encode(facts, tables),
            )
        )
    return out


def _calibration_records(fw, org, people: list, checkins: list, snapshots: list) -> list:
    """Each person's calibration record from the rows just built, as `calibration_write` packs it.

    Packed from the same functions rather than read back; the differential tests hold a store
    built this way to the one `calibration_write` builds.
    """
    from ladders.leveling.calibration_store import Entry, history_end, record_of

    signed: dict[int, Any] = {}
    for checkin in checkins:  # a person's check-ins are in quarter order
        if checkin.status == "signed_off":
            signed[checkin.person_id] = checkin
    history: dict[int, list[tuple[date, str]]] = {}
    for snapshot in sorted(snapshots, key=lambda s: (s.person_id, s.as_of, s.pk)):
        history.setdefault(snapshot.person_id, []).append((snapshot.as_of, snapshot.level))
    out = []
    for person in people:
        checkin = signed.get(person.pk)
        level, since = history_end(history.get(person.pk, []))
        entry = Entry(
            quarter=checkin.quarter if checkin else "",
            signed_off_by=checkin.signed_off_by_id if checkin else None,
            self_ratings=checkin.self_ratings if checkin else {},
            manager_ratings=checkin.manager_ratings if checkin else {},
            history_level=level,
            history_since=since,
        )
        out.append(record_of(org.pk, person.pk, entry, fw))
    return out


def _ensure_calibration_records(org, log=print) -> None:
    """An org built before the calibration records existed gets them once (then it is cached)."""
    from ladders.accounts.models import Person
    from ladders.leveling.calibration_store import calibration_write
    from ladders.leveling.models import CalibrationRecord

    people = Person.objects.filter(org=org).count()
    if CalibrationRecord.objects.filter(org=org).count() < people:
        started = time.perf_counter()
        calibration_write(org=org)
        log(f"  calibration records written for {people:,} people ({time.perf_counter() - started:.0f}s)")


def _set_levels(people: list) -> None:
    """Write each person's level and level_since with one prepared UPDATE (not bulk_update's CASE)."""
    from django.db import connection

    from ladders.accounts.models import Person

    table = connection.ops.quote_name(Person._meta.db_table)
    level = Person._meta.get_field("level")
    since = Person._meta.get_field("level_since")
    rows = [
        [
            level.get_db_prep_save(p.level, connection),
            since.get_db_prep_save(p.level_since, connection),
            p.pk,
        ]
        for p in people
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET level = %s, level_since = %s WHERE id = %s", rows)


def build_calibration_org(people: int, *, seed: int = 7, log=print) -> dict[str, Any]:
    """Create the org unless it exists; returns the admin and the org."""
    from django.db import transaction

    from ladders.accounts.models import Organisation, Person, Role
    from ladders.leveling.models import AssessmentSnapshot, CalibrationRecord, CheckIn, FactsRecord
    from ladders.leveling.profiles import quarter_end
    from ladders.leveling.samples import sample_evidence

    name = f"Calibration bench org {people}"
    org = Organisation.objects.filter(name=name).first()
    if org is not None:
        _ensure_calibration_records(org, log)
        return {"org": org, "admin": Person.objects.get(org=org, role=Role.ADMIN)}
    started = time.perf_counter()
    rng = random.Random(seed)
    staff = create_people(name, people, admin_name="Calibration Admin", log=log)
    org, version, fw, admin = staff.org, staff.version, staff.fw, staff.admin
    low, high = fw.rating_scale.min, fw.rating_scale.max
    history = quarters(HISTORY_QUARTERS, TODAY)
    bias = {boss.pk: rng.choice([-1, 0, 0, 1]) for boss in staff.managers}
    bias[admin.pk] = 0
    level_ids = [lv.id for lv in fw.levels]
    weights = LEVEL_WEIGHTS[: len(level_ids)]
    pool = _pool(fw)
    pool_rows = {level: [_evidence_rows(sample) for sample in samples] for level, samples in pool.items()}
    everyone = staff.everyone
    for start in range(0, len(everyone), BATCH):
        chunk = everyone[start : start + BATCH]
        evidence_rows, checkins, evidence = [], [], {}
        for person in chunk:
            level = rng.choices(level_ids, weights=weights)[0]
            pick = rng.randrange(POOL)
            sample = pool[level][pick]
            evidence_rows.extend(sample_evidence(person, sample))
            evidence[person.pk] = pool_rows[level][pick]
            truth = sample["skills"]
            own = _noisy(truth, rng, rng.choice([-1, 0, 1, 1]), 0.3, low, high)
            rater = person.manager_id or admin.pk
            given = _noisy(truth, rng, bias.get(rater, 0), 0.33, low, high)
            last = rng.random()
            for n, quarter in enumerate(history):
                status = "signed_off"
                if n == len(history) - 1 and last >= 0.7:
                    status = "submitted" if last < 0.9 else "draft"
                signed = status == "signed_off"
                checkins.append(
                    CheckIn(
                        person=person,
                        quarter=quarter,
                        status=status,
                        self_ratings=own,
                        manager_ratings=given if signed else {},
                        signed_off_by_id=rater if signed else None,
                    )
                )
        with transaction.atomic():
            bulk_insert(evidence_rows)
            bulk_insert(checkins)
            found = _snapshot_levels(fw, checkins, evidence)
            snapshots = [
                AssessmentSnapshot(
                    person_id=checkins[i].person_id,
                    checkin=checkins[i],
                    framework=version,
                    framework_hash=fw.content_hash,
                    as_of=quarter_end(checkins[i].quarter),
                    level=level,
                    result={"level": level, "framework": {"hash": fw.content_hash}},
                )
                for i, level in sorted(found.items())
            ]
            bulk_insert(snapshots)
            # A person made through the ORM (the admin) got a record when it was created.
            FactsRecord.objects.filter(person_id__in=[p.pk for p in chunk]).delete()
            bulk_insert(_facts_records(fw, org, checkins, evidence))
            CalibrationRecord.objects.filter(person_id__in=[p.pk for p in chunk]).delete()
            bulk_insert(_calibration_records(fw, org, chunk, checkins, snapshots))
            levels: dict[int, list[tuple[date, str]]] = {}
            for snapshot in snapshots:
                levels.setdefault(snapshot.person_id, []).append((snapshot.as_of, snapshot.level))
            for person in chunk:
                runs = levels.get(person.pk)
                if not runs:
                    continue
                level = runs[-1][1]
                if rng.random() < 0.05:
                    index = fw.level_index[level] + rng.choice([-1, 1])
                    level = level_ids[min(len(level_ids) - 1, max(0, index))]
                person.level = level
                if rng.random() < 0.5:
                    person.level_since = runs[0][0] - timedelta(days=rng.randrange(0, 900))
            _set_levels(chunk)
        done = min(start + BATCH, len(everyone))
        if done % 20_000 < BATCH or done == len(everyone):
            log(f"  {done:,}/{len(everyone):,} people with history ({time.perf_counter() - started:.0f}s)")
    log(f"  facts store written with the history ({time.perf_counter() - started:.0f}s in all)")
    return {"org": org, "admin": admin}


def changed_framework_text(yaml_text: str) -> str:
    """The framework with its first evidence gate asking for two items more (mid.shipped 2 -> 4)."""
    data = yaml.safe_load(yaml_text)
    for level in data["levels"]:
        for gate in level.get("gates", []):
            rule = gate["rule"].get("evidence")
            if rule is not None:
                rule["min"] = rule.get("min", 1) + 2
                data["version"] = f"{data['version']}-bench"
                return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    raise ValueError("the framework has no evidence gate to tighten")


FLOOR = "read the facts records (floor)"
WHAT_IF = "what-if of a changed gate (whole org)"
CALIBRATION = "calibration tables (admin, whole org)"
STAGES: dict[str, str] = {"what_if": WHAT_IF, "calibration": CALIBRATION}
"""The stages timed against the floor, by key."""


def _setup(people: int, version_pk: int) -> dict[str, Any]:
    from ladders.accounts.models import Organisation, Person, Role
    from ladders.leveling.models import FrameworkVersion

    org = Organisation.objects.get(name=f"Calibration bench org {people}")
    return {
        "org": org,
        "admin": Person.objects.get(org=org, role=Role.ADMIN),
        "version": FrameworkVersion.objects.get(pk=version_pk, org=org),
    }


def _work(key: str, setup: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    """The work of one stage; nothing is parsed or compiled beforehand (the first run is cold)."""
    from ladders.accounts.models import Person
    from ladders.core.framework_diff import what_if as person_by_person
    from ladders.core.limits import PAGE_SIZE
    from ladders.leveling.bulk import profile_for, records_of
    from ladders.leveling.calibration import calibration_tables
    from ladders.leveling.facts import facts_write
    from ladders.leveling.framework_review import version_what_if
    from ladders.leveling.frameworks import active_framework, framework_of
    from ladders.leveling.models import FactsRecord

    org, admin, version = setup["org"], setup["admin"], setup["version"]

    def floor() -> dict[str, Any]:
        rows = FactsRecord.objects.filter(org_id=org.pk).values_list("person_id", "record")
        joined = b"".join(bytes(record) for _, record in rows)
        return {"facts MB": round(len(joined) / 1e6, 1)}

    def what_if() -> dict[str, Any]:
        return {"would move": len(version_what_if(actor=admin, version=version))}

    def calibration() -> dict[str, Any]:
        """What the calibration page asks for: every table, the per-person ones cut to a page."""
        tables = calibration_tables(viewer=admin, limit=PAGE_SIZE)
        return {
            "people": tables["people"],
            "kappa": tables["kappa"],
            "disagreements": tables["totals"]["disagreements"],
        }

    def reference() -> dict[str, Any]:
        """The old what-if: the first REFERENCE_PEOPLE people's rows through the ORM, assessed one by one."""
        _, old = active_framework(org)
        new = framework_of(version)
        first = list(
            Person.objects.filter(org_id=org.pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:REFERENCE_PEOPLE]
        )
        records = records_of(Person.objects.filter(pk__in=first))
        moved = person_by_person(old, new, ((r.person.pk, profile_for(r, old)) for r in records))
        return {"reference people": len(first), "reference moved": len(moved)}

    def rebuild() -> dict[str, Any]:
        first = Person.objects.filter(org_id=org.pk).order_by("pk").values_list("pk", flat=True)
        return {"records rewritten": facts_write(org=org, person_ids=list(first[:REBUILD_PEOPLE]))}

    return {
        "floor": floor,
        "what_if": what_if,
        "calibration": calibration,
        "reference": reference,
        "rebuild": rebuild,
    }[key]


def _seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _peak_mib(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _stage_in_process(key: str, people: int, version_pk: int, mode: str) -> dict[str, Any]:
    """One stage in this (fresh) process: interleaved with its floor, once, or under tracemalloc."""
    setup = _setup(people, version_pk)
    work = _work(key, setup)
    if mode == "memory":
        return {"peak_mib": _peak_mib(work), "facts": {}}
    if mode == "once":
        seconds, facts = _seconds(work)
        return {"seconds": [seconds], "floor": [], "facts": facts}
    floor = _work("floor", setup)
    times, floors, facts = [], [], {}
    for _ in range(REPEATS):
        seconds, facts = _seconds(work)
        times.append(seconds)
        seconds, found = _seconds(floor)
        floors.append(seconds)
        facts.update(found)
    return {"seconds": times, "floor": floors, "facts": facts}


def _in_fresh_process(key: str, people: int, version_pk: int, mode: str) -> dict[str, Any]:
    """Run one stage in a child process that inherits this one's data directory and settings."""
    command = [sys.executable, "-m", "bench.calibration_bench", key, str(people), str(version_pk), mode]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_calibration(people: int, *, log=print) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Build (or reuse) the org, then time and measure each stage; rows for the printed table."""
    from ladders.leveling.frameworks import active_version
    from ladders.leveling.services import framework_upload

    log(f"Building (or reusing) a {people:,}-person calibration org")
    started = time.perf_counter()
    admin = build_calibration_org(people, log=log)["admin"]
    facts: dict[str, Any] = {"build seconds": time.perf_counter() - started}
    version = framework_upload(
        actor=admin, text=changed_framework_text(active_version(admin.org).yaml_text), activate=False
    )
    rows: list[dict[str, Any]] = []
    rebuild = _in_fresh_process("rebuild", people, version.pk, "once")
    facts.update(rebuild["facts"])
    floors: list[float] = []
    for key, label in STAGES.items():
        timed = _in_fresh_process(key, people, version.pk, "interleaved")
        peak = _in_fresh_process(key, people, version.pk, "memory")["peak_mib"]
        facts.update(timed["facts"])
        floor = statistics.median(timed["floor"])
        floors += timed["floor"]
        warm = statistics.median(timed["seconds"][1:])
        rows.append(
            {
                "stage": label,
                "people": people,
                "seconds": warm,
                "cold_seconds": timed["seconds"][0],
                "floor_seconds": floor,
                "ratio": warm / floor,
                "peak_mib": peak,
            }
        )
        log(
            f"  {label}: cold {timed['seconds'][0]:.2f}s, warm {warm:.2f}s, "
            f"floor {floor:.2f}s, {peak:.0f} MiB"
        )
    floor = statistics.median(floors)
    rows.insert(
        0,
        {
            "stage": FLOOR,
            "people": people,
            "seconds": floor,
            "cold_seconds": float("nan"),
            "floor_seconds": floor,
            "ratio": 1.0,
            "peak_mib": _in_fresh_process("floor", people, version.pk, "memory")["peak_mib"],
        },
    )
    rebuilt = rebuild["seconds"][0]
    rewritten = rebuild["facts"]["records rewritten"]
    rows.append(
        {
            "stage": f"rewrite {rewritten:,} facts records from the rows",
            "people": rewritten,
            "seconds": rebuilt,
            "cold_seconds": rebuilt,
            "floor_seconds": floor,
            "ratio": rebuilt / floor,
            "peak_mib": float("nan"),
        }
    )
    reference = _in_fresh_process("reference", people, version.pk, "once")
    facts.update(reference["facts"])
    size = reference["facts"]["reference people"]
    ref = reference["seconds"][0]
    rows.append(
        {
            "stage": f"old ORM what-if, {size:,} people (reference)",
            "people": size,
            "seconds": ref,
            "cold_seconds": ref,
            "floor_seconds": floor,
            "ratio": ref / floor,
            "peak_mib": float("nan"),
        }
    )
    return rows, facts


def _stage_main() -> None:
    """`python -m bench.calibration_bench STAGE PEOPLE VERSION_PK MODE`: one JSON line out."""
    parser = argparse.ArgumentParser(prog="python -m bench.calibration_bench")
    parser.add_argument("stage", choices=["floor", "rebuild", "reference", *STAGES])
    parser.add_argument("people", type=int)
    parser.add_argument("version_pk", type=int)
    parser.add_argument("mode", choices=["interleaved", "once", "memory"])
    args = parser.parse_args()
    from ladders.server.runner import configure

    configure(secure=False)  # the data directory comes from the parent's environment
    print(json.dumps(_stage_in_process(args.stage, args.people, args.version_pk, args.mode)))


if __name__ == "__main__":
    _stage_main()
