"""CSV downloads over many rows are prepared in the background, for the requester alone.

The limit is lowered to one row here so that the small organisation of the fixtures is
"large"; the rule is the same at 1,000 (`limits.EXPORT_SYNC_ROWS`).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ladders.accounts.models import Role
from ladders.core import limits
from ladders.cycles import services as cycles
from ladders.leveling.calibration import calibration_tables, csv_table
from ladders.leveling.exports import export_start
from ladders.leveling.models import Export, ExportKind, ImportState
from tests.web.web_helpers import text_of

TABLE = "level_distribution"


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(limits, "EXPORT_SYNC_ROWS", 1)


@pytest.fixture
def cycle(acme):
    today = timezone.localdate()
    return cycles.cycle_create(
        actor=acme.admin,
        org=acme.org,
        name="Now",
        quarter=f"{today.year}-Q{(today.month - 1) // 3 + 1}",
        opens_on=today,
        self_review_due=today + timedelta(days=10),
        sign_off_due=today + timedelta(days=20),
    )


def _prepare(client, **fields):
    """Post the offer's form, as its button does; returns the export's page address."""
    response = client.post(reverse("exports"), fields)
    assert response.status_code == 302, response.content
    return response.headers["Location"]


def test_a_small_table_still_downloads_at_once(acme, signed_in):
    response = signed_in(acme.admin).get(reverse("calibration-csv", args=[TABLE]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert not Export.objects.exists()


def test_a_table_over_the_limit_offers_to_prepare_it_and_queues_nothing_by_itself(
    acme, signed_in, small_limit
):
    response = signed_in(acme.admin).get(reverse("calibration-csv", args=[TABLE]))
    page = text_of(response)
    assert response["Content-Type"].startswith("text/html")
    assert "Calibration table: 4 rows" in page and "Prepare the file" in page
    assert not Export.objects.exists()


def test_the_prepared_table_is_the_direct_download(acme, signed_in, small_limit):
    client = signed_in(acme.manager)
    page_url = _prepare(client, kind="calibration", table=TABLE)
    page = text_of(client.get(page_url))
    assert "Ready" in page and f"calibration-{TABLE}.csv" in page

    job = Export.objects.get()
    download = client.get(reverse("export-download", args=[job.pk]))
    expected = csv_table(calibration_tables(viewer=acme.manager)["tables"][TABLE])
    assert download.content.decode() == expected
    assert download["Content-Disposition"] == f'attachment; filename="calibration-{TABLE}.csv"'
    assert (job.state, job.requested_by, job.rows) == (
        ImportState.DONE,
        acme.manager,
        expected.count("\n") - 1,
    )


def test_the_filters_of_the_download_go_with_the_export(acme, signed_in, small_limit):
    client = signed_in(acme.admin)
    offer = client.get(reverse("calibration-csv", args=[TABLE]), {"team": acme.engineer.team_id})
    assert f'name="team_id" value="{acme.engineer.team_id}"' in offer.content.decode()
    _prepare(client, kind="calibration", table=TABLE, team_id=acme.engineer.team_id)
    job = Export.objects.get()
    expected = calibration_tables(viewer=acme.admin, team_id=acme.engineer.team_id)["tables"][TABLE]
    assert job.parameters == {"table": TABLE, "team_id": acme.engineer.team_id}
    assert job.content == csv_table(expected)


def test_participation_and_the_audit_log_are_prepared_like_their_direct_downloads(
    acme, signed_in, small_limit, cycle, monkeypatch
):
    client = signed_in(acme.admin)
    assert "Prepare the file" in text_of(client.get(reverse("cycle-csv", args=[cycle.pk])))
    assert "Prepare the file" in text_of(client.get(reverse("admin-audit-csv")))
    _prepare(client, kind="participation", cycle_id=cycle.pk)
    _prepare(client, kind="audit")

    monkeypatch.setattr(limits, "EXPORT_SYNC_ROWS", 1_000_000)
    direct = {
        ExportKind.PARTICIPATION: client.get(reverse("cycle-csv", args=[cycle.pk])).content.decode(),
        ExportKind.AUDIT: client.get(reverse("admin-audit-csv")).content.decode(),
    }
    for job in Export.objects.all():
        assert job.content == direct[job.kind], job.kind
    assert set(Export.objects.values_list("filename", flat=True)) == {
        f"participation-{cycle.quarter}.csv",
        "audit-log.csv",
    }


def test_the_page_follows_the_export_until_it_is_ready(acme, signed_in):
    job = Export.objects.create(
        org=acme.org, requested_by=acme.admin, kind="audit", filename="audit-log.csv", total=3000
    )
    page = signed_in(acme.admin).get(reverse("export", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "<progress" in page and "3000 rows expected" in page
    response = signed_in(acme.admin).get(reverse("export-download", args=[job.pk]))
    assert response.status_code == 302 and response.headers["Location"] == reverse("export", args=[job.pk])


def test_only_the_requester_sees_the_export_or_its_file(acme, signed_in):
    job = export_start(actor=acme.manager, kind="calibration", parameters={"table": TABLE})
    for other in (acme.admin, acme.other_manager, acme.engineer):
        client = signed_in(other)
        assert client.get(reverse("export", args=[job.pk])).status_code == 404
        assert client.get(reverse("export-download", args=[job.pk])).status_code == 404
        assert "calibration-" not in text_of(client.get(reverse("exports")))
    assert f"calibration-{TABLE}.csv" in text_of(signed_in(acme.manager).get(reverse("exports")))


def test_a_requester_who_lost_the_right_can_no_longer_download(acme, signed_in):
    job = export_start(actor=acme.manager, kind="calibration", parameters={"table": TABLE})
    acme.manager.role = Role.ENGINEER
    acme.manager.save(update_fields=["role"])
    assert signed_in(acme.manager).get(reverse("export-download", args=[job.pk])).status_code == 404


def test_an_expired_export_is_not_downloaded_and_is_deleted_by_the_next_one(acme, signed_in):
    job = export_start(actor=acme.admin, kind="audit", parameters={})
    Export.objects.filter(pk=job.pk).update(expires=timezone.now() - timedelta(minutes=1))
    client = signed_in(acme.admin)
    download = client.get(reverse("export-download", args=[job.pk]), follow=True)
    assert "expired" in text_of(download) and download.redirect_chain
    assert "Expired" in text_of(client.get(reverse("export", args=[job.pk])))

    export_start(actor=acme.admin, kind="audit", parameters={})
    assert not Export.objects.filter(pk=job.pk).exists()


def test_an_engineer_cannot_export_calibration_and_nothing_is_recorded(acme, signed_in):
    response = signed_in(acme.engineer).post(reverse("exports"), {"kind": "calibration", "table": TABLE})
    assert response.status_code == 404
    assert not Export.objects.exists()


def test_a_bad_filter_is_refused_naming_it(acme, signed_in):
    response = signed_in(acme.admin).post(
        reverse("exports"), {"kind": "calibration", "table": TABLE, "team_id": "x"}
    )
    assert response.status_code == 422
    assert "team_id must be a positive whole number" in text_of(response)
    assert not Export.objects.exists()


def test_an_unknown_table_fails_with_its_name_and_offers_no_file(acme, signed_in):
    job = export_start(actor=acme.admin, kind="calibration", parameters={"table": "no_such_table"})
    job.refresh_from_db()
    assert (job.state, job.content) == (ImportState.FAILED, "")
    page = text_of(signed_in(acme.admin).get(reverse("export", args=[job.pk])))
    assert "The export failed: no calibration table 'no_such_table'" in page


def test_a_filtered_audit_log_over_the_limit_carries_its_dates_to_the_export(acme, signed_in, small_limit):
    from ladders.accounts.services import token_create

    for name in ("one", "two"):  # two audit events today: over the limit of one
        token_create(acme.admin, name=name)
    today = timezone.localdate().isoformat()
    client = signed_in(acme.admin)
    today_only = {"since": today, "until": today}
    offer = client.get(reverse("admin-audit-csv"), today_only)
    assert f'name="since" value="{today}"' in offer.content.decode()
    _prepare(client, kind="audit", **today_only)
    assert Export.objects.get().parameters == {"action": "", **today_only}


def test_the_exports_page_states_the_limit_as_people_write_numbers(acme, signed_in):
    page = text_of(signed_in(acme.admin).get(reverse("exports")))
    assert f"more than {limits.EXPORT_SYNC_ROWS:,} rows" in page
    assert "more than 1,000 rows" in page
