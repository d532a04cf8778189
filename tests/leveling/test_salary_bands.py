"""Admins keep salary bands per level, market and currency; everyone else is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404

from ladders.leveling.models import AuditEvent, SalaryBand
from ladders.leveling.pay import band_delete, band_list, band_set, bands_of
from ladders.server.errors import ServiceError
from tests.framework_ids import LEVEL
from tests.org_fixtures import make_org


def test_an_admin_sets_a_band_and_it_is_audited(acme):
    band = band_set(
        actor=acme.admin,
        level=LEVEL.mid,
        market="us",
        currency="USD",
        min=130000,
        max=165000,
        source="MentorCruise",
    )
    assert (band.level, band.market, band.currency) == (LEVEL.mid, "us", "USD")
    assert (band.min, band.max, band.source) == (Decimal("130000"), Decimal("165000"), "MentorCruise")
    event = AuditEvent.objects.get(action="band.set")
    assert event.subject == "mid us USD"
    assert event.before is None and event.after == {
        "min": 130000.0,
        "max": 165000.0,
        "source": "MentorCruise",
    }


def test_setting_the_same_band_again_replaces_it(acme):
    band_set(actor=acme.admin, level=LEVEL.mid, market="us", currency="USD", min=130000, max=165000)
    band_set(
        actor=acme.admin,
        level=LEVEL.mid,
        market="us",
        currency="USD",
        min=Decimal("135000.50"),
        max="170,000",
    )
    band = SalaryBand.objects.get()
    assert (band.min, band.max) == (Decimal("135000.50"), Decimal("170000"))
    change = AuditEvent.objects.filter(action="band.set").first()
    assert change.before["min"] == 130000.0 and change.after["min"] == 135000.5


def test_the_same_level_may_have_a_band_per_market_and_currency(acme):
    band_set(actor=acme.admin, level=LEVEL.mid, market="us", currency="USD", min=130000, max=165000)
    band_set(actor=acme.admin, level=LEVEL.mid, market="uk", currency="GBP", min=70000, max=95000)
    band_set(actor=acme.admin, level=LEVEL.mid, market="uk", currency="EUR", min=80000, max=110000)
    assert SalaryBand.objects.count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"level": "wizard"}, "level"),
        ({"min": 170000}, "band"),
        ({"currency": "usd"}, "currency"),
        ({"currency": "US"}, "currency"),
        ({"market": "United States"}, "market"),
        ({"min": "lots"}, "min"),
        ({"max": -5}, "max"),
    ],
)
def test_an_invalid_band_is_refused_and_names_the_field(acme, change, field):
    values = {"level": LEVEL.mid, "market": "us", "currency": "USD", "min": 130000, "max": 165000, **change}
    with pytest.raises(ServiceError) as refused:
        band_set(actor=acme.admin, **values)
    assert refused.value.status == 422
    assert refused.value.field == field
    assert not SalaryBand.objects.exists()


def test_min_above_max_says_so(acme):
    with pytest.raises(ServiceError, match="max must not be below min"):
        band_set(actor=acme.admin, level=LEVEL.mid, market="us", currency="USD", min=170000, max=165000)


@pytest.mark.parametrize("who", ["engineer", "manager", "outsider"])
def test_only_admins_set_bands(acme, who):
    with pytest.raises(ServiceError) as refused:
        band_set(actor=acme.people()[who], level=LEVEL.mid, market="us", currency="USD", min=1, max=2)
    assert refused.value.status == 403
    assert not SalaryBand.objects.exists()


def test_an_admin_deletes_a_band_and_it_is_audited(acme):
    band = band_set(actor=acme.admin, level=LEVEL.mid, market="us", currency="USD", min=130000, max=165000)
    band_delete(actor=acme.admin, band=band)
    assert not SalaryBand.objects.exists()
    assert AuditEvent.objects.get(action="band.deleted").before["max"] == 165000.0


def test_no_one_else_deletes_a_band(acme):
    band = band_set(actor=acme.admin, level=LEVEL.mid, market="us", currency="USD", min=130000, max=165000)
    other = make_org("Globex")
    for actor in (acme.manager, acme.engineer, other.admin):
        with pytest.raises(ServiceError):
            band_delete(actor=actor, band=band)
    assert SalaryBand.objects.count() == 1


def test_bands_of_gives_the_core_bands_of_one_organisation_only(acme):
    band_set(
        actor=acme.admin, level=LEVEL.mid, market="us", currency="USD", min=130000, max=165000, source="A"
    )
    band_set(
        actor=acme.admin, level=LEVEL.senior, market="us", currency="USD", min=165000, max=212500, source="A"
    )
    other = make_org("Globex")
    band_set(actor=other.admin, level=LEVEL.mid, market="us", currency="USD", min=1, max=2)
    bands = bands_of(acme.org)
    assert bands.source == "A"
    assert [(b.level, b.min, b.max) for b in bands.bands] == [
        (LEVEL.mid, 130000, 165000),
        (LEVEL.senior, 165000, 212500),
    ]
    assert bands.find(LEVEL.senior, "us", "USD").max == 212500
    assert bands.find(LEVEL.staff, "us", "USD") is None


def test_the_band_list_is_in_ladder_order_for_admins_and_absent_for_others(acme):
    band_set(actor=acme.admin, level=LEVEL.senior, market="us", currency="USD", min=165000, max=212500)
    band_set(actor=acme.admin, level=LEVEL.junior, market="us", currency="USD", min=90000, max=130000)
    rows = band_list(viewer=acme.admin)
    assert [row["band"].level for row in rows] == [LEVEL.junior, LEVEL.senior]
    assert rows[0]["level_name"] == "Junior" and rows[0]["known_level"]
    with pytest.raises(Http404):
        band_list(viewer=acme.manager)
