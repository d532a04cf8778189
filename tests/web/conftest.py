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
from tests.org_fixtures import acme, signed_in  # noqa: F401

WORK_DATE = date(2026, 1, 15)

# The evidence Mid asks for under the default framework (see framework-spec.md); the
# ratings it needs are `tests.web.web_helpers.MID_SKILLS`.
MID_EVIDENCE = [
    {"kind": "shipped_project", "scope": "feature", "users": "real", "outcome": "Cut support tickets by 40%"},
    {"kind": "shipped_project", "scope": "feature", "users": "real", "outcome": "Used by sales"},
    {"kind": "debugging_story", "scope": "individual"},
]


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
    """Give `person` the evidence Mid asks for (the ratings come from a check-in)."""

    def give(person: Person) -> list[Evidence]:
        return [add_evidence(person, **item) for item in MID_EVIDENCE]

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
