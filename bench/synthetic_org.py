"""A synthetic organisation in the server's database: people, evidence and quarters of history.

Built with bulk inserts and the real engine (every snapshot is a genuine assessment), and
kept in a data directory so repeated bench runs reuse it. `create_people` makes the
people of any bench org (the calibration bench builds its own history on top).
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

PASSWORD = "bench-password-123"
PEOPLE_PER_MANAGER = 100


def _converter(field, connection) -> Any:
    """A fast stand-in for `field.get_db_prep_save` on the values the bench writes."""
    from django.db import models

    if isinstance(field, models.JSONField):
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb
        return lambda value: None if value is None else json.dumps(value)
    if isinstance(field, models.DateTimeField | models.DecimalField):
        seen: dict[Any, Any] = {}

        def once(value: Any) -> Any:  # the bench writes one timestamp per batch
            if value not in seen:
                seen[value] = field.get_db_prep_save(value, connection)
            return seen[value]

        return once
    if isinstance(field, models.DateField) and connection.vendor == "sqlite":
        return lambda value: None if value is None else value.isoformat()
    return None


def bulk_insert(objs: list, *, batch_size: int = 5000) -> list:
    """Insert unsaved model instances (all of one model) with one prepared statement per batch.

    Much faster than `bulk_create` for the bench's millions of rows: no query is compiled
    per row, and values are adapted by a converter per column. Instances without a primary
    key get the next free ones, and the database's sequence is moved past them afterwards,
    so later inserts through the ORM do not collide. Only for building bench data: no
    signals are sent and nothing is validated.
    """
    from django.core.management.color import no_style
    from django.db import connection
    from django.db.models import Max

    if not objs:
        return objs
    model = type(objs[0])
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    unset = [obj for obj in objs if obj.pk is None]
    if unset:
        start = (model.objects.aggregate(top=Max(pk.attname))["top"] or 0) + 1
        for offset, obj in enumerate(unset):
            obj.pk = start + offset
    fields = list(meta.concrete_fields)
    for field in fields:  # auto_now(_add) fields get one value, as one save would give them
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            now = field.pre_save(objs[0], add=True)
            for obj in objs:
                setattr(obj, field.attname, now)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"
    names = [f.attname for f in fields]
    converters = [(n, _converter(f, connection)) for n, f in enumerate(fields)]
    converters = [(n, c) for n, c in converters if c is not None]
    with connection.cursor() as cursor:
        for begin in range(0, len(objs), batch_size):
            rows = []
            for obj in objs[begin : begin + batch_size]:
                values = obj.__dict__
                row = [values[name] for name in names]
                for n, convert in converters:
                    row[n] = convert(row[n])
                rows.append(row)
            cursor.executemany(sql, rows)
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)
    for obj in objs:
        obj._state.adding = False
    return objs


def quarters(count: int, last: date) -> list[str]:
    year, q = last.year, (last.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append(f"{year}-Q{q}")
        q -= 1
        if q == 0:
            year, q = year - 1, 4
    return list(reversed(out))


@dataclass
class Staff:
    """The people of a new bench org, with the framework version they are assessed against."""

    org: Any
    version: Any
    fw: Any
    admin: Any
    managers: list[Any]
    engineers: list[Any]

    @property
    def everyone(self) -> list[Any]:
        return [self.admin, *self.managers, *self.engineers]


def create_people(name: str, people: int, *, admin_name: str, log=print) -> Staff:
    """A new org of `people`: an admin, one manager per 100 people with a team, the rest engineers.

    Engineers are dealt round the managers' teams; everyone signs in with PASSWORD.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from ladders.accounts.models import Organisation, Person, Role, Team
    from ladders.leveling.frameworks import active_framework

    started = time.perf_counter()
    User = get_user_model()
    org = Organisation.objects.create(name=name)
    version, fw = active_framework(org)
    managers = max(1, round((people - 1) / PEOPLE_PER_MANAGER))
    with transaction.atomic():
        teams = Team.objects.bulk_create(Team(org=org, name=f"Team {i + 1}") for i in range(managers))
        hashed = make_password(PASSWORD)
        users = bulk_insert([User(username=f"{org.pk}.u{i}", password=hashed) for i in range(people)])
        admin = Person.objects.create(user=users[0], org=org, name=admin_name, role=Role.ADMIN)
        bosses = Person.objects.bulk_create(
            Person(
                user=users[1 + i],
                org=org,
                name=f"Manager {i + 1}",
                role=Role.MANAGER,
                manager=admin,
                team=teams[i],
            )
            for i in range(managers)
        )
        engineers = bulk_insert(
            [
                Person(
                    user=users[i],
                    org=org,
                    name=f"Engineer {i}",
                    role=Role.ENGINEER,
                    manager=bosses[(i - 1 - managers) % managers],
                    team=teams[(i - 1 - managers) % managers],
                )
                for i in range(1 + managers, people)
            ]
        )
    log(f"  {people:,} people created in {time.perf_counter() - started:.0f}s")
    return Staff(org=org, version=version, fw=fw, admin=admin, managers=bosses, engineers=engineers)


