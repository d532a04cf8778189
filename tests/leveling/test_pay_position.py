"""A person's pay against their level's band: for them, their chain and admins; 404 for anyone else."""

from __future__ import annotations

import pytest
from django.http import Http404

from ladders.leveling.pay import band_set, pay_position
from ladders.server.errors import ServiceError
from tests.framework_ids import KIND, LEVEL
from tests.leveling.leveling_helpers import add_evidence


@pytest.fixture
def paid(acme, mid_engineer):
    """Eve at mid on 150,000 USD in the US, with US bands for mid and senior."""
    band_set(actor=acme.admin, level=LEVEL.mid, market="us", currency="USD", min=130000, max=165000)
    band_set(actor=acme.admin, level=LEVEL.senior, market="us", currency="USD", min=165000, max=212500)
    mid_engineer.base_salary, mid_engineer.currency, mid_engineer.market = 150000, "USD", "us"
    mid_engineer.save()
    return mid_engineer


@pytest.mark.parametrize("who", ["engineer", "manager", "admin"])
def test_the_person_their_manager_and_admins_see_the_position(acme, paid, who):
    pay = pay_position(viewer=acme.people()[who], person=paid)
    assert pay["level"] == LEVEL.mid
    assert pay["band"] == {"min": 130000, "max": 165000}
    assert pay["position"] == pytest.approx(20000 / 35000, abs=1e-4)
    assert pay["placement"] == "in band"


@pytest.mark.parametrize("who", ["outsider", "other_manager"])
def test_anyone_else_is_told_it_does_not_exist(acme, paid, who):
    with pytest.raises(Http404):
        pay_position(viewer=getattr(acme, who), person=paid)


def test_premium_jump_and_brief_come_from_the_core(acme, paid):
    add_evidence(
        paid, KIND.end_to_end_ownership, scope="team", outcome="Halved on-call pages, 12 to 6 a week"
    )
    pay = pay_position(viewer=paid, person=paid)
    (premium,) = pay["premiums"]
    assert premium["eligible"] and premium["range"] == [180000.0, 202500.0]
    assert pay["jump"]["from"] == LEVEL.mid and pay["jump"]["to"] == LEVEL.senior
    assert pay["jump"]["next_band"] == {"min": 165000, "max": 212500}
    # Measured outcomes only, strongest first: the team-scoped ownership before the feature work.
    assert [item["outcome"] for item in pay["negotiation_brief"]] == [
        "Halved on-call pages, 12 to 6 a week",
        "Cut support tickets by 40%",
    ]


def test_no_band_for_the_market_reports_no_band(acme, paid):
    paid.market = "uk"
    paid.save()
    pay = pay_position(viewer=acme.admin, person=paid)
    assert pay["band"] is None and pay["position"] is None


def test_no_base_salary_means_no_position(acme, mid_engineer):
    assert pay_position(viewer=acme.admin, person=mid_engineer) is None


def test_a_malformed_stored_currency_is_reported_not_crashed_on(acme, paid):
    paid.currency = "usd"
    paid.save()
    with pytest.raises(ServiceError) as refused:
        pay_position(viewer=acme.admin, person=paid)
    assert refused.value.status == 422 and "currency" in str(refused.value)
