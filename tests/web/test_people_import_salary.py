"""The people CSV may carry pay: base_salary, currency and market, checked like the pay form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ladders.accounts.models import Person
from ladders.leveling.imports import PeopleImportError, people_import_csv
from ladders.leveling.models import AuditEvent, SalaryBand
from tests.framework_ids import LEVEL


@pytest.fixture
def band(acme):
    SalaryBand.objects.create(org=acme.org, level=LEVEL.mid, market="us", currency="USD", min=1, max=2)


def test_imported_people_get_their_pay_record_audited(acme, band):
    people_import_csv(
        actor=acme.admin, text="name,username,base_salary,currency,market\nNia,nia,125000,usd,us\n"
    )

    nia = Person.objects.get(user__username="nia")
    assert (nia.base_salary, nia.currency, nia.market) == (Decimal("125000.00"), "USD", "us")
    assert AuditEvent.objects.filter(person=nia, action="person.salary_set", actor=acme.admin).exists()


def test_bad_pay_in_a_row_names_the_row_and_column_and_nobody_is_imported(acme, band):
    text = (
        "name,username,base_salary,currency,market\n"
        "Nia,nia,125000,USD,us\n"
        "Raj,raj,-3,USD,us\n"
        "Kim,kim,90000,DOLLARS,us\n"
        "Ann,ann,90000,USD,mars\n"
    )

    with pytest.raises(PeopleImportError) as caught:
        people_import_csv(actor=acme.admin, text=text)

    assert [(p.row, p.column) for p in caught.value.problems] == [
        (3, "base_salary"),
        (4, "currency"),
        (5, "market"),
    ]
    assert "known: us" in caught.value.problems[2].message
    assert not Person.objects.filter(name__in=["Nia", "Raj", "Kim", "Ann"]).exists()