def store_history(evidence_rows: list, checkins: list, *, version, fw, whole_result: bool) -> list:
    """Store evidence and check-ins, and a genuine assessment of each signed-off check-in.

    Each assessment is made as of its quarter's end from the person's evidence in
    `evidence_rows`. Without `whole_result` a snapshot keeps only the level and the
    framework hash, which keeps a 100,000-person database small. Returns the snapshots in
    check-in order, so a person's last one is their current level.
    """
    from ladders.core.engine import assess
    from ladders.leveling.models import AssessmentSnapshot, CheckIn, Evidence
    from ladders.leveling.profiles import profile_of, quarter_end

    Evidence.objects.bulk_create(evidence_rows, batch_size=2000)
    CheckIn.objects.bulk_create(checkins, batch_size=2000)
    by_person: dict[int, list] = {}
    for row in evidence_rows:
        by_person.setdefault(row.person_id, []).append(row)
    snapshots = []
    for checkin in checkins:
        if checkin.status != "signed_off":
            continue
        as_of = quarter_end(checkin.quarter)
        profile = profile_of(
            checkin.person, fw, checkin=checkin, evidence=by_person.get(checkin.person_id, []), maturity=None
        )
        result = assess(fw, profile, as_of=as_of)
        stored = (
            result if whole_result else {"level": result["level"], "framework": {"hash": fw.content_hash}}
        )
        snapshots.append(
            AssessmentSnapshot(
                person_id=checkin.person_id,
                checkin=checkin,
                framework=version,
                framework_hash=fw.content_hash,
                as_of=as_of,
                level=result["level"],
                result=stored,
            )
        )
    AssessmentSnapshot.objects.bulk_create(snapshots, batch_size=1000)
    return snapshots


def build_org(people: int, history_quarters: int, *, seed: int = 11, log=print) -> dict:
    """Create the org (admin -> managers -> engineers) unless it already exists."""
    from django.db import transaction

    from ladders.accounts.models import Organisation, Person
    from ladders.core.samples import sample_profile
    from ladders.leveling.models import CheckIn
    from ladders.leveling.samples import sample_evidence

    name = f"Bench org {people}x{history_quarters}"
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return _summary(existing)
    started = time.perf_counter()
    rng = random.Random(seed)
    staff = create_people(name, people, admin_name="Bench Admin", log=log)
    org, version, fw = staff.org, staff.version, staff.fw
    today = date(2026, 11, 1)
    history = quarters(history_quarters, today)
    everyone = staff.everyone
    level_ids = [lv.id for lv in fw.levels]
    weights = [30, 35, 22, 10, 3][: len(level_ids)]
    batch_people = 500
    for start in range(0, len(everyone), batch_people):
        chunk = everyone[start : start + batch_people]
        evidence_rows, checkins, samples = [], [], {}
        for person in chunk:
            level = rng.choices(level_ids, weights=weights)[0]
            sample = sample_profile(
                fw, level, name=person.name, seed=person.pk, as_of=today, extra_evidence=20
            )
            sample["evidence"] = sample["evidence"][:20]
            samples[person.pk] = sample
            evidence_rows.extend(sample_evidence(person, sample))
            for quarter in history:
                checkins.append(
                    CheckIn(
                        person=person, quarter=quarter, status="signed_off", self_ratings=sample["skills"]
                    )
                )
        with transaction.atomic():
            snapshots = store_history(evidence_rows, checkins, version=version, fw=fw, whole_result=True)
            levels = {snapshot.person_id: snapshot.level for snapshot in snapshots}
            for person in chunk:
                person.level = levels[person.pk]
            Person.objects.bulk_update(chunk, ["level"], batch_size=1000)
        log(
            f"  {min(start + batch_people, len(everyone)):,}/{len(everyone):,} people with history "
            f"({time.perf_counter() - started:.0f}s)"
        )
    return _summary(org)


def _summary(org) -> dict:
    from ladders.accounts.models import Person, Role

    admin = Person.objects.filter(org=org, role=Role.ADMIN).first()
    manager = Person.objects.filter(org=org, role=Role.MANAGER).order_by("pk").first()
    engineer = Person.objects.filter(org=org, role=Role.ENGINEER).order_by("pk").first()
    ids = list(Person.objects.filter(org=org).values_list("pk", flat=True))
    return {"org": org, "admin": admin, "manager": manager, "engineer": engineer, "ids": ids}
