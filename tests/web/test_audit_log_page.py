"""The admins' audit log: every audited event, filtered by person, actor, action and day, and as CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ladders.leveling.models import AuditEvent
from ladders.leveling.services.people import person_deactivate, person_edit
from tests.framework_ids import KIND
from tests.web.web_helpers import text_of


def _history(acme, add_evidence):
    person_edit(actor=acme.admin, person=acme.engineer, title="Senior engineer")
    person_deactivate(actor=acme.admin, person=acme.outsider)
    add_evidence(acme.engineer, KIND.adr)


def test_the_log_lists_every_event_and_filters_by_person_actor_and_action(acme, signed_in, add_evidence):
    _history(acme, add_evidence)
    client = signed_in(acme.admin)
    page = reverse("admin-audit")

    everything = client.get(page).context["page"].paginator.count
    about_eve = client.get(page, {"person": acme.engineer.pk}).context["page"].object_list
    deactivations = text_of(client.get(page, {"action": "person.deactivated"}))
    by_admin = client.get(page, {"actor": acme.admin.pk}).context["page"].object_list

    assert everything == AuditEvent.objects.filter(org=acme.org).count() >= 2
    assert {e.action for e in about_eve} == {"person.edited"}
    assert "Oscar Outsider" in deactivations and "Senior engineer" not in deactivations
    assert {e.action for e in by_admin} == {"person.edited", "person.deactivated"}


def test_the_date_range_includes_both_days(acme, signed_in, add_evidence):
    _history(acme, add_evidence)
    today = timezone.localdate()
    client = signed_in(acme.admin)

    inside = (
        client.get(reverse("admin-audit"), {"since": today, "until": today}).context["page"].paginator.count
    )
    before = (
        client.get(reverse("admin-audit"), {"until": today - timedelta(days=1)})
        .context["page"]
        .paginator.count
    )

    assert inside == AuditEvent.objects.filter(org=acme.org).count() and before == 0


def test_the_csv_export_has_the_filtered_events_with_before_and_after(acme, signed_in, add_evidence):
    _history(acme, add_evidence)

    response = signed_in(acme.admin).get(reverse("admin-audit-csv"), {"person": acme.engineer.pk})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["action"] for r in rows] == ["person.edited"]
    assert rows[0]["actor"] == "Ada Admin" and "Senior engineer" in rows[0]["after"]


def test_the_audit_log_does_not_exist_for_anyone_but_admins(acme, signed_in):
    for person in (acme.engineer, acme.manager):
        client = signed_in(person)
        assert client.get(reverse("admin-audit")).status_code == 404
        assert client.get(reverse("admin-audit-csv")).status_code == 404
