"""A synthetic organisation in the server's database: people, evidence and quarters of history.

Built with bulk inserts and the real engine (every snapshot is a genuine assessment), and
kept in a data directory so repeated bench runs reuse it.
"""

from __future__ import annotations

import random
import time
from datetime import date

PASSWORD = "bench-password-123"


def quarters(count: int, last: date) -> list[str]:
    year, q = last.year, (last.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append(f"{year}-Q{q}")
        q -= 1
        if q == 0:
            year, q = year - 1, 4
    return list(reversed(out))


def build_org(people: int, history_quarters: int, *, seed: int = 11, log=print) -> dict:
    """Create the org (admin -> managers -> engineers) unless it already exists."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from ladders.accounts.models import Organisation, Person, Role, Team
    from ladders.core.engine import assess
    from ladders.core.samples import sample_profile
    from ladders.leveling.frameworks import active_framework
    from ladders.leveling.models import AssessmentSnapshot, CheckIn, Evidence
    from ladders.leveling.profiles import profile_of, quarter_end

    name = f"Bench org {people}x{history_quarters}"
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return _summary(existing)
    started = time.perf_counter()
    rng = random.Random(seed)
    User = get_user_model()
    org = Organisation.objects.create(name=name)
    version, fw = active_framework(org)
    hashed = make_password(PASSWORD)
    managers = max(1, round((people - 1) / 100))
    today = date(2026, 11, 1)
    history = quarters(history_quarters, today)

    with transaction.atomic():
        teams = Team.objects.bulk_create(Team(org=org, name=f"Team {i + 1}") for i in range(managers))
        users = User.objects.bulk_create(
            User(username=f"{org.pk}.u{i}", password=hashed) for i in range(people)
        )
        admin = Person.objects.create(user=users[0], org=org, name="Bench Admin", role=Role.ADMIN)
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
        engineers = Person.objects.bulk_create(
            Person(
                user=users[i],
                org=org,
                name=f"Engineer {i}",
                role=Role.ENGINEER,
                manager=bosses[(i - 1 - managers) % managers],
                team=teams[(i - 1 - managers) % managers],
            )
            for i in range(1 + managers, people)
        )
    log(f"  people created in {time.perf_counter() - started:.1f}s")
    everyone = [admin, *bosses, *engineers]
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
            for item in sample["evidence"]:
                evidence_rows.append(
                    Evidence(
                        person=person,
                        slug=item["id"],
                        kind=item["kind"],
                        title=item["title"],
                        date=date.fromisoformat(item["date"]),
                        scope=item["scope"],
                        users=item.get("users", ""),
                        outcome=item.get("outcome", ""),
                        skills=item.get("skills", []),
                    )
                )
            for quarter in history:
                checkins.append(
                    CheckIn(
                        person=person, quarter=quarter, status="signed_off", self_ratings=sample["skills"]
                    )
                )
        with transaction.atomic():
            Evidence.objects.bulk_create(evidence_rows, batch_size=2000)
            CheckIn.objects.bulk_create(checkins, batch_size=2000)
            by_person: dict[int, list] = {}
            for row in evidence_rows:
                by_person.setdefault(row.person_id, []).append(row)
            snapshots = []
            levels = {}
            for checkin in checkins:
                as_of = quarter_end(checkin.quarter)
                profile = profile_of(
                    checkin.person, fw, checkin=checkin, evidence=by_person[checkin.person_id], maturity=None
                )
                result = assess(fw, profile, as_of=as_of)
                levels[checkin.person_id] = result["level"]
                snapshots.append(
                    AssessmentSnapshot(
                        person_id=checkin.person_id,
                        checkin=checkin,
                        framework=version,
                        framework_hash=fw.content_hash,
                        as_of=as_of,
                        level=result["level"],
                        result=result,
                    )
                )
            AssessmentSnapshot.objects.bulk_create(snapshots, batch_size=1000)
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
