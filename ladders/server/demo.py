"""A clearly labelled demo organisation: a dozen people at different levels, with history.

Everything is generated from the active framework's own gates (see ladders.core.samples),
so the demo stays consistent with whatever ladder is loaded, and everything is written
through the services, as people would write it, so the audit trail shows who did what:
each person records their evidence and fills in their past quarters' check-ins, their
manager signs them off with ratings of their own (`ladders.server.demo_records`). The
current quarter is left open: its check-ins belong to the quarter's cycle. The head of
the organisation has no one above to sign theirs off, which the sign-off service rightly
refuses, so their levels are recorded by `level_record` from their evidence alone.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ladders.accounts.models import Organisation, Person, Role
from ladders.accounts.services import person_create
from ladders.core.dates import quarter_parse
from ladders.core.framework import Framework
from ladders.core.samples import sample_profile
from ladders.leveling.exports import export_run, export_start
from ladders.leveling.facts_rebuilds import facts_rebuild_direct
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import AssessmentSnapshot, ExportKind
from ladders.leveling.profiles import quarter_end, quarter_of
from ladders.leveling.services import evidence_create
from ladders.promotions.models import Packet
from ladders.server.demo_cycles import demo_cycles
from ladders.server.demo_records import (
    demo_bands_set,
    demo_history_record,
    demo_maturity_record,
    demo_packet_reviewed,
    demo_packet_submit,
    demo_salaries_set,
)

DEMO_ORG = "Demo organisation (sample data)"

# (name, role, manager index, team, title, level position: 0 = first level)
PEOPLE = [
    ("Avery Admin", Role.ADMIN, None, "Leadership", "Head of engineering", 4),
    ("Morgan Manager", Role.MANAGER, 0, "Applied AI", "Engineering manager", 3),
    ("Riley Lead", Role.MANAGER, 0, "Platform", "Engineering manager", 3),
    ("Sam Rivera", Role.ENGINEER, 1, "Applied AI", "AI engineer", 1),
    ("Jordan Lee", Role.ENGINEER, 1, "Applied AI", "AI engineer", 0),
    ("Taylor Kim", Role.ENGINEER, 1, "Applied AI", "Senior AI engineer", 2),
    ("Casey Park", Role.ENGINEER, 1, "Applied AI", "AI engineer", 1),
    ("Drew Patel", Role.ENGINEER, 2, "Platform", "Staff engineer", 3),
    ("Jamie Chen", Role.ENGINEER, 2, "Platform", "Senior engineer", 2),
    ("Quinn Diaz", Role.ENGINEER, 2, "Platform", "Engineer", 1),
    ("Rowan Silva", Role.ENGINEER, 2, "Platform", "Junior engineer", 0),
    ("Emery Novak", Role.ENGINEER, 1, "Applied AI", "Principal engineer", 4),
]

# The one person whose newest work, done this quarter, reaches the level above theirs: their
# manager has written a promotion packet, waiting for another manager's review.
READY_FOR_PROMOTION = "Casey Park"
PACKET_AUTHOR, PACKET_REVIEWER = "Morgan Manager", "Riley Lead"
# A packet further along, reviewed and its review reviewed: waiting for the admin's decision.
# (subject, author, reviewer, auditor)
PACKET_TO_DECIDE = ("Jamie Chen", "Riley Lead", "Morgan Manager", "Drew Patel")

PAST_QUARTERS = 3


def past_quarters(today: date, count: int) -> list[str]:
    """The `count` quarters before today's, oldest first."""
    quarters: list[str] = []
    day = today
    current = quarter_of(today)
    while len(quarters) < count:
        day -= timedelta(days=80)
        q = quarter_of(day)
        if q != current and q not in quarters:
            quarters.append(q)
    return list(reversed(quarters))


def _clear() -> None:
    # Snapshots protect their framework version and packets their people, so they go first.
    Packet.objects.filter(org__name=DEMO_ORG).delete()
    AssessmentSnapshot.objects.filter(person__org__name=DEMO_ORG).delete()
    get_user_model().objects.filter(person__org__name=DEMO_ORG).delete()
    Organisation.objects.filter(name=DEMO_ORG).delete()


def _sample(
    fw: Framework, name: str, position: int, seed: int, today: date, last_signed: date
) -> dict[str, Any]:
    """The person's sample profile, reaching their level by the last quarter signed off.

    The one ready for promotion did their next level's work this quarter, after it.
    """
    top = min(position + (1 if name == READY_FOR_PROMOTION else 0), len(fw.levels) - 1)
    sample = sample_profile(fw, fw.levels[top].id, name=name, seed=seed, as_of=last_signed, extra_evidence=2)
    if top > position:
        start = quarter_parse(quarter_of(today)).first_day
        for item in sample["evidence"]:
            if item["id"].startswith(f"l{top}-"):
                item["date"] = (start + (today - start) // 2).isoformat()
    return sample


def _evidence(person: Person, sample: dict[str, Any]) -> None:
    for item in sample["evidence"]:
        data = {k: v for k, v in item.items() if k != "id"}
        evidence_create(actor=person, person=person, data=data)


@transaction.atomic
def demo_load() -> list[tuple[str, str, str]]:
    """Create (or re-create) the demo organisation; returns (name, username, password)."""
    _clear()
    org = Organisation.objects.create(name=DEMO_ORG, is_demo=True)
    version, fw = active_framework(org)
    today = timezone.localdate()
    quarters = past_quarters(today, PAST_QUARTERS)
    people: list[Person] = []
    samples: list[dict[str, Any]] = []
    logins = []
    for index, (name, role, manager_index, team, title, position) in enumerate(PEOPLE):
        password = secrets.token_urlsafe(9)
        username = "demo." + name.split()[0].lower()
        person, _ = person_create(
            org=org,
            name=name,
            role=role,
            manager=people[manager_index] if manager_index is not None else None,
            team_name=team,
            title=title,
            password=password,
            username=username,
            check_password=False,
        )
        people.append(person)
        logins.append((name, username, password))
        sample = _sample(fw, name, position, index, today, quarter_end(quarters[-1]))
        samples.append(sample)
        _evidence(person, sample)
    by_name = {person.name: person for person in people}
    for index, (person, sample) in enumerate(zip(people, samples, strict=True)):
        demo_history_record(
            person=person, fw=fw, version=version, sample=sample, quarters=quarters, seed=index
        )
    admin = people[0]
    demo_bands_set(admin=admin, fw=fw)
    demo_salaries_set(admin=admin, people=people, fw=fw)
    demo_maturity_record(admin=admin, fw=fw, org_name=DEMO_ORG)
    demo_packet_submit(
        subject=by_name[READY_FOR_PROMOTION], author=by_name[PACKET_AUTHOR], reviewer=by_name[PACKET_REVIEWER]
    )
    subject, author, reviewer, auditor = (by_name[name] for name in PACKET_TO_DECIDE)
    demo_packet_reviewed(subject=subject, author=author, reviewer=reviewer, auditor=auditor)
    demo_cycles(admin=people[0], people=people, today=today)  # last quarter's closed, this one's open
    _export(admin)
    facts_rebuild_direct(org=admin.org)  # the framework page shows the store's last rewrite
    return logins


def _export(admin: Person) -> None:
    """One finished export for the admin's exports page: built now, so no worker is needed.

    The queued task finds it done and leaves it alone (`export_run` only claims a queued one).
    """
    job = export_start(actor=admin, kind=ExportKind.CALIBRATION, parameters={"table": "leniency"})
    export_run(export_id=job.pk)
