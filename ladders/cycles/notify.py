"""Notifications: written to the outbox with the change they report, delivered after it commits.

Every message is a `Delivery` row, created in the same transaction as the check-in it is
about, so a rolled-back change sends nothing and a committed one is never lost. Delivery
happens once the transaction commits (and again from `ladders remind`, which retries what
failed): email through Django's mail settings, and the organisation's Slack or Microsoft
Teams incoming webhook when one is set. A failure is logged, counted and tried again later
(`ladders.core.cycles.retry_delay`); it never touches the change itself.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ladders.accounts.models import Organisation, Person
from ladders.core.cycles import DELIVERY_ATTEMPTS, retry_delay
from ladders.cycles.links import absolute
from ladders.cycles.models import Channel, Delivery, MailPreference, OrgWebhook
from ladders.leveling.models import CheckIn

log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT_SECONDS = 10
SUBJECT_LIMIT = 300


def wants(person: Person, preference: str) -> bool:
    """Whether `person` takes this kind of mail (`reminders`, `submitted`, `signed_off`)."""
    found = MailPreference.objects.filter(person=person).first()
    return True if found is None else bool(getattr(found, preference))


def enqueue(
    *,
    org: Organisation,
    event: str,
    subject: str,
    body: str,
    link: str,
    to: Person | None,
    preference: str,
    webhook: bool = True,
) -> list[Delivery]:
    """Queue a mail to `to` (if they have an address and want it) and the org's webhook post."""
    rows: list[Delivery] = []
    subject = subject[:SUBJECT_LIMIT]
    now = timezone.now()
    if to is not None and to.user.email and wants(to, preference):
        rows.append(
            Delivery(
                org=org,
                channel=Channel.EMAIL,
                to=to.user.email,
                person=to,
                event=event,
                subject=subject,
                body=body,
                link=link,
                next_try=now,
            )
        )
    hook = OrgWebhook.objects.filter(org=org).first() if webhook else None
    if hook is not None:
        rows.append(
            Delivery(
                org=org,
                channel=hook.channel,
                to=hook.url,
                person=to,
                event=event,
                subject=subject,
                body=body,
                link=link,
                next_try=now,
            )
        )
    created = Delivery.objects.bulk_create(rows)
    if created:
        transaction.on_commit(lambda: deliver_due(now=None, ids=[d.pk for d in created]), robust=True)
    return created


def notify_submitted(*, checkin: CheckIn) -> list[Delivery]:
    """Tell the person's manager that a check-in waits for their sign-off."""
    person = checkin.person
    manager = person.manager
    link = absolute("checkin-review", person.pk, checkin.quarter)
    who = manager.name if manager else "their manager"
    return enqueue(
        org=person.org,
        event="checkin.submitted",
        subject=f"Check-in to sign off: {person.name}, {checkin.quarter}",
        body=f"{person.name} submitted their {checkin.quarter} check-in; it waits for {who}'s sign-off.\n\n"
        f"Review and sign it off: {link}\n",
        link=link,
        to=manager,
        preference="submitted",
    )


def notify_signed_off(*, checkin: CheckIn, actor: Person) -> list[Delivery]:
    """Tell the person that their check-in was signed off."""
    person = checkin.person
    link = absolute("checkin", checkin.quarter)
    return enqueue(
        org=person.org,
        event="checkin.signed_off",
        subject=f"Check-in signed off: {checkin.quarter}",
        body=f"{actor.name} signed off the {checkin.quarter} check-in of {person.name}.\n\nSee it: {link}\n",
        link=link,
        to=person if person.pk != actor.pk else None,
        preference="signed_off",
    )


def _post_webhook(delivery: Delivery) -> None:
    """Slack and Microsoft Teams incoming webhooks both take a JSON body with a `text` field."""
    text = (
        f"*{delivery.subject}*\n{delivery.body}"
        if delivery.channel == Channel.SLACK
        else (f"**{delivery.subject}**\n\n{delivery.body}")
    )
    request = urllib.request.Request(
        delivery.to,
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
        if not 200 <= response.status < 300:
            raise OSError(f"the webhook answered {response.status}")


def _send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        send_mail(delivery.subject, delivery.body, None, [delivery.to])
    else:
        _post_webhook(delivery)


def deliver_due(*, now: datetime | None = None, ids: list[int] | None = None) -> tuple[int, int]:
    """Send every delivery whose time has come (or those of `ids`); returns (sent, failed).

    Each row is claimed by moving its `next_try` on first, so two runs at once do not both
    send it; a failure is logged and scheduled again, a success is stamped `sent_at`.
    """
    now = now or timezone.now()
    due = Delivery.objects.filter(sent_at__isnull=True, next_try__isnull=False)
    due = due.filter(pk__in=ids) if ids is not None else due.filter(next_try__lte=now)
    sent = failed = 0
    for delivery in list(due.order_by("pk")):
        attempts = delivery.attempts + 1
        claimed = Delivery.objects.filter(pk=delivery.pk, next_try=delivery.next_try, sent_at__isnull=True)
        if not claimed.update(attempts=attempts, next_try=now + retry_delay(attempts)):
            continue  # someone else has it
        try:
            _send(delivery)
        except Exception as error:
            failed += 1
            give_up = attempts >= DELIVERY_ATTEMPTS
            log.warning(
                "delivery %s (%s to %s) failed, attempt %s%s: %s",
                delivery.pk,
                delivery.channel,
                delivery.to,
                attempts,
                ", giving up" if give_up else "",
                error,
            )
            Delivery.objects.filter(pk=delivery.pk).update(
                last_error=str(error)[:500], next_try=None if give_up else now + retry_delay(attempts)
            )
        else:
            sent += 1
            Delivery.objects.filter(pk=delivery.pk).update(
                sent_at=timezone.now(), next_try=None, last_error=""
            )
    return sent, failed
