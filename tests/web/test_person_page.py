"""A manager's or admin's view of one person: the same dashboard, compensation only for some."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ladders.accounts.models import Organisation
from ladders.accounts.services import person_create
from tests.web.web_helpers import text_of


@pytest.fixture
def paid_engineer(acme):
    acme.engineer.base_salary = Decimal("150000")
    acme.engineer.currency = "USD"
    acme.engineer.market = "us"
    acme.engineer.save()
    return acme.engineer


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_their_management_chain_and_admins_see_the_dashboard_and_pay(acme, signed_in, paid_engineer, who):
    response = signed_in(getattr(acme, who)).get(reverse("person", args=[paid_engineer.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert "Eve Engineer" in page and "Gate checklist" in page
    assert "Base salary: 150,000 USD (market us)" in page


def test_i_see_my_own_pay_on_my_dashboard(acme, signed_in, paid_engineer):
    assert "Base salary: 150,000 USD" in text_of(signed_in(acme.engineer).get("/"))


@pytest.mark.parametrize("who", ["outsider", "other_manager"])
def test_anyone_outside_the_chain_is_told_the_person_does_not_exist(acme, signed_in, paid_engineer, who):
    response = signed_in(getattr(acme, who)).get(reverse("person", args=[paid_engineer.pk]))
    assert response.status_code == 404
    assert b"150,000" not in response.content


def test_an_engineer_cannot_look_up_their_manager(acme, signed_in):
    assert signed_in(acme.engineer).get(reverse("person", args=[acme.manager.pk])).status_code == 404


def test_an_admin_of_another_organisation_gets_404(acme, signed_in):
    other = Organisation.objects.create(name="Elsewhere")
    stranger, _ = person_create(
        org=other, name="Sid Stranger", role="admin", check_password=False, password="x"
    )
    assert signed_in(stranger).get(reverse("person", args=[acme.engineer.pk])).status_code == 404


def test_a_missing_person_is_a_plain_404(acme, signed_in):
    assert signed_in(acme.admin).get(reverse("person", args=[999999])).status_code == 404


def test_the_manager_is_offered_the_sign_off_of_a_submitted_check_in(acme, signed_in, checkin):
    checkin(acme.engineer, "2026-Q3", status="submitted")
    html = signed_in(acme.manager).get(reverse("person", args=[acme.engineer.pk])).content.decode()
    assert reverse("checkin-review", args=[acme.engineer.pk, "2026-Q3"]) in html
