"""Forms for the self-assessment settings: anonymity and the maturity rule, target maturity
per element, and naming a coordinator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from joinedup.assessment import analysis
from joinedup.assessment.models import AssessmentSettings, MaturityLevel
from joinedup.assessment.selectors_settings import MIN_GROUP_FLOOR, Settings
from joinedup.core.conflicts import ConflictRow, EditConflict, VersionedForm
from joinedup.core.evidence import ELEMENTS

RULE_CHOICES = [
    ("default", "Use each framework's own rule"),
    ("own", "Use the partnership's own rule"),
]


class SettingsForm(VersionedForm):
    min_group_size = forms.IntegerField(
        label="Smallest group shown",
        min_value=MIN_GROUP_FLOOR,
        help_text=f"A group of respondents smaller than this is never shown, in any table, chart or export. "
        f"At least {MIN_GROUP_FLOOR}.",
        error_messages={
            "required": "Enter the smallest group shown",
            "min_value": f"Enter a smallest group of {MIN_GROUP_FLOOR} or more respondents",
            "invalid": "Enter the smallest group shown as a whole number",
        },
    )
    rule = forms.ChoiceField(label="Maturity rule", choices=RULE_CHOICES, widget=forms.RadioSelect)
    networking_below = forms.FloatField(
        label="Networking below this mean score", required=False, min_value=0, max_value=analysis.MAX_POINTS
    )
    coordination_below = forms.FloatField(
        label="Coordination below this mean score", required=False, min_value=0, max_value=analysis.MAX_POINTS
    )
    cooperation_below = forms.FloatField(
        label="Cooperation below this mean score (otherwise collaboration)",
        required=False,
        min_value=0,
        max_value=analysis.MAX_POINTS,
    )
    cap_level = forms.ChoiceField(
        label="Highest level while any question is perceived “not in place”",
        choices=MaturityLevel.choices,
        required=False,
    )

    class Meta:
        model = AssessmentSettings
        fields = ["min_group_size"]

    def __init__(self, *args: Any, current: Settings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            rule = current.maturity_rule
            self.initial.update(
                {
                    "min_group_size": current.min_group_size,
                    "rule": "own" if current.maturity_rule_overridden else "default",
                    "networking_below": rule.bounds[0],
                    "coordination_below": rule.bounds[1],
                    "cooperation_below": rule.bounds[2],
                    "cap_level": rule.cap_level,
                    "version": current.version,
                }
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rule") == "own":
            for name in ("networking_below", "coordination_below", "cooperation_below"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, "Enter the bound as a mean score from 0 to 2")
            if not data.get("cap_level"):
                self.add_error("cap_level", "Choose the highest level while a question is not in place")
        return data

    def maturity_rule(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data.get("rule") != "own":
            return None
        return {
            "bounds": [data["networking_below"], data["coordination_below"], data["cooperation_below"]],
            "cap_level": data["cap_level"],
        }


class TargetsForm(forms.Form):
    """One choice per element of the 7S framework, with the version of each stored target."""

    def __init__(self, *args: Any, current: Settings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current
        choices = [("", "No target"), *MaturityLevel.choices]
        for key, title in ELEMENTS.items():
            self.fields[key] = forms.ChoiceField(label=title, choices=choices, required=False)
            self.fields[f"version_{key}"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
            if not self.is_bound:
                self.initial[key] = current.targets.get(key, "")
                self.initial[f"version_{key}"] = current.target_versions.get(key, 0)

    def targets(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key in ELEMENTS}

    def expected_versions(self) -> dict[str, int]:
        return {key: self.cleaned_data.get(f"version_{key}") or 0 for key in ELEMENTS}

    # The conflict protocol of core.forms.submit (as VersionedForm offers it).
    def conflict_rows(self, conflict: EditConflict) -> list[ConflictRow]:
        levels: Mapping[str, str] = dict(MaturityLevel.choices)
        partnership = conflict.current.partnership  # type: ignore[attr-defined]
        fresh = {t.element_key: t.level for t in partnership.maturity_targets.all()}
        return [
            ConflictRow(
                label=title,
                theirs=levels.get(fresh.get(key, ""), "No target"),
                yours=levels.get(self.cleaned_data.get(key) or "", "No target"),
            )
            for key, title in ELEMENTS.items()
        ]

    def rebase_on(self, conflict: EditConflict) -> None:
        partnership = conflict.current.partnership  # type: ignore[attr-defined]
        fresh = {t.element_key: t.version for t in partnership.maturity_targets.all()}
        data = self.data.copy()  # type: ignore[attr-defined]
        for key in ELEMENTS:
            data[f"version_{key}"] = str(fresh.get(key, 0))
        self.data = data


class CoordinatorForm(forms.Form):
    user = forms.TypedChoiceField(
        label="Who should coordinate self-assessment?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who should coordinate self-assessment"},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = choices  # type: ignore[attr-defined]
