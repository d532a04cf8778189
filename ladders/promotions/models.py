"""What promotions store: packets and their append-only history.

The rules (who may take part, which transitions exist, which review failures to flag)
live in `ladders.core.review`; these models only keep what the services decided.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.db import models
from django.db.models import Q

from ladders.accounts.models import Organisation, Person
from ladders.core import limits
from ladders.core.review import CLOSED_STATES, OPEN_STATES, PacketState
from ladders.leveling.models import AssessmentSnapshot, FrameworkVersion

__all__ = ["CLOSED_STATES", "OPEN_STATES", "Decision", "Packet", "PacketEvent", "PacketState"]


class Decision(models.TextChoices):
    PROMOTE = "promote", "Promote"
    # Saying not yet leaves the packet in the state of that name.
    NOT_YET = PacketState.NOT_YET.value, "Not yet"


# A decision as an API field: one of the choices above, which a checker reads as text.
if TYPE_CHECKING:
    DecisionValue = str
else:
    DecisionValue = Literal[tuple(Decision.values)]


class Packet(models.Model):
    """A case for promoting one person to one level, and the three passes that test it.

    Claims, the assessment and the evidence are frozen when the packet is submitted, so
    the reviewers judge exactly what the author submitted, under a known framework version.
    """

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="promotion_packets")
    subject = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="promotion_packets")
    target = models.CharField(
        max_length=limits.ID, help_text="Level id in the framework the packet was made with."
    )
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    narrative = models.TextField(blank=True)
    state = models.CharField(
        max_length=20,
        choices=[(s.value, s.value.replace("_", " ")) for s in PacketState],
        default=PacketState.DRAFT.value,
    )
    attempt = models.PositiveSmallIntegerField(
        default=1, help_text="Bumped when a not-yet packet is reopened."
    )
    reviewer = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    auditor = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claims = models.JSONField(default=list, blank=True, help_text="From packet_claims; frozen at submit.")
    evidence = models.JSONField(
        default=dict, blank=True, help_text="The subject's evidence by id (title, kind, date, outcome)."
    )
    assessment = models.JSONField(null=True, blank=True)
    framework = models.ForeignKey(
        FrameworkVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    framework_hash = models.CharField(max_length=80, blank=True)
    verdicts = models.JSONField(default=dict, blank=True, help_text="Pass 2, by check id.")
    audits = models.JSONField(default=dict, blank=True, help_text="Pass 3, by check id.")
    flags = models.JSONField(default=list, blank=True, help_text="Review failures found in pass 2.")
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    decision_justification = models.TextField(
        blank=True,
        help_text="Why the decider promoted despite the concerns shown (challenged verdicts, "
        "checks the engine finds failing, flags); required for that, kept in the audit trail.",
    )
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.ForeignKey(
        AssessmentSnapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1, help_text="Bumped on every save; detects stale edits.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subject"], condition=Q(state__in=OPEN_STATES), name="one_open_packet_per_person"
            )
        ]
        ordering = ["-updated", "-id"]
        indexes = [models.Index(fields=["org", "state"], name="packet_org_state")]

    def __str__(self) -> str:
        return f"{self.subject} -> {self.target} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class PacketEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValueError("packet events are append-only")

    def delete(self):
        raise ValueError("packet events are append-only")


class PacketEvent(models.Model):
    """One step in a packet's life; never changed or removed once written."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    payload = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = PacketEventQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state or '-'} -> {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("packet events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("packet events are append-only")
