"""The form a coordinator fills to raise an improvement action from a result. It declares
fields and wording; the rules live in `assessment.services.results`."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.partnerships.models import Partnership

DATE_HINT = "For example, 27/03/2027"


class ImprovementActionForm(forms.Form):
    title = forms.CharField(
        label="Action title", max_length=300, error_messages={"required": "Enter the action's title"}
    )
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)
    lead_person: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Owner: lead person (optional)", queryset=None, required=False
    )
    lead_organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Owner: lead organisation (optional)", queryset=None, required=False
    )
    due_date = forms.DateField(
        label="Due date",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the due date", "invalid": "Enter the due date as a real date"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_person"].queryset = partnership.people.order_by("full_name")  # type: ignore[attr-defined]
        self.fields["lead_organisation"].queryset = partnership.organisations.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("lead_person") and not cleaned.get("lead_organisation"):
            self.add_error("lead_person", "Choose the person or organisation who owns the action")
        return cleaned
