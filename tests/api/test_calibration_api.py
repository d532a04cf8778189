"""Calibration as JSON and CSV: the service's tables, for managers and admins only."""

from __future__ import annotations

import csv
import io

import pytest

from ladders.accounts.models import Team
from ladders.api.calibration import TABLES
from ladders.leveling.calibration import calibration_tables
from ladders.leveling.services import checkin_save, checkin_sign_off
from tests.framework_ids import SKILL

QUARTER = "2026-Q1"


def _sign_off(person, manager, own: dict[str, int], given: dict[str, int]) -> None:
    checkin = checkin_save(actor=person, person=person, quarter=QUARTER, self_ratings=own, submit=True)
    checkin_sign_off(actor=manager, checkin=checkin, manager_ratings=given)


@pytest.fixture
def rated(acme):
    """Max rates Eve above her own view; Olga rates Oscar below his."""
    _sign_off(
        acme.engineer,
        acme.manager,
        {SKILL.error_handling: 2, SKILL.testable_code: 3},
        {SKILL.error_handling: 3},
    )
    _sign_off(
        acme.outsider,
        acme.other_manager,
        {SKILL.error_handling: 3, SKILL.testable_code: 2},
        {SKILL.error_handling: 1},
    )


def test_an_admin_gets_every_table_with_kappa_and_leniency(acme, api_as, rated):
    response = api_as(acme.admin).get("/calibration")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body["tables"]) == set(TABLES)
    assert "kappa" in body and "leniency" in body["tables"]
    assert body["people"] == 4
    assert {row["manager"] for row in body["tables"]["leniency"]} == {"Max Manager", "Olga Other"}
    assert set(body["tables"]["leniency"][0]) >= {
        "manager_id",
        "mean_difference",
        "low",
        "high",
        "significant",
    }


def test_the_json_is_the_services_tables(acme, api_as, rated):
    body = api_as(acme.admin).get("/calibration").json()
    expected = calibration_tables(viewer=acme.admin)
    assert body["kappa"] == expected["kappa"]
    assert body["tables"]["rating_gaps_by_person"] == expected["tables"]["rating_gaps_by_person"]
    assert body["framework"]["hash"] == expected["framework"]["hash"]


def test_the_api_names_every_table_the_service_makes(acme):
    assert set(TABLES) == set(calibration_tables(viewer=acme.admin)["tables"])


def test_a_manager_sees_only_their_reporting_chain(acme, api_as, rated):
    body = api_as(acme.manager).get("/calibration").json()
    assert body["people"] == 1
    assert [row["person"] for row in body["tables"]["rating_gaps_by_person"]] == ["Eve Engineer"]


def test_the_tables_narrow_to_a_team_or_a_manager(acme, api_as, rated):
    admin = api_as(acme.admin)
    platform = Team.objects.get(org=acme.org, name="Platform")
    by_team = admin.get("/calibration", team_id=platform.pk).json()
    assert by_team["team_id"] == platform.pk
    assert [row["person"] for row in by_team["tables"]["rating_gaps_by_person"]] == ["Oscar Outsider"]
    by_manager = admin.get("/calibration", manager_id=acme.manager.pk).json()
    assert [row["person"] for row in by_manager["tables"]["rating_gaps_by_person"]] == ["Eve Engineer"]


def test_an_engineer_has_no_calibration(acme, api_as, rated):
    engineer = api_as(acme.engineer)
    assert engineer.get("/calibration").status_code == 404
    assert engineer.get("/calibration/leniency.csv").status_code == 404


def test_an_unknown_team_or_a_manager_out_of_reach_is_a_404(acme, api_as, rated):
    manager = api_as(acme.manager)
    assert manager.get("/calibration", team_id=999_999).status_code == 404
    assert manager.get("/calibration", manager_id=acme.other_manager.pk).status_code == 404


def test_a_table_downloads_as_csv(acme, api_as, rated):
    response = api_as(acme.admin).get("/calibration/rating_gaps_by_person.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="calibration-rating_gaps_by_person.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["person"] for row in rows} == {"Eve Engineer", "Oscar Outsider"}
    assert {"person_id", "quarter", "mean_gap"} <= set(rows[0])


def test_the_csv_follows_the_same_filters(acme, api_as, rated):
    response = api_as(acme.admin).get("/calibration/rating_gaps_by_person.csv", manager_id=acme.manager.pk)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["person"] for row in rows] == ["Eve Engineer"]


def test_an_unknown_table_is_a_422_naming_the_table(acme, api_as):
    response = api_as(acme.admin).get("/calibration/salaries.csv")
    assert response.status_code == 422
    assert response.json()["field"] == "table"


def test_calibration_needs_authentication(anonymous):
    assert anonymous.get("/calibration").status_code == 401
    assert anonymous.get("/calibration/leniency.csv").status_code == 401


def test_the_openapi_document_describes_the_calibration_routes(acme, api_as):
    document = api_as(acme.engineer).get("/openapi.json").json()
    assert document["paths"]["/api/v1/calibration"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/CalibrationOut"}
    csv_route = document["paths"]["/api/v1/calibration/{table}.csv"]["get"]
    assert "text/csv" in csv_route["responses"]["200"]["content"]
    table = next(p for p in csv_route["parameters"] if p["name"] == "table")
    assert set(table["schema"]["enum"]) == set(TABLES)


def test_a_limit_keeps_the_first_rows_of_each_per_person_table_and_totals_count_them_all(acme, api_as, rated):
    body = api_as(acme.admin).get("/calibration", limit=1).json()
    whole = calibration_tables(viewer=acme.admin)["tables"]["rating_gaps_by_person"]
    assert body["limit"] == 1 and body["totals"]["rating_gaps_by_person"] == len(whole) == 2
    assert body["tables"]["rating_gaps_by_person"] == whole[:1]
    response = api_as(acme.admin).get("/calibration/rating_gaps_by_person.csv")
    assert len(list(csv.DictReader(io.StringIO(response.content.decode())))) == 2  # the CSV has all


@pytest.mark.parametrize("limit", ["0", "201", "many"])
def test_a_bad_limit_is_a_422_naming_the_field(acme, api_as, rated, limit):
    response = api_as(acme.admin).get("/calibration", limit=limit)
    assert response.status_code == 422
    assert "limit" in response.content.decode()
