"""Calibration narrowed to a cycle covers its people and compares the sign-offs of its quarter."""

from __future__ import annotations

import pytest
from django.http import Http404

from ladders.accounts.models import Team
from ladders.leveling import services as leveling
from ladders.leveling.calibration import calibration_tables
from tests.cycles.cycle_helpers import QUARTER, open_cycle
from tests.framework_ids import SKILL

EARLIER = "2026-Q1"


def signed(acme, person, manager, quarter, self_rating, manager_rating):
    checkin = leveling.checkin_save(
        actor=person,
        person=person,
        quarter=quarter,
        self_ratings={SKILL.error_handling: self_rating},
        submit=True,
    )
    leveling.checkin_sign_off(
        actor=manager, checkin=checkin, manager_ratings={SKILL.error_handling: manager_rating}
    )


@pytest.fixture
def rated(acme):
    signed(acme, acme.engineer, acme.manager, EARLIER, 1, 3)
    cycle = open_cycle(acme, teams=[Team.objects.get(org=acme.org, name="Applied AI")])
    signed(acme, acme.engineer, acme.manager, QUARTER, 2, 2)
    return cycle


def gaps(data):
    return {(r["person"], r["quarter"], r["mean_gap"]) for r in data["tables"]["rating_gaps_by_person"]}


def test_a_cycles_calibration_compares_its_own_quarters_ratings(acme, rated):
    data = calibration_tables(viewer=acme.admin, cycle_id=rated.pk)

    assert data["cycle_id"] == rated.pk
    assert gaps(data) == {(acme.engineer.name, QUARTER, 0.0)}


def test_an_earlier_cycle_is_compared_on_its_own_sign_offs(acme, rated):
    from ladders.cycles import services

    earlier = services.cycle_create(
        actor=acme.admin,
        org=acme.org,
        name=EARLIER,
        quarter=EARLIER,
        opens_on=rated.opens_on.replace(month=1),
        self_review_due=rated.opens_on.replace(month=3, day=20),
        sign_off_due=rated.opens_on.replace(month=3, day=31),
    )

    data = calibration_tables(viewer=acme.admin, cycle_id=earlier.pk)
    assert gaps(data) == {(acme.engineer.name, EARLIER, 2.0)}


def test_a_cycle_covers_only_the_people_in_its_scope(acme, rated):
    signed(acme, acme.outsider, acme.other_manager, QUARTER, 1, 2)  # Platform: outside the cycle

    names = {
        r["person"]
        for r in calibration_tables(viewer=acme.admin, cycle_id=rated.pk)["tables"]["rating_gaps_by_person"]
    }
    assert names == {acme.engineer.name}
    everyone = {r["person"] for r in calibration_tables(viewer=acme.admin)["tables"]["rating_gaps_by_person"]}
    assert acme.outsider.name in everyone


def test_without_a_cycle_the_latest_sign_off_counts(acme, rated):
    assert gaps(calibration_tables(viewer=acme.admin)) == {(acme.engineer.name, QUARTER, 0.0)}


def test_the_page_and_the_api_take_the_cycle(acme, rated, signed_in):
    client = signed_in(acme.admin)
    assert client.get(f"/api/v1/calibration?cycle_id={rated.pk}").json()["cycle_id"] == rated.pk
    page = client.get(f"/calibration/?cycle={rated.pk}")
    assert page.status_code == 200
    assert f'<option value="{rated.pk}" selected>' in page.content.decode()


def test_another_organisations_cycle_is_not_found(acme, rated):
    from tests.server.matrix_helpers import make_foreign_org

    foreign_admin = make_foreign_org()
    with pytest.raises(Http404):
        calibration_tables(viewer=foreign_admin, cycle_id=rated.pk)
