"""Helpers for promotion tests: the cast, a packet walked to any state, and refusal checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from ladders.accounts.models import Person
from ladders.promotions import services
from ladders.promotions.models import Packet
from ladders.server.errors import ServiceError
from tests.framework_ids import LEVEL

NARRATIVE = "Eve shipped two features real users rely on and owns them end to end."
# The default packet has a check the engine finds failing, so promoting it needs a reason.
JUSTIFICATION = "The debugging story is on record in the incident review; the panel weighed it."


@dataclass
class Cast:
    org: Any
    admin: Person
    manager: Person
    engineer: Person
    other_manager: Person
    outsider: Person
    peer: Person

    def fresh(self, person: Person) -> Person:
        return Person.objects.select_related("user").get(pk=person.pk)


def supported_where_the_engine_agrees(packet: Packet) -> dict[str, dict[str, Any]]:
    """An honest review: support what the engine finds, citing evidence; doubt the rest."""
    anything = next(iter(packet.evidence))
    verdicts = {}
    for claim in packet.claims:
        if claim["engine_passed"]:
            cited = claim["evidence"] or [anything]
            verdicts[claim["check"]] = {"verdict": "supported", "comment": f"See {cited[0]}.", "cited": cited}
        else:
            verdicts[claim["check"]] = {
                "verdict": "insufficient_evidence",
                "comment": "No evidence for this check yet.",
                "cited": [],
            }
    return verdicts


def confirm_all(packet: Packet) -> dict[str, dict[str, str]]:
    return {check: {"audit": "confirmed", "comment": "Checked."} for check in packet.verdicts}


class Flow:
    """Walks a packet through the passes with sensible defaults; each step returns the packet."""

    def __init__(self, cast: Cast):
        self.cast = cast

    def create(
        self,
        *,
        author: Person | None = None,
        subject: Person | None = None,
        target: str = LEVEL.mid,
        narrative: str = NARRATIVE,
    ) -> Packet:
        subject = subject or self.cast.engineer
        return services.packet_create(
            actor=author or subject, person=subject, target=target, narrative=narrative
        )

    def submit(self, packet: Packet, *, reviewer: Person | None = None) -> Packet:
        return services.packet_submit(
            actor=packet.author,
            packet=packet,
            reviewer=reviewer or self.cast.other_manager,
            revision=packet.revision,
        )

    def review(
        self, packet: Packet, *, verdicts: dict | None = None, auditor: Person | None = None
    ) -> Packet:
        return services.packet_review(
            actor=packet.reviewer,
            packet=packet,
            verdicts=supported_where_the_engine_agrees(packet) if verdicts is None else verdicts,
            auditor=auditor or self.cast.peer,
            revision=packet.revision,
        )

    def audit(self, packet: Packet, *, audits: dict | None = None) -> Packet:
        return services.packet_audit(
            actor=packet.auditor,
            packet=packet,
            audits=confirm_all(packet) if audits is None else audits,
            revision=packet.revision,
        )

    def decide(
        self,
        packet: Packet,
        decision: str = "promote",
        reasons: str = "",
        *,
        by: Person | None = None,
        justification: str | None = None,
    ) -> Packet:
        """Promote (with `JUSTIFICATION` unless told otherwise) or say not yet."""
        if justification is None:
            justification = JUSTIFICATION if decision == "promote" else ""
        return services.packet_decide(
            actor=by or self.cast.admin,
            packet=packet,
            decision=decision,
            reasons=reasons,
            justification=justification,
            revision=packet.revision,
        )

    def to(self, state: str, **create: Any) -> Packet:
        """A packet (for the engineer unless told), walked with the defaults up to `state`."""
        packet = self.create(**create)
        steps = {
            "submitted": [self.submit],
            "reviewed": [self.submit, self.review],
            "audited": [self.submit, self.review, self.audit],
            "promoted": [self.submit, self.review, self.audit, self.decide],
            "not_yet": [
                self.submit,
                self.review,
                self.audit,
                lambda p: self.decide(p, "not_yet", "Write up a debugging story."),
            ],
        }
        for step in steps.get(state, []):
            packet = step(packet)
        assert packet.state == state
        return packet


def refused(call: Callable[[], Any], status: int, match: str | None = None) -> str:
    """Run `call`, expecting a ServiceError with `status`; returns its message."""
    with pytest.raises(ServiceError, match=match) as caught:
        call()
    assert caught.value.status == status, str(caught.value)
    return str(caught.value)


def state_of(packet: Packet) -> tuple[str, int, int]:
    """What a refused step must leave as it was: state, revision and the number of events."""
    fresh = Packet.objects.get(pk=packet.pk)
    return fresh.state, fresh.revision, fresh.events.count()


class BrokenMailServer(BaseEmailBackend):
    """A mail backend whose server is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")
