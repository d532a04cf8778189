"""Forms of the promotion packet pages: one per step of the review, each carrying the revision.

The forms only parse what was typed into the shapes the promotion services take. Whether
a reviewer is allowed, a verdict needs a comment or a flagged verdict needs a reason is
decided by the services, which answer with a `ServiceError` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from ladders.accounts.models import Person
from ladders.core.limits import REVIEW_TEXT
from ladders.core.review import VERDICTS
from ladders.promotions.inputs import AUDIT_OUTCOMES
from ladders.promotions.models import Decision, Packet
from ladders.promotions.packet_view import ClaimRow, EvidenceRow
from ladders.server.errors import ServiceError
from ladders.web.forms import choice_field, show_service_error


def _words(identifier: str) -> str:
    return identifier.replace("_", " ")


def _person_label(person: Person) -> str:
    extra = ", ".join(part for part in (person.title, person.team.name if person.team else "") if part)
    return f"{person.name} ({extra})" if extra else person.name


class PersonChoiceField(forms.ModelChoiceField):
    """Anyone in the organisation is accepted, so the services can say why someone is not allowed;
    the list offers only those the review rules allow."""

    def __init__(self, packet: Packet, offered: list[Person], **kwargs):
        super().__init__(queryset=Person.objects.filter(org_id=packet.org_id), required=False, **kwargs)
        self.widget.choices = [("", "Choose someone"), *((p.pk, _person_label(p)) for p in offered)]


@dataclass(frozen=True)
class ClaimFields:
    """A claim of the packet view with the form fields that judge it."""

    claim: ClaimRow
    fields: list[forms.BoundField]


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def show(self, error: ServiceError) -> None:
        show_service_error(self, error)


class NewPacketForm(forms.Form):
    target = forms.ChoiceField(label="Target level", help_text="Levels above the current one.")
    narrative = forms.CharField(
        required=False,
        max_length=REVIEW_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="The case for promotion; it can be edited until the packet is submitted.",
    )

    def __init__(self, targets: list, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "target").choices = [(level.id, level.name) for level in targets]


class DraftForm(RevisionForm):
    """The author's form: target, narrative, and the reviewer when submitting."""

    target = forms.ChoiceField(label="Target level")
    narrative = forms.CharField(
        required=False,
        max_length=REVIEW_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="The case for promotion in your own words: what changed because of the work, and for whom.",
    )

    def __init__(self, packet: Packet, targets: list, reviewers: list[Person], *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "target").choices = [(level.id, level.name) for level in targets]
        self.fields["reviewer"] = PersonChoiceField(
            packet,
            reviewers,
            label="Reviewer",
            help_text="Needed to submit. They give each claim a verdict; not you, and not the person.",
        )


class ReviewForm(RevisionForm):
    """Pass 2: a verdict, a comment and the cited evidence for every claim, and who reviews the review."""

    def __init__(
        self,
        packet: Packet,
        claims: list[ClaimRow],
        evidence: list[EvidenceRow],
        auditors: list[Person],
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.claims = claims
        verdicts = [("", "No verdict yet"), *((v, _words(v).capitalize()) for v in VERDICTS)]
        cite = [(item.id, f"{item.title} ({item.date})") for item in evidence]
        for row in claims:
            i = row.index
            self.fields[f"c{i}-verdict"] = forms.ChoiceField(
                label="Verdict", choices=verdicts, required=False, widget=forms.RadioSelect
            )
            self.fields[f"c{i}-comment"] = forms.CharField(
                label="Comment",
                required=False,
                max_length=REVIEW_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Which evidence backs the verdict, or what is missing.",
            )
            self.fields[f"c{i}-cited"] = forms.MultipleChoiceField(
                label="Evidence cited", choices=cite, required=False, widget=forms.CheckboxSelectMultiple
            )
        self.fields["auditor"] = PersonChoiceField(
            packet,
            auditors,
            label="Reviewer of the review",
            help_text="They confirm or challenge each verdict: not the author or their manager, "
            "you, or the person.",
        )

    def rows(self) -> list[ClaimFields]:
        return [
            ClaimFields(row, [self[f"c{row.index}-{name}"] for name in ("verdict", "comment", "cited")])
            for row in self.claims
        ]

    def verdicts(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            row.check: {
                "verdict": data[f"c{row.index}-verdict"] or None,
                "comment": data[f"c{row.index}-comment"],
                "cited": data[f"c{row.index}-cited"],
            }
            for row in self.claims
        }

    def show(self, error: ServiceError) -> None:
        _show_on_claim(self, error, "verdicts", "comment")


class AuditForm(RevisionForm):
    """Pass 3: confirm or challenge each verdict, with a comment."""

    def __init__(self, claims: list[ClaimRow], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.claims = claims
        outcomes = [("", "Not audited"), *((a, _words(a).capitalize()) for a in AUDIT_OUTCOMES)]
        for row in claims:
            i = row.index
            self.fields[f"c{i}-audit"] = forms.ChoiceField(
                label="The verdict is", choices=outcomes, required=False, widget=forms.RadioSelect
            )
            self.fields[f"c{i}-comment"] = forms.CharField(
                label="Comment",
                required=False,
                max_length=REVIEW_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Required to challenge, and to confirm a flagged verdict.",
            )

    def rows(self) -> list[ClaimFields]:
        return [
            ClaimFields(row, [self[f"c{row.index}-{name}"] for name in ("audit", "comment")])
            for row in self.claims
        ]

    def audits(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            row.check: {
                "audit": data[f"c{row.index}-audit"],
                "comment": data[f"c{row.index}-comment"],
            }
            for row in self.claims
            if data[f"c{row.index}-audit"]
        }

    def show(self, error: ServiceError) -> None:
        _show_on_claim(self, error, "audits", "comment")


class DecideForm(RevisionForm):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect, label="Decision")
    reasons = forms.CharField(
        required=False,
        max_length=REVIEW_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required for not yet: what is missing. The reasons become the person's next plan.",
    )
    justification = forms.CharField(
        required=False,
        max_length=REVIEW_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required to promote despite the concerns listed above: why they do not stand in "
        "the way. It is kept in the packet's history and the audit trail.",
    )


def _show_on_claim(form: ReviewForm | AuditForm, error: ServiceError, prefix: str, field: str) -> None:
    """A message about one claim (`verdicts.<check>: ...`) goes next to that claim's comment."""
    message = str(error)
    for row in form.claims:
        if message.startswith(f"{prefix}.{row.check}:"):
            form.add_error(f"c{row.index}-{field}", message)
            return
    show_service_error(form, error)
