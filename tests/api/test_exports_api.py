"""Exports through the API: a large CSV is queued, followed and downloaded by its requester alone."""

from __future__ import annotations

import pytest

from ladders.core import limits
from ladders.leveling.calibration import calibration_tables, csv_table

TABLE = "leniency"


@pytest.fixture
def small_limit(monkeypatch):
    """One row is "many" here, so the fixtures' small organisation takes the background path."""
    monkeypatch.setattr(limits, "EXPORT_SYNC_ROWS", 1)


def test_a_table_over_the_limit_answers_409_naming_the_export_to_queue(acme, api_as, small_limit):
    response = api_as(acme.admin).get(f"/calibration/{TABLE}.csv")
    assert response.status_code == 409
    assert "POST /api/v1/exports" in response.json()["detail"]


def test_a_queued_export_is_followed_and_downloaded_as_the_direct_csv(acme, api_as, small_limit):
    manager = api_as(acme.manager)
    started = manager.post("/exports", {"kind": "calibration", "table": TABLE})
    assert started.status_code == 202, started.content
    export_id = started.json()["id"]

    status = manager.get(f"/exports/{export_id}").json()
    assert (status["state"], status["percent"], status["filename"]) == (
        "done",
        100,
        f"calibration-{TABLE}.csv",
    )
    assert status["download"] == f"/api/v1/exports/{export_id}/download"
    download = manager.get(f"/exports/{export_id}/download")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download.content.decode() == csv_table(calibration_tables(viewer=acme.manager)["tables"][TABLE])


def test_someone_elses_export_does_not_exist_for_the_caller(acme, api_as):
    export_id = api_as(acme.manager).post("/exports", {"kind": "calibration", "table": TABLE}).json()["id"]
    for other in (acme.admin, acme.engineer, acme.other_manager):
        assert api_as(other).get(f"/exports/{export_id}").status_code == 404
        assert api_as(other).get(f"/exports/{export_id}/download").status_code == 404


def test_an_engineer_may_not_export_calibration_or_the_audit_log(acme, api_as):
    engineer = api_as(acme.engineer)
    assert engineer.post("/exports", {"kind": "calibration", "table": TABLE}).status_code == 404
    assert engineer.post("/exports", {"kind": "audit"}).status_code == 404


def test_bad_input_is_a_422_naming_the_field(acme, api_as):
    admin = api_as(acme.admin)
    unknown = admin.post("/exports", {"kind": "everything"})
    assert (unknown.status_code, unknown.json()["field"]) == (422, "kind")
    missing = admin.post("/exports", {"kind": "participation"})
    assert (missing.status_code, missing.json()["field"]) == (422, "cycle_id")
    no_table = admin.post("/exports", {"kind": "calibration"})
    assert (no_table.status_code, no_table.json()["field"]) == (422, "table")


def test_a_failed_export_says_why_and_its_download_is_a_409(acme, api_as):
    admin = api_as(acme.admin)
    export_id = admin.post("/exports", {"kind": "calibration", "table": "no_such_table"}).json()["id"]
    status = admin.get(f"/exports/{export_id}").json()
    assert (status["state"], status["error"], status["download"]) == (
        "failed",
        "no calibration table 'no_such_table'",
        None,
    )
    assert admin.get(f"/exports/{export_id}/download").status_code == 409


def test_the_audit_log_is_exported_with_its_filters_as_the_direct_download(acme, api_as, signed_in):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    body = {"kind": "audit", "action": "token.create", "since": today, "until": today}
    admin = api_as(acme.admin)  # one token: each is an audit event of its own
    export_id = admin.post("/exports", body).json()["id"]
    prepared = admin.get(f"/exports/{export_id}/download").content.decode()
    direct = signed_in(acme.admin).get(
        "/admin/audit.csv", {"action": "token.create", "since": today, "until": today}
    )
    assert prepared == direct.content.decode()
    assert prepared.count("\n") > 1  # the token made above: not an empty file
