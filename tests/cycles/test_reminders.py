"""Reminders go out 7 days and 1 day before each due date and when it has passed, each exactly once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from ladders.cycles import services
from ladders.cycles.models import Delivery, Reminder
from ladders.cycles.reminders import remind_run
from ladders.leveling import services as leveling
from tests.cycles.cycle_helpers import QUARTER, SELF_REVIEW_DUE, SIGN_OFF_DUE, at, give_emails, open_cycle
from tests.framework_ids import SKILL


@pytest.fixture
def cycle(acme, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.BASE_URL = "https://ladders.example.com"
    give_emails(acme)
    return open_cycle(acme)


def run(now, **kwargs):
    sent, _ = remind_run(now=now, **kwargs)
    return sorted((d.person.name, d.kind.value, d.threshold) for d in sent)


def submit(person):
    return leveling.checkin_save(
        actor=person, person=person, quarter=QUARTER, self_ratings={SKILL.error_handling: 2}, submit=True
    )


def test_nothing_is_due_more_than_a_week_before(acme, cycle):
    assert run(at(SELF_REVIEW_DUE - timedelta(days=8))) == []


@pytest.mark.parametrize(
    ("days_before", "threshold"), [(7, "7d"), (3, "7d"), (1, "1d"), (0, "1d"), (-1, "overdue")]
)
def test_each_engineer_who_has_not_submitted_is_reminded_at_each_threshold(
    acme, cycle, days_before, threshold
):
    sent = run(at(SELF_REVIEW_DUE - timedelta(days=days_before)))

    assert sent == sorted(
        (p.name, "self_review", threshold)
        for p in [acme.admin, acme.manager, acme.other_manager, acme.engineer, acme.outsider]
    )


def test_a_second_run_at_the_same_moment_sends_nothing(acme, cycle, django_capture_on_commit_callbacks):
    now = at(SELF_REVIEW_DUE - timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        first = run(now)
    with django_capture_on_commit_callbacks(execute=True):
        second = run(now)

    assert len(first) == 5
    assert second == []
    assert Reminder.objects.count() == 5
    assert len(mail.outbox) == 5


def test_each_threshold_is_sent_once_over_the_whole_cycle(acme, cycle):
    days = [SELF_REVIEW_DUE - timedelta(days=n) for n in (9, 7, 6, 1, 0)] + [
        SELF_REVIEW_DUE + timedelta(days=2)
    ]
    sent = [item for day in days for item in run(at(day)) if item[0] == acme.outsider.name]

    assert [t for _, _, t in sent] == ["7d", "1d", "overdue"]


def test_the_mail_links_to_the_exact_page(acme, cycle, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(at(SELF_REVIEW_DUE - timedelta(days=1)))

    to_outsider = [m for m in mail.outbox if m.to == ["oscar.outsider@acme.test"]]
    assert len(to_outsider) == 1
    assert f"https://ladders.example.com/checkins/{QUARTER}/" in to_outsider[0].body
    assert "due tomorrow" in to_outsider[0].subject


def test_someone_who_submitted_is_not_reminded_and_their_manager_is(acme, cycle):
    submit(acme.engineer)

    sent = run(at(SIGN_OFF_DUE - timedelta(days=7)))

    assert (acme.engineer.name, "self_review", "overdue") not in sent
    assert (acme.manager.name, "sign_off", "7d") in sent


@pytest.mark.parametrize(("days_before", "threshold"), [(7, "7d"), (1, "1d"), (-1, "overdue")])
def test_managers_are_reminded_of_sign_offs_at_each_threshold(acme, cycle, days_before, threshold):
    submit(acme.engineer)
    submit(acme.outsider)

    sent = [s for s in run(at(SIGN_OFF_DUE - timedelta(days=days_before))) if s[1] == "sign_off"]

    assert sent == sorted(
        [(acme.manager.name, "sign_off", threshold), (acme.other_manager.name, "sign_off", threshold)]
    )


def test_the_managers_reminder_names_everyone_waiting(acme, cycle, django_capture_on_commit_callbacks):
    submit(acme.engineer)
    with django_capture_on_commit_callbacks(execute=True):
        run(at(SIGN_OFF_DUE))

    to_manager = [m for m in mail.outbox if m.to == ["max.manager@acme.test"] and "sign off" in m.subject]
    assert len(to_manager) == 1
    assert acme.engineer.name in to_manager[0].body
    assert "https://ladders.example.com/" in to_manager[0].body


def test_a_dry_run_lists_what_is_due_and_writes_nothing(acme, cycle):
    sent = run(at(SELF_REVIEW_DUE), dry_run=True)

    assert len(sent) == 5
    assert not Reminder.objects.exists()
    assert not Delivery.objects.exists()


def test_no_address_or_reminders_turned_off_means_no_reminder_and_none_recorded(acme, cycle):
    acme.outsider.user.email = ""
    acme.outsider.user.save()
    services.mail_preferences_save(actor=acme.engineer, reminders=False, submitted=True, signed_off=True)

    sent = run(at(SELF_REVIEW_DUE))

    names = {name for name, _, _ in sent}
    assert acme.outsider.name not in names
    assert acme.engineer.name not in names
    assert not Reminder.objects.filter(person__in=[acme.outsider, acme.engineer]).exists()


def test_a_closed_cycle_reminds_no_one(acme, cycle):
    services.cycle_close(actor=acme.admin, cycle=cycle, today=date(2026, 6, 10))
    assert run(at(SELF_REVIEW_DUE)) == []
