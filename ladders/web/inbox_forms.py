"""The evidence inbox's upload form: one export or brag doc, what it is, and whose it is."""

from __future__ import annotations

from django import forms

from ladders.core import limits
from ladders.core.evidence_suggest import UPLOAD_TYPES
from ladders.web.forms import TextOrFileForm

UPLOAD_LABELS = {
    "brag": "Brag document (Markdown)",
    "github": "GitHub REST export (JSON)",
    "gitlab": "GitLab REST export (JSON)",
    "jira": "Jira CSV export",
    "suggestions": "Suggestions from ladders evidence suggest (JSON or YAML)",
}


class SuggestionUploadForm(TextOrFileForm):
    max_bytes = limits.EVIDENCE_EXPORT_BYTES

    source_type = forms.ChoiceField(label="What it is", choices=[(t, UPLOAD_LABELS[t]) for t in UPLOAD_TYPES])
    file = forms.FileField(required=False, label="File")
    text = forms.CharField(
        required=False, label="Or paste it", widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"})
    )
    identities = forms.CharField(
        required=False,
        max_length=limits.NOTES,
        label="Your user names (forge exports, Jira), comma-separated",
        help_text="Leave empty when the export holds only your own work.",
    )

    def authors(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data.get("identities", "").split(",") if part.strip()]
