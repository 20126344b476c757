"""The thresholds form: a partnership's own green/amber thresholds for one evidence metric.
Shares are entered as percentages; the form stores them as fractions, like the metric."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.assessment.models import MetricThreshold
from joinedup.core.conflicts import VersionedForm
from joinedup.core.evidence import Metric


class ThresholdForm(VersionedForm):
    green_at = forms.FloatField(label="Green at", error_messages={"required": "Enter the green threshold"})
    amber_at = forms.FloatField(label="Amber at", error_messages={"required": "Enter the amber threshold"})
    reason = forms.CharField(
        label="Why the partnership uses its own thresholds",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the partnership uses its own thresholds"},
    )

    class Meta:
        model = MetricThreshold
        fields = ["green_at", "amber_at", "reason"]

    def __init__(self, *args: Any, metric: Metric, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metric = metric
        self.percent = metric.unit == "share"
        scale = 100 if self.percent else 1
        better = "or more" if metric.higher_is_better else "or less"
        unit = " (per cent)" if self.percent else ""
        self.fields["green_at"].label = f"Green at{unit}"
        self.fields["green_at"].help_text = f"A value of this {better} is green."
        self.fields["amber_at"].label = f"Amber at{unit}"
        self.fields["amber_at"].help_text = f"A value of this {better} is amber; anything else is red."
        if not self.is_bound:
            green = self.instance.green_at if self.instance.pk else metric.green_at
            amber = self.instance.amber_at if self.instance.pk else metric.amber_at
            self.initial.update({"green_at": round(green * scale, 4), "amber_at": round(amber * scale, 4)})
            if not self.instance.pk:
                self.initial["version"] = 0

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.percent:
            for name in ("green_at", "amber_at"):
                if data.get(name) is not None:
                    if not 0 <= data[name] <= 100:
                        self.add_error(name, "Enter a percentage between 0 and 100")
                    else:
                        data[name] = data[name] / 100
        return data
