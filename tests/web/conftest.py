"""Fixtures for page tests: the shared four-person organisation plus small builders.

Builders write straight to the database (not through the pages) so each test states only
the situation it needs and then asserts on what one page shows or does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ladders.accounts.models import Person
from ladders.leveling.models import CheckIn, CheckInStatus, Evidence
from tests.framework_ids import LEVEL
from tests.minimum_profiles import minimum_profile
from tests.org_fixtures import acme, peer, signed_in  # noqa: F401

WORK_DATE = date(2026, 1, 15)

# What a page test takes from an item of the minimum profile; slug, title and date are its own.
EVIDENCE_FIELDS = ("scope", "users", "outcome", "skills")


@pytest.fixture
def add_evidence():
    def add(person: Person, kind: str, **fields: Any) -> Evidence:
        n = person.evidence.count() + 1
        values = {
            "slug": f"e{n}",
            "title": f"{kind.replace('_', ' ')} {n}",
            "date": WORK_DATE,
            "scope": "individual",
            **fields,
        }
        return Evidence.objects.create(person=person, kind=kind, author=person, **values)

    return add


@pytest.fixture
def mid_evidence(add_evidence):
    """Give `person` the evidence Mid asks for, but the items named in `without`.

    The evidence is the mid minimum of tests/minimum_profiles.py (its ids name what to leave
    out, e.g. `without=("debugging",)`); the ratings, `MID_RATINGS`, come from a check-in.
    """

    def give(person: Person, *, without: tuple[str, ...] = ()) -> list[Evidence]:
        items = minimum_profile(LEVEL.mid).without(*without)["evidence"]
        return [
            add_evidence(person, item["kind"], **{k: item[k] for k in EVIDENCE_FIELDS if k in item})
            for item in items
        ]

    return give


@pytest.fixture
def checkin():
    def make(
        person: Person, quarter: str = "2026-Q1", status: str = CheckInStatus.SUBMITTED, **fields
    ) -> CheckIn:
        return CheckIn.objects.create(person=person, quarter=quarter, status=status, **fields)

    return make


@pytest.fixture
def ratings_post(fw):
    """Form data rating every skill: `ratings_post(error_handling=3)`, the rest at the minimum."""

    def build(**ratings: int) -> dict[str, Any]:
        data = {f"rating__{s.id}": str(fw.rating_scale.min) for s in fw.skills}
        data.update({f"rating__{k}": str(v) for k, v in ratings.items()})
        return data

    return build
