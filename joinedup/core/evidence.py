"""The evidence-metric registry: each room says what its live data shows about a framework element.

The assessment room sits above every other room, so it may not be imported by them; instead
each room registers its metrics here in its AppConfig.ready():

    evidence.register(evidence.Metric(
        key="strategy.outcomes_with_evidence", element="scs", room="strategy",
        title="Outcomes with evidence", how="Share of the current strategy's outcomes ...",
        compute=outcomes_with_evidence, green_at=0.9, amber_at=0.6,
    ))

and the assessment room reads them by key. A framework question names the metric keys
that inform it; a key that no room has registered (the room has not been built, or is not
installed) is shown as "no evidence recorded", never as a number.

A metric's `compute(partnership)` returns a `Reading`. It must run a fixed number of
queries whatever the partnership's size, and return `value=None` when the partnership has
nothing to measure yet (no meetings, no outcomes): that is "no evidence recorded" too.

Thresholds: `green_at` and `amber_at` are the defaults, on the metric's own scale; a
partnership may adjust them (the assessment room stores its overrides). With
`higher_is_better`, a value >= green_at is green, >= amber_at amber, otherwise red; the
reverse when lower is better.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The element keys of the public sector 7S framework (the §4 tags of docs/domain.md).
ELEMENTS: dict[str, str] = {
    "scs": "Sustainable Community Strategy",
    "staff_skills": "Staff and skills",
    "style": "Style",
    "synergies": "Synergies",
    "steering": "Steering",
    "standards": "Standards",
    "systems": "Systems",
}

# How a metric's value is expressed: a share (0..1, shown as a percentage), a count, a
# rate (per meeting, per year...), or yes/no (1.0 or 0.0).
UNITS = ("share", "count", "rate", "yes_no")


@dataclass(frozen=True)
class Record:
    """One record behind a figure, as a link the reader can follow."""

    label: str
    url: str = ""
    note: str = ""  # e.g. "no owner", "not considered yet"


@dataclass(frozen=True)
class Reading:
    """What a metric found in one partnership's live data, now."""

    value: float | None  # None: nothing to measure yet ("no evidence recorded")
    numerator: float | None = None
    denominator: float | None = None
    detail: str = ""  # one sentence in words, e.g. "12 of 15 outcomes have evidence"
    records: tuple[Record, ...] = ()  # the records behind the figure (bounded, e.g. first 200)
    breakdown: tuple[tuple[str, float | int | str], ...] = ()  # e.g. chairs by sector


@dataclass(frozen=True)
class Metric:
    key: str  # "<room>.<name>", stable: frameworks name metrics by key
    element: str  # one of ELEMENTS
    room: str  # the app label that computes it
    title: str
    how: str  # how it is computed, in words, for "how was this computed"
    compute: Callable[[Any], Reading]
    unit: str = "share"
    higher_is_better: bool = True
    green_at: float = 0.8
    amber_at: float = 0.5
    practices: tuple[int, ...] = ()  # the domain brief's §4 practice numbers it evidences
    records_url: Callable[[Any], str] | None = None  # a page listing the records, if the room has one


@dataclass
class MetricRegistry:
    _metrics: dict[str, Metric] = field(default_factory=dict)

    def register(self, metric: Metric) -> None:
        if metric.element not in ELEMENTS:
            raise ValueError(f"Unknown element {metric.element!r} for metric {metric.key}")
        if metric.unit not in UNITS:
            raise ValueError(f"Unknown unit {metric.unit!r} for metric {metric.key}")
        # Registering the same key again replaces it, so autoreload stays idempotent.
        self._metrics[metric.key] = metric

    def unregister(self, key: str) -> None:
        self._metrics.pop(key, None)

    def get(self, key: str) -> Metric | None:
        return self._metrics.get(key)

    def all(self) -> list[Metric]:
        return sorted(self._metrics.values(), key=lambda m: (list(ELEMENTS).index(m.element), m.key))

    def for_element(self, element: str) -> list[Metric]:
        return [m for m in self.all() if m.element == element]


registry = MetricRegistry()
register = registry.register


def share(part: float, whole: float) -> float | None:
    """A share for a Reading: None (nothing to measure) when the whole is zero."""
    return part / whole if whole else None


def registrar(room: str, **defaults: Any) -> Callable[..., None]:
    """A room's `metric(key, element, title, how, compute, **options)`: registers
    "<room>.<key>" with the room's defaults (e.g. its records page) unless a metric names its own."""

    def metric(
        key: str, element: str, title: str, how: str, compute: Callable[[Any], Reading], **options: Any
    ) -> None:
        register(
            Metric(
                key=f"{room}.{key}",
                element=element,
                room=room,
                title=title,
                how=how,
                compute=compute,
                **{**defaults, **options},
            )
        )

    return metric
