"""Forms for targets, their approval and commentary. Wording only; the rules live in
`joinedup.performance.services.targets` and `.commentary`."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core.fields import PeriodFormField
from joinedup.core.periods import Period
from joinedup.partnerships.models import Role
from joinedup.performance.models import Target, TargetType, ToleranceKind
from joinedup.performance.services.targets import CHANGE_FIELDS


def _number(label: str, *, required: bool = False, what: str = "") -> forms.FloatField:
    what = what or label.lower()
    return forms.FloatField(
        label=label if required else f"{label} (optional)",
        required=required,
        error_messages={"required": f"Enter the {what}", "invalid": f"Enter the {what} as a number"},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )


def _reason() -> forms.CharField:
    return forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the target is set or changed. The approver and the history show it.",
        error_messages={"required": "Enter the reason for the change"},
    )


class TargetValuesForm(forms.Form):
    """A proposed target: a new one (with area and period) or a change to one."""

    target_type = forms.ChoiceField(
        label="Type of target",
        choices=TargetType.choices,
        widget=forms.RadioSelect,
        initial=TargetType.LOCAL,
        error_messages={"required": "Select the type of target"},
    )
    value = _number("Target value", required=True, what="target value")
    baseline_value = _number("Baseline value")
    baseline_period = PeriodFormField(label="Baseline period (optional)", required=False)
    without_intervention = _number(
        "Expected without intervention", what="value expected without intervention"
    )
    tolerance = _number("Amber tolerance", what="amber tolerance")
    tolerance_kind = forms.ChoiceField(
        label="The tolerance is",
        choices=ToleranceKind.choices,
        widget=forms.RadioSelect,
        initial=ToleranceKind.ABSOLUTE,
    )
    reason = _reason()

    def __init__(self, *args: Any, areas: Any = None, target: Target | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "without_intervention"
        ].help_text = "For a stretch target: where the figure would be anyway."
        self.fields["tolerance"].help_text = "How far short of the target still counts as amber."
        if target is None:
            # A new target names its area and period first.
            self.fields = {
                "area": forms.ModelChoiceField(
                    label="Area",
                    queryset=areas,
                    empty_label="Select an area",
                    error_messages={"required": "Select the area"},
                ),
                "period": PeriodFormField(label="Period the target is for"),
                **self.fields,
            }
        elif not self.is_bound:
            self.initial.update({name: getattr(target, name) for name in CHANGE_FIELDS})

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in CHANGE_FIELDS}


class TrajectoryForm(forms.Form):
    """From a baseline and a final target, one target per period in between (shown, then proposed)."""

    area: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Area",
        queryset=None,
        empty_label="Select an area",
        error_messages={"required": "Select the area"},
    )
    target_type = TargetValuesForm.base_fields["target_type"]
    baseline_period = PeriodFormField(label="Baseline period")
    baseline_value = _number("Baseline value", required=True)
    final_period = PeriodFormField(label="Period of the final target")
    final_value = _number("Final target value", required=True, what="final target value")
    tolerance = _number("Amber tolerance", what="amber tolerance")
    tolerance_kind = TargetValuesForm.base_fields["tolerance_kind"]
    reason = _reason()

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("baseline_period"), data.get("final_period")
        if isinstance(first, Period) and isinstance(last, Period):
            if not first.same_frequency(last):
                self.add_error("final_period", "Enter a period of the same kind as the baseline period")
            elif not first < last:
                self.add_error("final_period", "Enter a period after the baseline period")
            elif len(list(_periods(first, last))) > 41:
                self.add_error("final_period", "Enter a period no more than 40 periods after the baseline")
        return data


def _periods(first: Period, last: Period) -> Any:
    current = first
    while current <= last:
        yield current
        current = current.next()


class TrajectoryStepsForm(forms.Form):
    """The proposed value for each period, editable before it is proposed."""

    def __init__(self, *args: Any, steps: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for step in steps:
            field = _number(
                f"Target for {step.period.label}", required=True, what=f"target for {step.period.label}"
            )
            field.initial = step.value
            self.fields[f"step_{step.period.code}"] = field
        self.steps = steps

    def values(self) -> list[tuple[Period, float]]:
        return [(step.period, self.cleaned_data[f"step_{step.period.code}"]) for step in self.steps]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the change"), ("reject", "Reject the change")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve or reject the change"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you reject the change. The proposer and the history show it.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, may_approve: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_approve:
            decision = self.fields["decision"]
            decision.choices = [("reject", "Reject the change")]  # type: ignore[attr-defined]
            decision.label = "You proposed this change, so someone else must approve it. You may reject it"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", "Enter why the change is rejected")
        return data


class ApproverRolesForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in TargetType.choices:
            self.fields[value] = forms.ChoiceField(
                label=f"{label} targets are approved by",
                choices=Role.choices,
                initial=current[value],
                help_text="Admins may always approve, as may roles above the one chosen.",
                error_messages={"required": f"Select who approves {label.lower()} targets"},
            )


class CommentaryForm(forms.Form):
    period = PeriodFormField(label="Period")
    happening = forms.CharField(
        label="What is happening", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    doing = forms.CharField(
        label="What is being done", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    actions: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="Actions it links to (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Actions of the partnership's strategy.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, actions: Any, commentary: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions  # type: ignore[attr-defined]
        if commentary is not None:
            del self.fields["period"]
            if not self.is_bound:
                self.initial.update(
                    {
                        "happening": commentary.happening,
                        "doing": commentary.doing,
                        "actions": list(commentary.actions.all()),
                        "version": commentary.version,
                    }
                )

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def conflict_rows(self, conflict: Any) -> list[Any]:
        from joinedup.core.conflicts import ConflictRow

        current = conflict.current
        return [
            ConflictRow("What is happening", current.happening, self.cleaned_data.get("happening", "")),
            ConflictRow("What is being done", current.doing, self.cleaned_data.get("doing", "")),
            ConflictRow(
                "Actions",
                ", ".join(str(a) for a in current.actions.all()),
                ", ".join(str(a) for a in self.cleaned_data.get("actions") or []),
            ),
        ]

    def rebase_on(self, conflict: Any) -> None:
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix("version")] = str(conflict.current.version)
        self.data = data
