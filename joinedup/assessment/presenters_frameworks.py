"""What the frameworks pages show about evidence metrics: a metric key as its title, or as
"no room records this yet" when no room has registered it (core.evidence)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from joinedup.core import evidence


@dataclass(frozen=True)
class MetricLabel:
    key: str
    title: str  # "" when no room registers the key
    how: str = ""

    @property
    def registered(self) -> bool:
        return bool(self.title)


def metric_labels(keys: Iterable[str]) -> list[MetricLabel]:
    labels = []
    for key in keys:
        metric = evidence.registry.get(key)
        labels.append(MetricLabel(key, metric.title, metric.how) if metric else MetricLabel(key, ""))
    return labels


def practices_text(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in numbers)
