"""Fixtures for leveling tests; the builders live in leveling_helpers."""

from __future__ import annotations

import pytest

from ladders.accounts.models import Person
from tests.leveling.leveling_helpers import make_mid, sign_off
from tests.minimum_profiles import MID_RATINGS
from tests.org_fixtures import acme, signed_in  # noqa: F401  (fixtures shared by server tests)


@pytest.fixture
def mid_engineer(acme) -> Person:  # noqa: F811  (acme is the shared fixture, requested)
    """Eve, at mid on evidence and signed-off ratings."""
    make_mid(acme.engineer)
    sign_off(acme.engineer, acme.manager, MID_RATINGS)
    acme.engineer.refresh_from_db()
    return acme.engineer
