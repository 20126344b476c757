"""Forms for the review paper; the rules live in `joinedup.assessment.services.paper`."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.assessment.models import Judgement, PaperFinding, ReviewPaper
from joinedup.core.conflicts import VersionedForm

OVERRIDE_CHOICES = [
    (Judgement.GREEN.value, "Green: in place"),
    (Judgement.AMBER.value, "Amber: partly in place"),
    (Judgement.RED.value, "Red: not in place"),
    ("", "Use the computed judgement"),
]


class PaperTextForm(VersionedForm):
    class Meta:
        model = ReviewPaper
        fields = ["title", "author_name", "introduction", "looking_forward", "conclusions"]
        labels = {
            "title": "Title of the paper",
            "author_name": "Author (optional)",
            "introduction": "Introduction (optional)",
            "looking_forward": "Looking forward (optional)",
            "conclusions": "Conclusions (optional)",
        }
        help_texts = {
            "introduction": "Why the paper was written and what it covers.",
            "looking_forward": "What the partnership will do next, and what may change around it.",
            "conclusions": "The author's overall view of how the partnership is doing.",
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "looking_forward": forms.Textarea(attrs={"rows": 6}),
            "conclusions": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {"title": {"required": "Enter the title of the paper"}}

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.Meta.fields}


class CommentaryForm(VersionedForm):
    class Meta:
        model = PaperFinding
        fields = ["commentary"]
        labels = {"commentary": "Commentary (optional)"}
        help_texts = {"commentary": "The author's view of the partnership's position on this finding."}
        widgets = {"commentary": forms.Textarea(attrs={"rows": 8})}


class OverrideForm(VersionedForm):
    override = forms.ChoiceField(
        label="Judgement",
        choices=OVERRIDE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    override_reason = forms.CharField(
        label="Reason",
        help_text="Why the computed judgement does not fit. Everyone who reads the paper sees it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the judgement"},
    )

    class Meta:
        model = PaperFinding
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["override"] = self.instance.override
            self.initial["override_reason"] = self.instance.override_reason


class PublishForm(VersionedForm):
    class Meta:
        model = ReviewPaper
        fields: list[str] = []
