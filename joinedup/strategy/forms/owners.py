"""The form an owner fills in for each action on their digest's page."""

from __future__ import annotations

from django import forms

from joinedup.strategy.models import ActionStatus

# Cancelling an action is the partnership's decision, not the owner's report.
OWNER_STATUSES = [(code, label) for code, label in ActionStatus.choices if code != ActionStatus.CANCELLED]


class OwnerUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=OWNER_STATUSES,
        error_messages={"required": "Select the status", "invalid_choice": "Select the status"},
    )
    percent_complete = forms.IntegerField(
        label="Percent complete",
        min_value=0,
        max_value=100,
        help_text="A whole number from 0 to 100.",
        error_messages={
            "required": "Enter the percent complete",
            "invalid": "Enter the percent complete as a whole number",
            "min_value": "Percent complete must be 0 or more",
            "max_value": "Percent complete must be 100 or less",
        },
    )
    commentary = forms.CharField(
        label="What has happened since the last update (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
