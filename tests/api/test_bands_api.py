"""Salary bands through the API: admins keep them; for anyone else they do not exist."""

from __future__ import annotations

import pytest

from ladders.leveling.models import AuditEvent, SalaryBand
from ladders.leveling.pay import band_set
from tests.framework_ids import LEVEL
from tests.org_fixtures import make_org

MID_US = {
    "level": LEVEL.mid,
    "market": "us",
    "currency": "USD",
    "min": 130000,
    "max": 170000,
    "source": "Survey",
}


@pytest.fixture
def band(acme):
    return band_set(actor=acme.admin, level=LEVEL.mid, market="us", currency="USD", min=130000, max=170000)


def test_an_admin_sets_a_band(acme, api_as):
    response = api_as(acme.admin).post("/bands", MID_US)
    assert response.status_code == 200, response.content
    stored = SalaryBand.objects.get()
    assert response.json() == {
        "id": stored.pk,
        "level": LEVEL.mid,
        "market": "us",
        "currency": "USD",
        "min": 130000.0,
        "max": 170000.0,
        "source": "Survey",
        "updated": response.json()["updated"],
    }
    assert AuditEvent.objects.filter(action="band.set").exists()


def test_setting_a_band_again_replaces_it(acme, api_as, band):
    response = api_as(acme.admin).post("/bands", {**MID_US, "max": 180000})
    assert response.json()["id"] == band.pk
    assert SalaryBand.objects.get().max == 180000


def test_an_admin_lists_the_bands_with_level_names_in_pages(acme, api_as, band):
    api_as(acme.admin).post("/bands", {**MID_US, "level": LEVEL.senior, "min": 170000, "max": 220000})
    body = api_as(acme.admin).get("/bands", limit=1).json()
    assert (body["count"], body["limit"]) == (2, 1)
    assert body["items"][0]["level"] == LEVEL.mid
    assert body["items"][0]["level_name"] == "Mid"
    assert body["items"][0]["known_level"] is True


def test_an_admin_deletes_a_band(acme, api_as, band):
    response = api_as(acme.admin).delete(f"/bands/{band.pk}")
    assert response.status_code == 204
    assert not SalaryBand.objects.exists()
    assert AuditEvent.objects.filter(action="band.deleted").exists()


@pytest.mark.parametrize("who", ["engineer", "manager", "outsider"])
def test_bands_do_not_exist_for_anyone_but_an_admin(acme, api_as, band, who):
    api = api_as(getattr(acme, who))
    assert api.get("/bands").status_code == 404
    assert api.post("/bands", {**MID_US, "max": 999999}).status_code == 404
    assert api.delete(f"/bands/{band.pk}").status_code == 404
    assert SalaryBand.objects.get().max == 170000


def test_a_band_of_another_organisation_is_a_404(acme, api_as, band):
    globex = make_org("Globex")
    assert api_as(globex.admin).delete(f"/bands/{band.pk}").status_code == 404
    assert SalaryBand.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"level": "wizard"}, "level"),
        ({"currency": "usd"}, "currency"),
        ({"min": -1}, "min"),
        ({"min": "130000"}, "min"),
        ({"min": 200000}, "max"),
        ({"source": "x" * 501}, "source"),
    ],
)
def test_a_bad_band_is_a_422_naming_the_field(acme, api_as, change, field):
    response = api_as(acme.admin).post("/bands", {**MID_US, **change})
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert not SalaryBand.objects.exists()


def test_bands_need_authentication(anonymous, band):
    assert anonymous.get("/bands").status_code == 401
    assert anonymous.post("/bands", MID_US).status_code == 401
    assert anonymous.delete(f"/bands/{band.pk}").status_code == 401


def test_the_openapi_document_describes_bands_and_pay(api_as, acme):
    document = api_as(acme.engineer).get("/openapi.json").json()
    paths = document["paths"]
    band_set_body = paths["/api/v1/bands"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert band_set_body == {"$ref": "#/components/schemas/BandSetIn"}
    assert "204" in paths["/api/v1/bands/{band_id}"]["delete"]["responses"]
    pay = paths["/api/v1/people/{person_id}/pay"]["get"]["responses"]["200"]["content"]["application/json"]
    assert pay["schema"] == {"$ref": "#/components/schemas/PayOut"}
    assert "from" in document["components"]["schemas"]["JumpOut"]["properties"]
