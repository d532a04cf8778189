"""Calibration tables and a framework what-if over a large synthetic org, against reading its rows.

The floor is measured in the same run: reading the rows each computation needs, through the
very queries it runs (`ladders.leveling.bulk.records_of`), every row materialised as model
instances, in the batches the computation reads (1,000 people at a time, so the floor holds
one batch). Each computation is reported as a ratio of its floor, in time and in peak memory
(the goal is within 3x). A reference stage holds every row at once, for scale: what a
computation that loaded everything first would start from. Every stage runs in a fresh
process (so one stage's heap cannot slow the next) with the frameworks parsed beforehand.
Time is measured without tracemalloc (which slows Python down); peak memory in a second
pass with it.

The org (built once per size, then reused): an admin, one manager per 100 people, everyone
else an engineer. Each person gets a sample profile for a level (30/35/22/10/3%) with about
10 evidence items, and two quarters of check-ins: the earlier signed off, the latest signed
off (70%), submitted (20%) or a draft (10%). Self ratings drift from the truth (some people
rate themselves up, some down) and each manager has a bias of -1, 0 or +1 on a third of the
skills, so leniency, gaps and kappa have something to find. Snapshots are genuine
assessments at each quarter's end; to keep the database small at 100,000 people they store
the level and framework, not the whole result. 5% of people have a recorded level one step
off the snapshot (disagreements), and half have no `level_since` (time in level then comes
from the snapshot history).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bench.synthetic_org import create_people, quarters, store_history

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 1)
LEVEL_WEIGHTS = [30, 35, 22, 10, 3]
EVIDENCE_PER_PERSON = 10
HISTORY_QUARTERS = 2
BATCH = 1000


def _noisy(ratings: dict[str, int], rng: random.Random, shift: int, share: float, low: int, high: int):
    out = dict(ratings)
    for skill in ratings:
        if shift and rng.random() < share:
            out[skill] = min(high, max(low, ratings[skill] + shift))
    return out


def build_calibration_org(people: int, *, seed: int = 7, log=print) -> dict[str, Any]:
    """Create the org unless it exists; returns the admin and the org."""
    from django.db import transaction

    from ladders.accounts.models import Organisation, Person, Role
    from ladders.core.samples import sample_profile
    from ladders.leveling.models import CheckIn
    from ladders.leveling.samples import sample_evidence

    name = f"Calibration bench org {people}"
    org = Organisation.objects.filter(name=name).first()
    if org is not None:
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
    everyone = staff.everyone
    for start in range(0, len(everyone), BATCH):
        chunk = everyone[start : start + BATCH]
        evidence_rows, checkins = [], []
        for person in chunk:
            level = rng.choices(level_ids, weights=weights)[0]
            sample = sample_profile(fw, level, name=person.name, seed=person.pk, as_of=TODAY)
            extra = max(0, EVIDENCE_PER_PERSON - len(sample["evidence"]))
            if extra:
                # The same seed gives the same gate evidence first, then the extra items.
                sample = sample_profile(
                    fw, level, name=person.name, seed=person.pk, as_of=TODAY, extra_evidence=extra
                )
            evidence_rows.extend(sample_evidence(person, sample))
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
            snapshots = store_history(evidence_rows, checkins, version=version, fw=fw, whole_result=False)
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
            Person.objects.bulk_update(chunk, ["level", "level_since"], batch_size=2000)
        done = min(start + BATCH, len(everyone))
        if done % 10_000 < BATCH or done == len(everyone):
            log(f"  {done:,}/{len(everyone):,} people with history ({time.perf_counter() - started:.0f}s)")
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


# Each stage runs in a fresh process: a stage that leaves a large heap behind (or a
# fragmented one) would otherwise slow the stages after it, which showed up as a 50%
# spread between identical runs in one process.
FLOOR = "read rows: calibration's queries (floor)"
WHAT_IF_FLOOR = "read rows: what-if's queries (floor)"
STAGES: list[tuple[str, str, str | None]] = [
    ("floor", FLOOR, None),
    ("calibration", "calibration tables (admin, whole org)", "floor"),
    # What a computation that first loaded everything would start from, for scale.
    ("hold", "read rows, all held at once (reference)", "floor"),
    ("what_if_floor", WHAT_IF_FLOOR, None),
    ("what_if", "what-if of a changed gate (whole org)", "what_if_floor"),
]


def _stage(key: str, people: int, version_pk: int) -> Callable[[], dict[str, Any]]:
    """The work of one stage, with the framework versions parsed and compiled beforehand."""
    from ladders.accounts.models import Organisation, Person, Role
    from ladders.core.engine import compiled
    from ladders.leveling.bulk import records_of
    from ladders.leveling.calibration import calibration_people, calibration_tables
    from ladders.leveling.framework_review import version_what_if
    from ladders.leveling.frameworks import active_framework, framework_of
    from ladders.leveling.models import FrameworkVersion

    org = Organisation.objects.get(name=f"Calibration bench org {people}")
    admin = Person.objects.get(org=org, role=Role.ADMIN)
    version = FrameworkVersion.objects.get(pk=version_pk, org=org)
    compiled(active_framework(org)[1])
    compiled(framework_of(version))

    def floor() -> dict[str, Any]:
        rows = records_of(calibration_people(viewer=admin), signed_off=True, history=True)
        return {
            "rows read": sum(1 + len(r.evidence) + (r.checkin is not None) + len(r.history) for r in rows)
        }

    def hold() -> dict[str, Any]:
        return {
            "held": len(list(records_of(calibration_people(viewer=admin), signed_off=True, history=True)))
        }

    def what_if_floor() -> dict[str, Any]:
        rows = records_of(Person.objects.filter(org_id=org.pk))
        return {"what-if rows read": sum(1 + len(r.evidence) + (r.checkin is not None) for r in rows)}

    def calibration() -> dict[str, Any]:
        tables = calibration_tables(viewer=admin)
        return {
            "people": tables["people"],
            "kappa": tables["kappa"],
            "disagreements": len(tables["tables"]["disagreements"]),
        }

    def what_if() -> dict[str, Any]:
        return {"would move": len(version_what_if(actor=admin, version=version))}

    stages = {
        "floor": floor,
        "calibration": calibration,
        "hold": hold,
        "what_if_floor": what_if_floor,
        "what_if": what_if,
    }
    return stages[key]


def _measure(fn: Callable[[], Any], memory: bool) -> tuple[float, Any]:
    """Seconds (perf_counter), or peak MiB under tracemalloc, and what `fn` returned."""
    gc.collect()
    if memory:
        tracemalloc.start()
        try:
            value = fn()
            return tracemalloc.get_traced_memory()[1] / 2**20, value
        finally:
            tracemalloc.stop()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _in_fresh_process(key: str, people: int, version_pk: int, memory: bool) -> tuple[float, dict[str, Any]]:
    """Run one stage in a child process that inherits this one's data directory and settings."""
    command = [sys.executable, "-m", "bench.calibration_bench", key, str(people), str(version_pk)]
    done = subprocess.run(
        [*command, "--memory"] if memory else command,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return answer["value"], answer["facts"]


def run_calibration(people: int, *, log=print) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Build (or reuse) the org, then time and measure each stage; rows for the printed table."""
    from ladders.leveling.frameworks import active_version
    from ladders.leveling.services import framework_upload

    log(f"Building (or reusing) a {people:,}-person calibration org")
    admin = build_calibration_org(people, log=log)["admin"]
    version = framework_upload(
        actor=admin, text=changed_framework_text(active_version(admin.org).yaml_text), activate=False
    )
    _in_fresh_process("floor", people, version.pk, False)  # warm the database's pages
    seconds: dict[str, float] = {}
    peaks: dict[str, float] = {}
    facts: dict[str, Any] = {}
    for memory, into, unit in ((False, seconds, "s"), (True, peaks, " MiB peak")):
        for key, label, _ in STAGES:
            into[key], found = _in_fresh_process(key, people, version.pk, memory)
            facts.update(found)
            log(f"  {label}: {into[key]:.1f}{unit}")
    rows = [
        {
            "stage": label,
            "seconds": seconds[key],
            "peak_mib": peaks[key],
            "time_ratio": seconds[key] / seconds[base or key],
            "memory_ratio": peaks[key] / peaks[base or key],
        }
        for key, label, base in STAGES
    ]
    return rows, facts


def _stage_main() -> None:
    """`python -m bench.calibration_bench STAGE PEOPLE VERSION_PK [--memory]`: one JSON line out."""
    parser = argparse.ArgumentParser(prog="python -m bench.calibration_bench")
    parser.add_argument("stage", choices=[key for key, _, _ in STAGES])
    parser.add_argument("people", type=int)
    parser.add_argument("version_pk", type=int)
    parser.add_argument("--memory", action="store_true", help="peak MiB under tracemalloc, not seconds")
    args = parser.parse_args()
    from ladders.server.runner import configure

    configure(secure=False)  # the data directory comes from the parent's environment
    value, facts = _measure(_stage(args.stage, args.people, args.version_pk), args.memory)
    print(json.dumps({"value": value, "facts": facts}))


if __name__ == "__main__":
    _stage_main()
