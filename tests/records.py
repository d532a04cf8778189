"""A person's record written through the services, as the product writes it.

`give_evidence(person, data)` stores a profile's evidence, dated last month so it falls
before any as-of date; `give_record` also submits the profile's ratings as this quarter's
check-in. With the ladder in tests/minimum_profiles.py, `give_record(eve,
minimum_profile(LEVEL.mid))` is "Eve is ready for mid" for promotion, API, page and browser
tests alike; `without=("debugging",)` leaves out the evidence a test wants missing, and
`signed_off` has the manager sign it off.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from ladders.accounts.models import Person
from ladders.leveling import services
from ladders.leveling.models import AssessmentSnapshot, CheckIn, Evidence
from ladders.leveling.profiles import quarter_of


def last_month():
    return timezone.localdate() - timedelta(days=30)


def add_evidence(person: Person, slug: str, kind: str, **fields: Any) -> Evidence:
    """One more evidence item for `person`, dated last month."""
    data = {"id": slug, "kind": kind, "title": f"{kind} {slug}", "date": last_month()}
    return services.evidence_create(actor=person, person=person, data={**data, **fields})


def give_evidence(person: Person, data: dict[str, Any], *, without: tuple[str, ...] = ()) -> list[Evidence]:
    """Store a profile's evidence for `person`, but the items named in `without`, dated last month."""
    return [
        services.evidence_create(actor=person, person=person, data={**item, "date": last_month()})
        for item in data["evidence"]
        if item["id"] not in without
    ]


def give_record(person: Person, data: dict[str, Any], *, without: tuple[str, ...] = ()) -> CheckIn:
    """A profile's evidence (as `give_evidence`) and its ratings as this quarter's submitted check-in."""
    give_evidence(person, data, without=without)
    return services.checkin_save(
        actor=person,
        person=person,
        quarter=quarter_of(timezone.localdate()),
        self_ratings=data["skills"],
        submit=True,
    )


def signed_off(person: Person, manager: Person, data: dict[str, Any]) -> AssessmentSnapshot:
    """`give_record`, then the manager signs the check-in off: the frozen assessment it makes."""
    return services.checkin_sign_off(actor=manager, checkin=give_record(person, data))
