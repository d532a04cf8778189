"""Admins record a person's pay; the person, their chain and admins then see the pay position."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ladders.accounts.models import Person
from ladders.leveling.models import AuditEvent, SalaryBand
from tests.framework_ids import LEVEL
from tests.web.web_helpers import text_of


@pytest.fixture
def band(acme):
    for level in (LEVEL.junior, LEVEL.mid, LEVEL.senior):
        SalaryBand.objects.create(
            org=acme.org,
            level=level,
            market="berlin",
            currency="EUR",
            min=Decimal(60000),
            max=Decimal(120000),
        )


def _set(client, person, **form):
    return client.post(reverse("admin-person-salary", args=[person.pk]), form)


def test_an_admin_sets_a_salary_and_the_person_sees_their_pay_position(acme, signed_in, band):
    response = _set(
        signed_in(acme.admin), acme.engineer, base_salary="87654", currency="eur", market="berlin"
    )

    assert response.status_code == 302
    eve = Person.objects.get(pk=acme.engineer.pk)
    assert (eve.base_salary, eve.currency, eve.market) == (Decimal("87654.00"), "EUR", "berlin")
    event = AuditEvent.objects.get(person=eve, action="person.salary_set")
    assert event.before["base_salary"] is None and event.after == {
        "base_salary": 87654.0,
        "currency": "EUR",
        "market": "berlin",
    }
    assert "87,654" in text_of(signed_in(acme.engineer).get("/"))
    assert "87,654" in text_of(signed_in(acme.manager).get(reverse("person", args=[eve.pk])))
    assert signed_in(acme.outsider).get(reverse("person", args=[eve.pk])).status_code == 404


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"base_salary": "87654", "currency": "EURO", "market": "berlin"}, "currency"),
        ({"base_salary": "87654", "currency": "EUR", "market": "mars"}, "market"),
        ({"base_salary": "0", "currency": "EUR", "market": "berlin"}, "base_salary"),
        ({"base_salary": "1000000000", "currency": "EUR", "market": "berlin"}, "base_salary"),
    ],
)
def test_a_bad_pay_record_is_a_form_error_and_nothing_is_saved(acme, signed_in, band, form, field):
    response = _set(signed_in(acme.admin), acme.engineer, **form)

    assert response.status_code == 422
    assert response.context["salary_form"].errors.get(field), response.context["salary_form"].errors
    assert Person.objects.get(pk=acme.engineer.pk).base_salary is None
    assert not AuditEvent.objects.filter(action="person.salary_set").exists()


def test_a_market_no_band_names_says_which_markets_are_known(acme, band):
    from ladders.leveling.pay import person_salary_set
    from ladders.server.errors import Invalid

    with pytest.raises(Invalid, match="known: berlin"):
        person_salary_set(
            actor=acme.admin, person=acme.engineer, base_salary=1000, currency="EUR", market="us"
        )


def test_only_an_admin_of_the_organisation_sets_pay(acme, band):
    from ladders.leveling.pay import person_salary_set
    from ladders.server.errors import Forbidden

    with pytest.raises(Forbidden):
        person_salary_set(
            actor=acme.manager, person=acme.engineer, base_salary=1000, currency="EUR", market="berlin"
        )
    assert Person.objects.get(pk=acme.engineer.pk).base_salary is None


def test_an_empty_salary_clears_the_pay_record(acme, signed_in, band):
    client = signed_in(acme.admin)
    _set(client, acme.engineer, base_salary="87654", currency="EUR", market="berlin")

    _set(client, acme.engineer, base_salary="", currency="", market="")

    eve = Person.objects.get(pk=acme.engineer.pk)
    assert (eve.base_salary, eve.currency, eve.market) == (None, "", "")
