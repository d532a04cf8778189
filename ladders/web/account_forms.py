"""Forms of the account pages: API tokens (passwords use Django's own forms)."""

from __future__ import annotations

from django import forms

from ladders.core import limits

# How long a new token lasts; "" is until revoked. The service accepts any number of days up
# to limits.TOKEN_DAYS (the command line's `--days`); the page offers the usual choices.
EXPIRY_CHOICES = [
    ("30", "30 days"),
    ("90", "90 days"),
    ("365", "1 year"),
    ("", "Never (until revoked)"),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=limits.TOKEN_NAME,
        label="What it is for",
        help_text="A name you will recognise in the list, such as “CI export”.",
    )
    days = forms.TypedChoiceField(
        choices=EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
        label="Expires after",
    )
