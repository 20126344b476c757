"""Forms of the strategy: the strategy, adoption, themes, outcomes, objectives, evidence.

Model forms here skip ModelForm's `_post_clean` (like the directory's): it would copy the
values onto the instance before the service snapshots it for the audit entry. The
services apply the values and run `full_clean()` themselves.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from joinedup.core.conflicts import VersionedForm
from joinedup.core.uploads import UploadField
from joinedup.partnerships.models import Partnership
from joinedup.strategy import selectors
from joinedup.strategy.models import BoardRole, Evidence, EvidenceKind, Objective, Outcome, Priority, Strategy
from joinedup.strategy.services.strategy import (
    EVIDENCE_FIELDS,
    OBJECTIVE_FIELDS,
    OUTCOME_FIELDS,
    PRIORITY_FIELDS,
    STRATEGY_FIELDS,
)

DATE_HINT = "For example, 27 3 2026"


class _ValuesMixin:
    value_fields: tuple[str, ...] = ()

    def _post_clean(self) -> None:  # see the module docstring
        return None

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return {name: data[name] for name in self.value_fields if name in data}


def _leads(form: forms.ModelForm, partnership: Partnership) -> None:
    for name, queryset, label in (
        ("lead_body", partnership.bodies.order_by("name"), "No lead body"),
        ("lead_organisation", partnership.organisations.order_by("name"), "No lead organisation"),
        ("champion", partnership.people.order_by("full_name"), "No champion"),
    ):
        if name in form.fields:
            field = form.fields[name]
            field.queryset = queryset  # type: ignore[attr-defined]
            field.required = False
            field.empty_label = label  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = "Select one of this partnership's own"


class StrategyForm(_ValuesMixin, forms.ModelForm):
    value_fields = STRATEGY_FIELDS

    class Meta:
        model = Strategy
        fields = list(STRATEGY_FIELDS)
        labels = {
            "title": "Title",
            "vision": "Vision statement",
            "start_year": "First year of the period",
            "end_year": "Last year of the period",
            "adopted_on": "Date adopted",
            "next_review_on": "Next review date",
            "status": "Status",
            "drive_limit": "Warn when the board drives more priorities than",
        }
        help_texts = {
            "start_year": "For example, 2008",
            "end_year": "For example, 2028",
            "adopted_on": DATE_HINT,
        }
        widgets = {
            "status": forms.RadioSelect,
            "adopted_on": forms.DateInput(attrs={"type": "date"}),
            "next_review_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter a title"
        self.fields["vision"].error_messages["required"] = "Enter the vision statement"
        self.fields["start_year"].error_messages["required"] = "Enter the first year of the period"
        self.fields["end_year"].error_messages["required"] = "Enter the last year of the period"
        self.fields["status"].error_messages["required"] = "Select a status"
        self.fields["drive_limit"].error_messages["required"] = (
            "Enter how many priorities the board may drive"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "The last year must be the same as or after the first year")
        return data


class StrategyEditForm(VersionedForm, StrategyForm):
    pass


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label="Date adopted",
        help_text=DATE_HINT,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date it was adopted", "invalid": "Enter a real date"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the meeting that adopted it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("adopted_on", timezone.localdate())


class CompareForm(forms.Form):
    older = forms.TypedChoiceField(label="Older version", coerce=int)
    newer = forms.TypedChoiceField(label="Newer version", coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        self.fields["older"].choices = choices  # type: ignore[attr-defined]
        self.fields["newer"].choices = choices  # type: ignore[attr-defined]
        self.fields["older"].error_messages["required"] = "Select the older version"
        self.fields["newer"].error_messages["required"] = "Select the newer version"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("older") is not None and data.get("older") == data.get("newer"):
            self.add_error("newer", "Select a different version to compare with")
        return data


class PriorityForm(_ValuesMixin, forms.ModelForm):
    value_fields = PRIORITY_FIELDS
    theme_leads = forms.ModelMultipleChoiceField(
        label="Theme leads",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Users of the partnership who may edit this theme, its outcomes and evidence.",
    )

    class Meta:
        model = Priority
        fields = list(PRIORITY_FIELDS)
        labels = {
            "title": "Title",
            "description": "Description (optional)",
            "board_role": "The board's role",
            "lead_body": "Lead body",
            "lead_organisation": "Lead organisation",
            "champion": "Champion",
        }
        help_texts = {"champion": "The person who speaks for it on the board."}
        widgets = {"board_role": forms.RadioSelect}

    def __init__(
        self, *args: Any, partnership: Partnership, may_assign_leads: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter a title"
        self.fields["board_role"].choices = BoardRole.choices  # type: ignore[attr-defined]
        self.fields["board_role"].error_messages["required"] = "Select the board's role"
        _leads(self, partnership)
        if may_assign_leads:
            self.fields["theme_leads"].queryset = selectors.theme_lead_choices(partnership)  # type: ignore[attr-defined]
            self.fields["theme_leads"].error_messages["invalid_choice"] = "Select users of this partnership"
            if self.instance.pk and not self.is_bound:
                self.initial["theme_leads"] = [u.pk for u in self.instance.theme_leads.all()]
        else:
            # Theme leads change their theme but not who leads it.
            del self.fields["theme_leads"]

    @property
    def chosen_leads(self):
        return self.cleaned_data.get("theme_leads") if "theme_leads" in self.fields else None


class PriorityEditForm(VersionedForm, PriorityForm):
    pass


class OutcomeForm(_ValuesMixin, forms.ModelForm):
    value_fields = OUTCOME_FIELDS

    class Meta:
        model = Outcome
        fields = list(OUTCOME_FIELDS)
        labels = {
            "title": "Outcome",
            "description": "Description (optional)",
            "in_agreement": "Part of an agreement with government",
            "lead_body": "Lead body",
            "lead_organisation": "Lead organisation",
            "champion": "Champion",
        }
        help_texts = {
            "title": "A long-term, measurable result, for example: more homes are affordable to local people",
            "in_agreement": (
                "For example, in a devolution deal's outcomes framework. "
                "Leave unticked for local-only outcomes."
            ),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter the outcome"
        _leads(self, partnership)


class OutcomeEditForm(VersionedForm, OutcomeForm):
    pass


class ObjectiveForm(_ValuesMixin, forms.ModelForm):
    value_fields = OBJECTIVE_FIELDS

    class Meta:
        model = Objective
        fields = list(OBJECTIVE_FIELDS)
        labels = {"title": "Objective", "description": "Description (optional)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter the objective"


class ObjectiveEditForm(VersionedForm, ObjectiveForm):
    pass


class EvidenceForm(_ValuesMixin, forms.ModelForm):
    value_fields = EVIDENCE_FIELDS
    document_upload = UploadField(
        allowed={"pdf", "docx", "xlsx", "csv"},
        label="Upload a file (optional)",
        required=False,
        help_text="A PDF, Word (DOCX), Excel (XLSX) or CSV file. Give a link or a file, or both.",
    )

    class Meta:
        model = Evidence
        fields = list(EVIDENCE_FIELDS)
        labels = {
            "kind": "Kind of evidence",
            "title": "Title",
            "source": "Source",
            "published_on": "Date",
            "url": "Link (optional)",
            "what_it_shows": "What it shows",
        }
        help_texts = {"source": "Who published it.", "published_on": DATE_HINT}
        widgets = {
            "kind": forms.RadioSelect,
            "published_on": forms.DateInput(attrs={"type": "date"}),
            "what_it_shows": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EvidenceKind.choices  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["required"] = "Select the kind of evidence"
        self.fields["title"].error_messages["required"] = "Enter a title"
        self.fields["source"].error_messages["required"] = "Enter who published it"
        self.fields["published_on"].error_messages["required"] = "Enter the date"
        self.fields["published_on"].error_messages["invalid"] = "Enter a real date"
        self.fields["url"].error_messages["invalid"] = (
            "Enter a link in the right format, like https://example.org"
        )
        self.fields["what_it_shows"].error_messages["required"] = "Enter what it shows"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_file = bool(data.get("document_upload")) or bool(getattr(self.instance, "document_id", None))
        if not data.get("url") and not has_file and "url" not in self.errors:
            self.add_error("url", "Enter a link or choose a file")
        return data


class EvidenceEditForm(VersionedForm, EvidenceForm):
    pass
