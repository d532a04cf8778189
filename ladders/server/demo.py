"""A clearly labelled demo organisation: a dozen people at different levels, with history.

Everything is generated from the active framework's own gates (see ladders.core.samples),
so the demo stays consistent with whatever ladder is loaded. The check-ins are written as
past history, signed off by each person's manager (the head of the organisation has no one
above to sign theirs, which the sign-off service rightly refuses); every level they lead to
is recorded by `level_record`, as a real sign-off's is, so the audit trail shows each change.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ladders.accounts.models import Organisation, Person, Role
from ladders.accounts.services import person_create
from ladders.core.engine import assess
from ladders.core.samples import sample_profile
from ladders.leveling.frameworks import active_framework
from ladders.leveling.levels import level_record
from ladders.leveling.models import AssessmentSnapshot, CheckIn, CheckInStatus, Evidence
from ladders.leveling.profiles import profile_of, quarter_end, quarter_of
from ladders.leveling.samples import sample_evidence
from ladders.server.demo_cycles import demo_cycles

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


def _quarters_back(today: date, count: int) -> list[str]:
    quarters: list[str] = []
    day = today
    while len(quarters) < count:
        q = quarter_of(day)
        if q not in quarters:
            quarters.append(q)
        day -= timedelta(days=80)
    return list(reversed(quarters))


@transaction.atomic
def demo_load() -> list[tuple[str, str, str]]:
    """Create (or re-create) the demo organisation; returns (name, username, password)."""
    # Snapshots protect their framework version, so they go first.
    AssessmentSnapshot.objects.filter(person__org__name=DEMO_ORG).delete()
    get_user_model().objects.filter(person__org__name=DEMO_ORG).delete()
    Organisation.objects.filter(name=DEMO_ORG).delete()
    org = Organisation.objects.create(name=DEMO_ORG, is_demo=True)
    version, fw = active_framework(org)
    today = timezone.localdate()
    quarters = _quarters_back(today, 4)
    people: list[Person] = []
    logins = []
    for index, (name, role, manager_index, team, title, position) in enumerate(PEOPLE):
        level = fw.levels[min(position, len(fw.levels) - 1)]
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
        sample = sample_profile(fw, level.id, name=name, seed=index, as_of=today, extra_evidence=2)
        Evidence.objects.bulk_create(sample_evidence(person, sample, author=person))
        evidence = list(person.evidence.all())
        signer = people[manager_index] if manager_index is not None else None
        for quarter in quarters:
            as_of = min(quarter_end(quarter), today)
            checkin = CheckIn.objects.create(
                person=person,
                quarter=quarter,
                status=CheckInStatus.SIGNED_OFF,
                self_ratings=sample["skills"],
                submitted_at=timezone.now(),
                signed_off_by=signer,
                signed_off_at=timezone.now(),
            )
            result = assess(fw, profile_of(person, fw, checkin=checkin, evidence=evidence), as_of=as_of)
            level_record(
                actor=signer,
                person=person,
                version=version,
                result=result,
                as_of=as_of,
                reason=quarter,
                checkin=checkin,
                evidence=evidence,
            )
    demo_cycles(admin=people[0], people=people, today=today)  # last quarter's closed, this one's open
    return logins
