"""Forms of the cycle pages: opening a cycle, the organisation's webhook, one's mail choices."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from ladders.accounts.models import Team
from ladders.core import limits
from ladders.core.dates import QUARTER_PATTERN, Quarter
from ladders.cycles.models import Channel

DATE = forms.DateInput(attrs={"type": "date"})


class CycleForm(forms.Form):
    name = forms.CharField(max_length=limits.CYCLE_NAME, help_text="Such as 2027-Q1.")
    quarter = forms.RegexField(
        regex=QUARTER_PATTERN, max_length=7, help_text="YYYY-Qn: the current quarter or an earlier one."
    )
    opens_on = forms.DateField(label="Opens on", widget=DATE, help_text="Today or earlier opens it now.")
    self_review_due = forms.DateField(label="Self review due", widget=DATE)
    sign_off_due = forms.DateField(label="Sign-off due", widget=DATE)
    teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for the whole organisation.",
    )

    def __init__(self, org, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["teams"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Team.objects.filter(org=org).order_by("name")
        today = timezone.localdate()
        quarter = str(Quarter.of(today))
        self.initial.setdefault("name", quarter)
        self.initial.setdefault("quarter", quarter)
        self.initial.setdefault("opens_on", today)
        self.initial.setdefault("self_review_due", today + timedelta(days=14))
        self.initial.setdefault("sign_off_due", today + timedelta(days=28))


class WebhookForm(forms.Form):
    channel = forms.ChoiceField(
        choices=[(Channel.SLACK.value, "Slack"), (Channel.TEAMS.value, "Microsoft Teams")]
    )
    url = forms.CharField(
        label="Incoming webhook address",
        max_length=limits.WEBHOOK_URL,
        required=False,
        help_text="Leave empty to stop posting.",
    )


class MailPreferenceForm(forms.Form):
    reminders = forms.BooleanField(required=False, label="Reminders of a cycle's due dates")
    submitted = forms.BooleanField(required=False, label="A report submitted a check-in for my sign-off")
    signed_off = forms.BooleanField(required=False, label="My check-in was signed off")
