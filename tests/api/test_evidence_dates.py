"""Evidence is recorded once the work has happened: a date after today is a 422 naming `date`."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ladders.leveling.models import Evidence
from tests.framework_ids import KIND

ITEM = {"kind": KIND.debugging_story, "title": "Flaky retriever"}


def test_evidence_dated_tomorrow_is_refused(acme, api_as):
    tomorrow = timezone.localdate() + timedelta(days=1)
    body = {**ITEM, "date": tomorrow.isoformat()}
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", body)
    assert response.status_code == 422
    assert response.json()["field"] == "date"
    assert f"{tomorrow.isoformat()} is in the future" in response.json()["detail"]
    assert not Evidence.objects.exists()


def test_evidence_dated_today_is_recorded(acme, api_as):
    body = {**ITEM, "date": timezone.localdate().isoformat()}
    response = api_as(acme.engineer).post(f"/people/{acme.engineer.pk}/evidence", body)
    assert response.status_code == 201, response.content


def test_moving_evidence_into_the_future_is_refused_and_changes_nothing(acme, api_as):
    api = api_as(acme.engineer)
    created = api.post(f"/people/{acme.engineer.pk}/evidence", {**ITEM, "date": "2026-01-05"}).json()
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = api.patch(f"/evidence/{created['id']}", {"date": later})
    assert response.status_code == 422
    assert response.json()["field"] == "date"
    assert Evidence.objects.get(pk=created["id"]).date.isoformat() == "2026-01-05"
