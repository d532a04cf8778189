"""Telling the next person in a packet's life that it is their turn, by email.

Mail goes through Django's mail settings (the console by default) and only once the
transaction commits, so nobody hears about a step that was rolled back. A mail that fails
is logged by Django and does not undo the step, which has already happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ladders.accounts.models import Person
from ladders.promotions.models import Packet
from ladders.promotions.packet_view import packet_target_name


def notify(packet: Packet, action: str, *, actor: Person, to: Iterable[Person | None]) -> list[str]:
    """Queue one mail per recipient with an address, never to the actor; returns the addresses."""
    addresses = sorted(
        {
            person.user.email
            for person in to
            if person is not None and person.pk != actor.pk and person.user.email
        }
    )
    if not addresses:
        return []
    subject, body = message(packet, action, actor=actor)
    for address in addresses:
        transaction.on_commit(_sender(subject, body, address), robust=True)
    return addresses


def _sender(subject: str, body: str, address: str) -> Callable[[], None]:
    """Send one mail when called: what the transaction runs once it has committed."""

    def send() -> None:
        send_mail(subject, body, None, [address])

    return send


def message(packet: Packet, action: str, *, actor: Person) -> tuple[str, str]:
    """The subject line and the plain-text body for a step."""
    level = packet_target_name(packet)
    who = f"{packet.subject.name} for {level}"
    ref = f"Promotion packet #{packet.pk} (attempt {packet.attempt})."
    if action == "submit":
        return (
            f"Promotion packet to review: {who}",
            f"{actor.name} submitted the promotion packet of {who} and chose you as reviewer.\n\n"
            "Give each claim a verdict (supported, not supported or insufficient evidence) with a "
            "comment that cites the evidence ids it rests on.\n\n" + ref,
        )
    if action == "review":
        flags = len(packet.flags)
        return (
            f"Review to check: promotion packet of {who}",
            f"{actor.name} reviewed the promotion packet of {who} and chose you to review the review.\n\n"
            f"Confirm or challenge each verdict. The system flagged {flags} possible review "
            f"failure{'s' if flags != 1 else ''} for you to look at.\n\n" + ref,
        )
    if action == "audit":
        return (
            f"Promotion to decide: {who}",
            f"{actor.name} finished the review of the review of the promotion packet of {who}.\n\n"
            "It is ready for an admin's decision: promote, or not yet with the reasons.\n\n" + ref,
        )
    if action == "promote":
        return (
            f"Promoted: {who}",
            f"{actor.name} decided to promote {packet.subject.name} to {level}, "
            f"from {timezone.localdate(packet.decided_at):%Y-%m-%d}.\n\n" + ref,
        )
    if action == "decline":
        return (
            f"Not yet: promotion packet of {who}",
            f"{actor.name} decided that {packet.subject.name} is not yet {level}. "
            f"The reasons, which are now the next plan:\n\n{packet.decision_reasons}\n\n" + ref,
        )
    if action == "reopen":
        return (
            f"Promotion packet reopened: {who}",
            f"{actor.name} reopened the promotion packet of {who} for a new attempt.\n\n" + ref,
        )
    raise ValueError(f"no message for '{action}'")
