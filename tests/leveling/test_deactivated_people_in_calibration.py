"""A deactivated person's signed-off history stays, and still counts in calibration."""

from __future__ import annotations

import pytest

from ladders.leveling.calibration import calibration_tables
from ladders.leveling.models import AssessmentSnapshot
from ladders.leveling.services.people import person_deactivate
from tests.leveling.test_calibration_tables import RATED, by, rate


def test_deactivating_people_changes_no_calibration_table(acme):
    people = rate(acme, RATED)
    before = calibration_tables(viewer=acme.admin)
    snapshots = AssessmentSnapshot.objects.filter(person=people["Eve"]).count()

    person_deactivate(actor=acme.admin, person=people["Eve"])
    person_deactivate(actor=acme.admin, person=acme.manager)  # Eve's and Finn's rater leaves too

    after = calibration_tables(viewer=acme.admin)
    assert after["kappa"] == pytest.approx(before["kappa"]) == pytest.approx(2 / 3, abs=1e-4)
    assert by(after["tables"]["agreement"], "manager")["Max Manager"]["pairs"] == 4
    assert after["tables"] == before["tables"]
    assert AssessmentSnapshot.objects.filter(person=people["Eve"]).count() == snapshots > 0
