"""Forms for local indicators, a partnership's use of an indicator and comparator groups.
They declare fields and wording; the rules live in the services and `rules.py`."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.conflicts import VersionedForm
from joinedup.partnerships.models import Area, Partnership
from joinedup.performance.models import (
    ComparatorGroup,
    ComparatorKind,
    Frequency,
    GeographyType,
    Indicator,
    PartnershipIndicator,
    Polarity,
    Unit,
    ValueType,
)
from joinedup.performance.services.indicators import INDICATOR_FIELDS


class IndicatorForm(VersionedForm):
    unit = forms.ChoiceField(
        label="Unit", choices=Unit.choices, error_messages={"required": "Select the unit"}
    )
    polarity = forms.ChoiceField(
        label="Polarity",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        initial=Polarity.NO_JUDGEMENT,
        help_text="Whether a higher value is better. Charts and status colours depend on it.",
        error_messages={"required": "Select whether higher or lower is better"},
    )
    value_type = forms.ChoiceField(
        label="Value type",
        choices=ValueType.choices,
        initial=ValueType.OTHER,
        help_text="How the value is calculated. The analysis of intervals and totals depends on it.",
        error_messages={"required": "Select the value type"},
    )
    frequency = forms.ChoiceField(
        label="Frequency",
        choices=Frequency.choices,
        initial=Frequency.ANNUAL,
        error_messages={"required": "Select how often values are published"},
    )
    geography_type = forms.ChoiceField(
        label="Geography type (optional)", choices=[("", "Not set"), *GeographyType.choices], required=False
    )

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        labels = {
            "code": "Code",
            "title": "Title",
            "definition": "Definition (optional)",
            "rationale": "Rationale (optional)",
            "numerator_label": "Numerator (optional)",
            "denominator_label": "Denominator (optional)",
            "decimal_places": "Decimal places",
            "source": "Source (optional)",
            "source_url": "Source web address (optional)",
            "data_quality": "Data-quality notes (optional)",
        }
        help_texts = {
            "code": "A short reference, for example NI 154 or LOCAL 3.",
            "numerator_label": "What is counted, for example 'Net additional homes provided'.",
            "denominator_label": "What it is divided by, if anything.",
            "decimal_places": "How many decimal places values are shown with.",
        }
        error_messages = {
            "code": {"required": "Enter the indicator's code"},
            "title": {"required": "Enter the indicator's title"},
            "decimal_places": {
                "required": "Enter the number of decimal places",
                "invalid": "Enter the number of decimal places as a whole number",
            },
            "source_url": {"invalid": "Enter a web address, like https://www.example.org/data"},
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "data_quality": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_decimal_places(self) -> int:
        places = self.cleaned_data["decimal_places"]
        if places > 6:
            raise forms.ValidationError("Enter a number of decimal places from 0 to 6")
        return places

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in INDICATOR_FIELDS if name in self.cleaned_data}


class LinkForm(VersionedForm):
    """How a partnership uses an indicator: outcomes served, owner, areas, due days."""

    outcomes = forms.ModelMultipleChoiceField(
        label="Outcomes it measures (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label="Other areas reported on (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The partnership's own areas are always reported on.",
    )

    class Meta:
        model = PartnershipIndicator
        fields = ["outcomes", "owner_person", "owner_organisation", "areas", "due_days_after_period"]
        labels = {
            "owner_person": "Owner (optional)",
            "owner_organisation": "Owning organisation (optional)",
            "due_days_after_period": "Days after a period ends that its value is due",
        }
        error_messages = {
            "due_days_after_period": {
                "required": "Enter the number of days after a period ends that its value is due",
                "invalid": "Enter the number of days as a whole number",
            }
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].queryset = partnership.outcomes.select_related("priority").order_by(
            "priority__position", "position"
        )
        self.fields["outcomes"].label_from_instance = lambda o: f"{o.priority.title}: {o.title}"
        self.fields["owner_person"].queryset = partnership.people.order_by("full_name")
        self.fields["owner_organisation"].queryset = partnership.organisations.order_by("name")
        # The areas a partnership may report on beyond its own: those under its areas, and
        # the areas already chosen.
        own = partnership.areas.all()
        chosen = self.instance.areas.all() if self.instance.pk else Area.objects.none()
        self.fields["areas"].queryset = (
            (Area.objects.filter(parent__in=own).exclude(pk__in=own) | Area.objects.filter(pk__in=chosen))
            .order_by("name")
            .distinct()
        )
        # Nothing to choose from: leave the question out rather than show an empty list.
        for name in ("outcomes", "areas"):
            if not self.fields[name].queryset.exists():
                del self.fields[name]

    def service_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("owner_person", "owner_organisation", "due_days_after_period")
            if name in self.cleaned_data
        }


class UseLinkForm(LinkForm):
    """Starting to use an indicator: nothing to be in conflict with yet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False


class ComparatorGroupForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Kind of group",
        choices=ComparatorKind.choices,
        widget=forms.RadioSelect,
        initial=ComparatorKind.CUSTOM,
        error_messages={"required": "Select the kind of group"},
    )
    member_codes = forms.CharField(
        label="Member areas",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "One area code per line, for example E06000001. For nearest neighbours, put the "
            "nearest first: the order is the rank."
        ),
        error_messages={"required": "Enter at least one member area code"},
    )
    benchmark_code = forms.CharField(
        label="Benchmark area code (optional)",
        required=False,
        help_text="The area whose value is the group's benchmark, for example E92000001 for England.",
    )

    class Meta:
        model = ComparatorGroup
        fields = ["name", "kind", "description", "source"]
        labels = {"name": "Name", "description": "Description (optional)", "source": "Source (optional)"}
        error_messages = {"name": {"required": "Enter the group's name"}}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = self.instance
        if group.pk and not self.is_bound:
            self.initial["member_codes"] = "\n".join(m.area.code for m in group.memberships.all())
            self.initial["benchmark_code"] = group.benchmark_area.code if group.benchmark_area else ""

    def _areas(self, codes: list[str], field: str) -> dict[str, Area]:
        found = {a.code.upper(): a for a in Area.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                f"There is no area with the code {', '.join(unknown[:5])}"
                + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            )
        return found

    def clean_member_codes(self) -> list[Area]:
        codes: list[str] = []
        for line in self.cleaned_data["member_codes"].splitlines():
            for part in line.replace(",", " ").split():
                code = part.strip().upper()
                if code and code not in codes:
                    codes.append(code)
        if not codes:
            raise forms.ValidationError("Enter at least one member area code")
        found = self._areas(codes, "member_codes")
        return [found[c] for c in codes]

    def clean_benchmark_code(self) -> Area | None:
        code = self.cleaned_data["benchmark_code"].strip().upper()
        if not code:
            return None
        return self._areas([code], "benchmark_code")[code]

    def service_fields(self) -> dict[str, Any]:
        return {
            "name": self.cleaned_data["name"],
            "kind": self.cleaned_data["kind"],
            "description": self.cleaned_data.get("description", ""),
            "source": self.cleaned_data.get("source", ""),
            "benchmark_area": self.cleaned_data.get("benchmark_code"),
        }


class NewComparatorGroupForm(ComparatorGroupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False
