"""The cycle pages: an admin opens a cycle with the form, sees participation, downloads it, closes it."""

from __future__ import annotations

from ladders.cycles.models import Cycle, OrgWebhook
from tests.cycles.cycle_helpers import open_cycle


def test_an_admin_opens_a_cycle_with_the_form(acme, signed_in):
    client = signed_in(acme.admin)
    assert client.get("/admin/cycles/new/").status_code == 200

    answer = client.post(
        "/admin/cycles/new/",
        {
            "name": "2026-Q1",
            "quarter": "2026-Q1",
            "opens_on": "2026-01-05",
            "self_review_due": "2026-03-20",
            "sign_off_due": "2026-03-31",
        },
    )

    cycle = Cycle.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/cycles/{cycle.pk}/"
    assert cycle.state == "open"
    page = client.get(answer["Location"]).content.decode()
    assert "Close the cycle" in page and acme.engineer.name in page


def test_a_form_error_names_the_field_and_writes_nothing(acme, signed_in):
    answer = signed_in(acme.admin).post(
        "/admin/cycles/new/",
        {
            "name": "2026-Q1",
            "quarter": "2026-Q1",
            "opens_on": "2026-01-05",
            "self_review_due": "2025-12-20",
            "sign_off_due": "2026-03-31",
        },
    )
    assert answer.status_code == 422
    assert "the self review cannot be due before the cycle opens" in answer.content.decode()
    assert not Cycle.objects.exists()


def test_closing_lists_everyone_not_signed_off(acme, signed_in):
    cycle = open_cycle(acme)
    client = signed_in(acme.admin)

    answer = client.post(f"/admin/cycles/{cycle.pk}/close/", follow=True)

    body = answer.content.decode()
    assert "Not signed off when the cycle closed" in body
    assert acme.outsider.name in body


def test_the_participation_csv_downloads(acme, signed_in):
    cycle = open_cycle(acme)
    answer = signed_in(acme.manager).get(f"/cycles/{cycle.pk}/participation.csv")
    assert answer["Content-Type"].startswith("text/csv")
    lines = answer.content.decode().splitlines()
    assert lines[0] == "person,team,manager,quarter,standing,email"
    assert len(lines) == 3  # the manager and Eve


def test_admins_see_who_has_no_email_address(acme, signed_in):
    acme.engineer.user.email = "eve@acme.test"
    acme.engineer.user.save()
    body = signed_in(acme.admin).get("/admin/notifications/").content.decode()
    assert acme.outsider.name in body
    assert acme.engineer.name not in body.split('id="without-email"')[1].split("</ul>")[0]


def test_an_admin_sets_the_webhook_and_a_bad_address_is_a_form_error(acme, signed_in):
    client = signed_in(acme.admin)
    bad = client.post("/admin/notifications/", {"channel": "slack", "url": "http://hooks.example.com/x"})
    assert bad.status_code == 422 and not OrgWebhook.objects.exists()

    good = client.post(
        "/admin/notifications/", {"channel": "teams", "url": "https://example.webhook.office.com/x"}
    )
    assert good.status_code == 302
    assert OrgWebhook.objects.get().channel == "teams"


def test_everyone_chooses_their_mails(acme, signed_in):
    client = signed_in(acme.engineer)
    assert client.post("/settings/mail/", {"submitted": "on", "signed_off": "on"}).status_code == 302
    assert acme.engineer.mail.reminders is False
    assert "checked" not in client.get("/settings/mail/").content.decode().split('name="reminders"')[1][:40]
