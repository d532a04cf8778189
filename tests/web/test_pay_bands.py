"""Admins keep salary bands per level, market and currency; for everyone else the pages do not exist."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ladders.leveling.models import SalaryBand
from tests.web.web_helpers import text_of

URL = reverse("admin-bands")


def band_form(fw, **changes) -> dict:
    return {
        "level": fw.levels[1].id,
        "market": "us",
        "currency": "USD",
        "min": "100000",
        "max": "140000",
        "source": "Pay survey 2026",
        **changes,
    }


@pytest.fixture
def band(acme, fw) -> SalaryBand:
    return SalaryBand.objects.create(
        org=acme.org, level=fw.levels[1].id, market="us", currency="USD", min=100000, max=140000
    )


def test_an_admin_adds_a_band_and_sees_it_listed_by_level_name(acme, signed_in, fw):
    client = signed_in(acme.admin)
    assert "No bands yet." in text_of(client.get(URL))
    response = client.post(URL, band_form(fw))
    assert response.status_code == 302 and response["Location"] == URL
    saved = SalaryBand.objects.get(org=acme.org)
    assert (saved.level, saved.market, saved.currency, saved.min, saved.max) == (
        fw.levels[1].id,
        "us",
        "USD",
        Decimal("100000"),
        Decimal("140000"),
    )
    page = text_of(client.get(URL))
    assert f"Saved the band {fw.levels[1].name} us USD." in page
    assert f"{fw.levels[1].name} us USD 100,000 140,000 Pay survey 2026" in page


def test_each_problem_is_shown_on_its_field_and_nothing_is_saved(acme, signed_in, fw):
    client = signed_in(acme.admin)
    response = client.post(URL, band_form(fw, currency="usd"))
    assert response.status_code == 422
    html = response.content.decode()
    currency_field = html.split('for="id_currency"')[1].split('class="field')[0]
    assert "currency" in currency_field and "^[A-Z]{3}$" in currency_field
    response = client.post(URL, band_form(fw, min="a lot"))
    assert response.status_code == 422
    assert "min: must be a number, for example 130000" in text_of(response)
    response = client.post(URL, band_form(fw, min="150000"))
    assert response.status_code == 422 and "max must not be below min" in text_of(response)
    assert not SalaryBand.objects.exists()


def test_an_admin_edits_the_figures_of_a_band_but_not_its_name(acme, signed_in, fw, band):
    client = signed_in(acme.admin)
    url = reverse("admin-band-edit", args=[band.pk])
    assert 'value="100000"' in client.get(url).content.decode()
    response = client.post(url, band_form(fw, market="berlin", min="110000", max="150000", source=""))
    assert response.status_code == 302
    band.refresh_from_db()
    assert (band.market, band.min, band.max) == ("us", Decimal("110000"), Decimal("150000"))
    assert SalaryBand.objects.count() == 1


def test_an_admin_deletes_a_band_after_confirming(acme, signed_in, fw, band):
    client = signed_in(acme.admin)
    url = reverse("admin-band-delete", args=[band.pk])
    assert f"Delete the {fw.levels[1].name} band (us, USD)?" in text_of(client.get(url))
    assert SalaryBand.objects.exists()
    assert client.post(url).status_code == 302
    assert not SalaryBand.objects.exists()


@pytest.mark.parametrize("who", ["engineer", "manager", "outsider"])
def test_bands_do_not_exist_for_anyone_but_admins(acme, signed_in, fw, band, who):
    client = signed_in(getattr(acme, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, band_form(fw, level=fw.levels[2].id)).status_code == 404
    for name in ("admin-band-edit", "admin-band-delete"):
        url = reverse(name, args=[band.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, band_form(fw, min="1")).status_code == 404
    assert list(SalaryBand.objects.values_list("pk", "min")) == [(band.pk, Decimal("100000"))]


def test_an_admin_of_another_organisation_cannot_reach_this_band(acme, signed_in, band):
    from tests.org_fixtures import make_org

    other = make_org("Globex")
    assert signed_in(other.admin).get(reverse("admin-band-edit", args=[band.pk])).status_code == 404
    assert signed_in(other.admin).post(reverse("admin-band-delete", args=[band.pk])).status_code == 404
    assert SalaryBand.objects.filter(pk=band.pk).exists()
