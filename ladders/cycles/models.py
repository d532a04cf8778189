"""What cycles and notifications store. The rules are in `ladders.core.cycles`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from ladders.accounts.models import Organisation, Person, Team
from ladders.core import limits
from ladders.core.cycles import CycleState, ReminderKind, Threshold
from ladders.leveling.models import CheckIn, ImportState, JobProgress


class Cycle(models.Model):
    """A quarter's check-ins, asked of everyone in scope, with a self review and a sign-off due date.

    A quarter may have several cycles when their teams differ (each with its own dates), never
    two that ask the same people: `ladders.cycles.services.cycle_create` refuses an overlap.
    """

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(max_length=limits.CYCLE_NAME)
    quarter = models.CharField(max_length=7, help_text="YYYY-Qn: the quarter its check-ins are for.")
    state = models.CharField(
        max_length=20, choices=[(s.value, s.value.title()) for s in CycleState], default=CycleState.SCHEDULED
    )
    opens_on = models.DateField()
    self_review_due = models.DateField()
    sign_off_due = models.DateField()
    whole_org = models.BooleanField(default=True, help_text="Everyone; otherwise the chosen teams.")
    teams = models.ManyToManyField(Team, blank=True, related_name="cycles")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="cycle_name_unique_in_org"),
        ]
        ordering = ["-quarter", "-id"]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """Someone a cycle asks for a check-in; their standing is frozen when the cycle closes."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cycle_places")
    checkin = models.ForeignKey(CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    joined = models.DateTimeField(auto_now_add=True)
    closed_standing = models.CharField(
        max_length=20, blank=True, help_text="Where they stood when the cycle closed; empty while open."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "person"], name="one_place_per_cycle")]
        ordering = ["person__name", "pk"]


class Reminder(models.Model):
    """A reminder sent: one row per cycle, recipient, kind and threshold, so none goes twice."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=[(k.value, k.value) for k in ReminderKind])
    threshold = models.CharField(max_length=10, choices=[(t.value, t.value) for t in Threshold])
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "person", "kind", "threshold"], name="each_reminder_once"
            )
        ]


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SLACK = "slack", "Slack"
    TEAMS = "teams", "Microsoft Teams"


class Delivery(models.Model):
    """A message waiting to go out, or gone: the outbox every notification passes through.

    It is written in the same transaction as the change it reports, and sent after; a failed
    send is tried again later (`attempts`, `next_try`) and never undoes the change.
    """

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    to = models.CharField(max_length=limits.WEBHOOK_URL, help_text="An email address or a webhook URL.")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event = models.CharField(max_length=40)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    link = models.CharField(max_length=limits.WEBHOOK_URL, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try = models.DateTimeField(null=True, blank=True, help_text="Empty once sent or given up.")
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["next_try"], condition=Q(next_try__isnull=False), name="delivery_due")
        ]


class MailPreference(models.Model):
    """Which mails a person gets; no row means all of them."""

    person = models.OneToOneField(Person, primary_key=True, on_delete=models.CASCADE, related_name="mail")
    reminders = models.BooleanField(default=True, help_text="Reminders of a cycle's due dates.")
    submitted = models.BooleanField(default=True, help_text="A report submitted a check-in for sign-off.")
    signed_off = models.BooleanField(default=True, help_text="My check-in was signed off.")


class OrgWebhook(models.Model):
    """An organisation's Slack or Microsoft Teams incoming webhook, posted every notification."""

    org = models.OneToOneField(
        Organisation, primary_key=True, on_delete=models.CASCADE, related_name="webhook"
    )
    channel = models.CharField(
        max_length=10, choices=[(Channel.SLACK.value, "Slack"), (Channel.TEAMS.value, "Microsoft Teams")]
    )
    url = models.CharField(max_length=limits.WEBHOOK_URL)
    updated = models.DateTimeField(auto_now=True)


class CycleOpening(JobProgress, models.Model):
    """The background opening of a cycle too large to open in a request (`ladders.cycles.opening`).

    The cycle is "opening" meanwhile: no one is asked for anything and nothing is reminded
    until everyone in scope has their place and check-in and the cycle turns "open".
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="openings")
    started_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    stage = models.CharField(max_length=80, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"opening of cycle {self.cycle_id} ({self.state})"
