"""Notifications reach a real webhook receiver and a real SMTP server on loopback, and a failure
is retried without undoing the change it reports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ladders.cycles import services
from ladders.cycles.models import Delivery
from ladders.cycles.notify import deliver_due
from ladders.leveling import services as leveling
from ladders.leveling.models import CheckIn, CheckInStatus
from tests.cycles.cycle_helpers import QUARTER, give_emails, open_cycle
from tests.cycles.receivers import Inbox, Receiver, smtp_server, webhook_receiver
from tests.framework_ids import SKILL


@pytest.fixture
def webhook() -> Iterator[tuple[str, type[Receiver]]]:
    with webhook_receiver() as found:
        yield found


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    with smtp_server() as (inbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        yield inbox


@pytest.fixture
def cycle(acme, settings):
    settings.BASE_URL = "https://ladders.example.com"
    give_emails(acme)
    return open_cycle(acme)


def submit(acme):
    return leveling.checkin_save(
        actor=acme.engineer,
        person=acme.engineer,
        quarter=QUARTER,
        self_ratings={SKILL.error_handling: 2},
        submit=True,
    )


def test_submitting_mails_the_manager_through_a_real_smtp_server(
    acme, cycle, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(acme)

    assert [to for to, _ in smtp.messages] == [["max.manager@acme.test"]]
    body = smtp.messages[0][1]
    assert "Eve Engineer" in body
    assert f"https://ladders.example.com/people/{acme.engineer.pk}/checkins/{QUARTER}/" in body
    assert Delivery.objects.get().sent_at is not None


def test_signing_off_mails_the_engineer(acme, cycle, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    checkin = submit(acme)
    with django_capture_on_commit_callbacks(execute=True):
        leveling.checkin_sign_off(actor=acme.manager, checkin=checkin)

    assert [m.to for m in mail.outbox] == [["eve.engineer@acme.test"]]
    assert "signed off" in mail.outbox[0].subject


def test_a_person_who_turned_the_mail_off_gets_none(
    acme, cycle, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.mail_preferences_save(actor=acme.manager, reminders=True, submitted=False, signed_off=True)
    with django_capture_on_commit_callbacks(execute=True):
        submit(acme)
    assert mail.outbox == []


@pytest.mark.parametrize("channel", ["slack", "teams"])
def test_the_org_webhook_gets_a_post_with_the_text(
    acme, cycle, webhook, settings, channel, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    url, receiver = webhook
    services.webhook_set(actor=acme.admin, channel=channel, url=url)

    with django_capture_on_commit_callbacks(execute=True):
        submit(acme)

    assert len(receiver.posts) == 1
    assert "Eve Engineer" in receiver.posts[0]["text"]
    assert Delivery.objects.filter(channel=channel, sent_at__isnull=False).count() == 1


def test_a_failing_webhook_is_logged_retried_and_never_undoes_the_submission(
    acme, cycle, webhook, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    url, receiver = webhook
    receiver.status = 500
    services.webhook_set(actor=acme.admin, channel="slack", url=url)

    with django_capture_on_commit_callbacks(execute=True):
        submit(acme)

    assert CheckIn.objects.get(person=acme.engineer, quarter=QUARTER).status == CheckInStatus.SUBMITTED
    failed = Delivery.objects.get(channel="slack")
    assert failed.sent_at is None and failed.attempts == 1 and failed.next_try is not None
    assert "failed" in caplog.text
    assert deliver_due(now=timezone.now()) == (0, 0)  # not due again yet

    receiver.status = 200
    assert deliver_due(now=timezone.now() + timedelta(minutes=2)) == (1, 0)
    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.attempts == 2
    assert len(receiver.posts) == 2


def test_an_unreachable_mail_server_leaves_the_delivery_waiting(
    acme, cycle, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    with django_capture_on_commit_callbacks(execute=True):
        submit(acme)

    waiting = Delivery.objects.get()
    assert waiting.sent_at is None and waiting.last_error
    assert CheckIn.objects.get(person=acme.engineer, quarter=QUARTER).status == CheckInStatus.SUBMITTED


@pytest.mark.parametrize("url", ["http://hooks.example.com/x", "ftp://127.0.0.1/x", "hooks.slack.com/x"])
def test_a_webhook_must_be_https_or_loopback(acme, url):
    from ladders.server.errors import Invalid

    with pytest.raises(Invalid):
        services.webhook_set(actor=acme.admin, channel="slack", url=url)
