"""Forms for the agenda suggestion and governing documents; the rules live in
`joinedup.governance.services.thread`."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.conflicts import VersionedForm
from joinedup.core.uploads import UploadField
from joinedup.governance.checklists import Checklist
from joinedup.governance.models import GoverningDocument
from joinedup.partnerships.models import Partnership

DOCUMENT_KINDS = ("pdf", "docx")
DATE_HINT = "For example, 27/03/2026"


class DocumentForm(VersionedForm):
    upload = UploadField(
        allowed=DOCUMENT_KINDS,
        label="The document (optional)",
        required=False,
        help_text="A PDF or Word file. Leave empty to keep the current file.",
    )
    adopted_on = forms.DateField(
        label="Adopted on (optional)",
        required=False,
        help_text=DATE_HINT,
        error_messages={"invalid": "Enter the date it was adopted as a real date"},
    )
    review_due = forms.DateField(
        label="Review due (optional)",
        required=False,
        help_text=DATE_HINT,
        error_messages={"invalid": "Enter the review date as a real date"},
    )

    class Meta:
        model = GoverningDocument
        fields = ["title", "kind", "body", "adopted_on", "review_due"]
        labels = {"body": "Body it governs (optional)", "kind": "Kind of document"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "title": {"required": "Enter the document's title"},
            "kind": {"required": "Select the kind of document"},
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False
        self.fields["body"].queryset = partnership.bodies.order_by("name")

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ChecklistForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, checklist: Checklist, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for e in checklist.elements:
            self.fields[e.key] = forms.CharField(
                label=e.label,
                required=False,
                max_length=2000,
                help_text=f"{e.hint}. The clause that covers it, for example “Clause 4.2”; "
                "leave empty if it is missing.",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self, checklist: Checklist) -> dict[str, str]:
        return {e.key: self.cleaned_data.get(e.key) or "" for e in checklist.elements}
