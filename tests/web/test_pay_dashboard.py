"""Pay on a person's dashboard: position in band, premium, promotion jump and the negotiation brief.

Shown to the person, their management chain and admins; nobody else sees a trace of it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ladders.accounts.models import Person
from ladders.leveling.models import SalaryBand
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of


@pytest.fixture
def paid(acme, fw, mid_evidence, checkin) -> Person:
    """Eve is at the second level, paid 120,000 USD in the us market, with a band for it."""
    mid_evidence(acme.engineer)
    checkin(acme.engineer, self_ratings=MID_RATINGS)
    Person.objects.filter(pk=acme.engineer.pk).update(
        base_salary=Decimal("120000"), currency="USD", market="us"
    )
    SalaryBand.objects.create(
        org=acme.org, level=fw.levels[1].id, market="us", currency="USD", min=100000, max=140000
    )
    return Person.objects.get(pk=acme.engineer.pk)


def test_the_person_their_manager_and_an_admin_see_the_pay_section(acme, signed_in, fw, paid):
    premium = fw.compensation.premiums[0]
    jump = next(j for j in fw.compensation.jumps if j.from_ == fw.levels[1].id)
    for who, url in ((acme.engineer, "/"), (acme.manager, None), (acme.admin, None)):
        response = signed_in(who).get(url or reverse("person", args=[paid.pk]))
        page = text_of(response)
        assert "Pay" in page and "Base salary: 120,000 USD (market us)" in page, who
        assert f"{fw.levels[1].name} band (us): 100,000–140,000 USD. Position: 50% of the way" in page
        assert f"{premium.name} yes" in page
        assert f"Promotion {fw.levels[1].name} → {fw.levels[2].name}: typically {jump.percent[0]}–" in page
        assert "Cut support tickets by 40%" in page.split("Negotiation brief")[1]
        assert 'aria-labelledby="band-title band-desc"' in response.content.decode()


def test_nobody_else_sees_a_trace_of_it(acme, signed_in, paid):
    client = signed_in(acme.outsider)
    assert client.get(reverse("person", args=[paid.pk])).status_code == 404
    own = client.get("/")
    assert b"120,000" not in own.content and "Pay" not in text_of(own).split("Level over past quarters")[1]
    assert signed_in(acme.other_manager).get(reverse("person", args=[paid.pk])).status_code == 404


def test_without_a_band_the_section_says_so(acme, signed_in, fw, paid):
    SalaryBand.objects.all().delete()
    page = text_of(signed_in(acme.engineer).get("/"))
    assert f"No {fw.levels[1].name} band is defined for market us in USD." in page
    assert signed_in(acme.outsider).get(reverse("person", args=[paid.pk])).status_code == 404


def test_a_person_without_pay_on_record_has_no_pay_section(acme, signed_in):
    page = text_of(signed_in(acme.engineer).get("/"))
    assert "Negotiation brief" not in page and "Base salary:" not in page
    assert signed_in(acme.outsider).get(reverse("person", args=[acme.engineer.pk])).status_code == 404
