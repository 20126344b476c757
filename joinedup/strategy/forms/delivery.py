"""Forms for programmes, actions, milestones and progress updates. They declare fields and
wording; the rules live in `joinedup.strategy.services.delivery`."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.conflicts import VersionedForm
from joinedup.partnerships.models import Partnership
from joinedup.strategy.models import Action, ActionStatus, Programme, UpdateCycle
from joinedup.strategy.services.delivery import ACTION_FIELDS, PROGRAMME_FIELDS

DATE_HINT = "For example, 27/03/2026"


def _date(label: str, *, required: bool = False, what: str = "") -> forms.DateField:
    what = what or label.lower()
    return forms.DateField(
        label=label if required else f"{label} (optional)",
        required=required,
        help_text=DATE_HINT,
        error_messages={"required": f"Enter the {what}", "invalid": f"Enter the {what} as a real date"},
    )


class ProgrammeForm(forms.ModelForm):
    update_cycle = forms.ChoiceField(
        label="How often actions are updated",
        choices=UpdateCycle.choices,
        widget=forms.RadioSelect,
        initial=UpdateCycle.MONTHLY,
        error_messages={"required": "Select how often actions are updated"},
    )
    start_date = _date("Start date")
    end_date = _date("End date")
    outcomes = forms.ModelMultipleChoiceField(
        label="Outcomes it contributes to",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Programme
        fields = [
            "title",
            "description",
            "owner_body",
            "lead_organisation",
            "champion",
            "start_date",
            "end_date",
            "outcomes",
            "update_cycle",
            "rag_amber_points",
            "rag_red_points",
        ]
        labels = {
            "description": "Description (optional)",
            "owner_body": "Owner body (optional)",
            "lead_organisation": "Lead organisation (optional)",
        }
        error_messages = {
            "title": {"required": "Enter the programme's title"},
            "rag_amber_points": {"required": "Enter the amber threshold"},
            "rag_red_points": {"required": "Enter the red threshold"},
        }

    def __init__(
        self, *args: Any, partnership: Partnership, led_priority_ids: set[int] | None = None, **kwargs: Any
    ) -> None:
        """`led_priority_ids` (None: no limit) limits the outcomes offered to those of the
        themes a theme lead leads; the programme's links to other themes' outcomes are kept."""
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.kept_outcomes: list[Any] = []
        self.fields["owner_body"].queryset = partnership.bodies.order_by("name")
        self.fields["lead_organisation"].queryset = partnership.organisations.order_by("name")
        self.fields["champion"].queryset = partnership.people.order_by("full_name")
        self.fields["champion"].label = "Champion (optional)"
        self.fields["champion"].help_text = "The person who speaks for it on the board."
        outcomes = partnership.outcomes.select_related("priority").order_by(
            "priority__position", "position", "title"
        )
        if led_priority_ids is not None:
            if self.instance.pk is not None:
                self.kept_outcomes = list(self.instance.outcomes.exclude(priority_id__in=led_priority_ids))
            outcomes = outcomes.filter(priority_id__in=led_priority_ids)
        self.fields["outcomes"].queryset = outcomes
        self.fields["description"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.kept_outcomes and "outcomes" in self.cleaned_data:
            self.cleaned_data["outcomes"] = [*self.cleaned_data["outcomes"], *self.kept_outcomes]
        amber, red = cleaned.get("rag_amber_points"), cleaned.get("rag_red_points")
        if amber is not None and red is not None and amber >= red:
            self.add_error("rag_red_points", "The red threshold must be more than the amber threshold")
        return cleaned

    def validate_constraints(self, exclude: Any = None) -> None:
        # The thresholds' constraint is checked in clean() with a message in words.
        return None

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROGRAMME_FIELDS if name in self.cleaned_data}


class ProgrammeEditForm(ProgrammeForm, VersionedForm):
    pass


class ProgrammeCloseForm(VersionedForm):
    closed_on = _date("Date closed", required=True, what="date the programme closed")
    lessons_learned = forms.CharField(
        label="Lessons learned",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What worked, what did not, and what the partnership would do differently.",
        error_messages={"required": "Enter the lessons learned"},
    )

    class Meta:
        model = Programme
        fields = ["closed_on", "lessons_learned"]


class ActionForm(forms.ModelForm):
    status = forms.ChoiceField(
        label="Reported status",
        choices=ActionStatus.choices,
        initial=ActionStatus.NOT_STARTED,
        error_messages={"required": "Select the reported status"},
    )
    start_date = _date("Start date")
    due_date = _date("Due date")
    contributing_organisations = forms.ModelMultipleChoiceField(
        label="Contributing organisations (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "lead_organisation",
            "lead_person",
            "contributing_organisations",
            "start_date",
            "due_date",
            "status",
            "percent_complete",
            "lessons_learned",
        ]
        labels = {
            "description": "Description (optional)",
            "lead_organisation": "Lead organisation (optional)",
            "lead_person": "Lead person (optional)",
            "percent_complete": "Percent complete",
            "lessons_learned": "Lessons learned (optional)",
        }
        help_texts = {
            "lessons_learned": "Record them when the action is complete or cancelled.",
            "percent_complete": "A whole number from 0 to 100.",
        }
        error_messages = {
            "title": {"required": "Enter the action's title"},
            "percent_complete": {
                "required": "Enter the percent complete",
                "invalid": "Enter the percent complete as a whole number",
                "max_value": "Percent complete must be 100 or less",
            },
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = partnership.organisations.order_by("name")
        self.fields["lead_person"].queryset = partnership.people.order_by("full_name")
        self.fields["contributing_organisations"].queryset = partnership.organisations.order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "Due date must be on or after the start date")
        return cleaned

    def validate_constraints(self, exclude: Any = None) -> None:
        # Dates and percent are checked in clean() and by the fields, with messages in words.
        return None

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ACTION_FIELDS if name in self.cleaned_data}


class ActionEditForm(ActionForm, VersionedForm):
    pass


class ProgressForm(VersionedForm):
    """A progress update: reported status, percent and commentary. Also the inline row form."""

    status = forms.ChoiceField(
        label="Reported status",
        choices=ActionStatus.choices,
        error_messages={"required": "Select the reported status"},
    )
    percent_complete = forms.IntegerField(
        label="Percent complete",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the percent complete",
            "invalid": "Enter the percent complete as a whole number",
            "min_value": "Percent complete must be 0 or more",
            "max_value": "Percent complete must be 100 or less",
        },
    )
    commentary = forms.CharField(
        label="Commentary (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has happened since the last update, and what is next.",
    )
    lessons_learned = forms.CharField(
        label="Lessons learned (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="If this update completes or cancels the action: what worked, what did not, "
        "and what the partnership should do differently next time.",
    )

    class Meta:
        model = Action
        fields = ["status", "percent_complete"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        closing = cleaned.get("status") in (ActionStatus.COMPLETE, ActionStatus.CANCELLED)
        if cleaned.get("lessons_learned", "").strip() and not closing:
            # Keep what was typed rather than dropping it: say when lessons are recorded.
            self.add_error(
                "lessons_learned",
                "Lessons learned are recorded when the action is complete or cancelled: "
                "choose Complete or Cancelled, or clear this box",
            )
        return cleaned

    def validate_constraints(self, exclude: Any = None) -> None:
        return None


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label="Milestone", max_length=300, error_messages={"required": "Enter the milestone"}
    )
    due_date = _date("Due date", required=True, what="milestone's due date")
