"""Gaps between the most and least deprived (or any two categories of a breakdown) and whether
the gap is narrowing.

The gap is most deprived − least deprived. With 95% intervals on both values its standard error
is √(SE₁² + SE₂²), each SE recovered as (upper − lower)/3.92 (as for direction of travel). A
change in the gap between two periods is tested the same way (|Δgap| / √(SE_then² + SE_now²) >
1.96); without intervals it is reported without significance.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Literal

from joinedup.core.periods import Period

from .common import fmt
from .trend import SE_DIVISOR, Z_95, Point


@dataclasses.dataclass(frozen=True)
class Gap:
    period: Period
    most: Point
    least: Point
    gap: float  # most − least
    ratio: float | None  # most ÷ least
    se: float | None
    significant: bool | None  # is the gap itself significantly different from 0?
    explanation: str


def gap(period: Period, most: Point, least: Point, *, most_label: str = "most deprived",
        least_label: str = "least deprived") -> Gap:  # fmt: skip
    diff = most.value - least.value
    ratio = most.value / least.value if least.value else None
    se = None
    significant = None
    tail = "There are no confidence intervals, so whether the gap is significant is not assessed."
    if most.has_interval and least.has_interval:
        assert most.lower is not None and most.upper is not None
        assert least.lower is not None and least.upper is not None
        se = math.hypot((most.upper - most.lower) / SE_DIVISOR, (least.upper - least.lower) / SE_DIVISOR)
        significant = abs(diff) / se > Z_95 if se > 0 else diff != 0
        tail = (
            f"Standard error √(SE₁² + SE₂²) = {fmt(se)} from the 95% intervals ((upper − lower)/3.92 each); "
            f"the gap is {'significant' if significant else 'not significant'} at 5%."
        )
    explanation = (
        f"Gap in {period.label} = {most_label} ({fmt(most.value)}) − {least_label} ({fmt(least.value)}) = "
        f"{fmt(diff)}" + (f"; ratio {fmt(ratio, 3)}" if ratio is not None else "") + f". {tail}"
    )
    return Gap(period, most, least, diff, ratio, se, significant, explanation)


GapTrend = Literal["narrowing", "widening", "no_significant_change", "narrowed", "widened", "no_change",
                   "not_assessed"]  # fmt: skip
GAP_TREND_LABELS = {
    "narrowing": "Narrowing the gap",
    "widening": "The gap is widening",
    "no_significant_change": "No significant change in the gap",
    "narrowed": "The gap narrowed (significance not assessed)",
    "widened": "The gap widened (significance not assessed)",
    "no_change": "No change in the gap",
    "not_assessed": "Cannot be assessed",
}


@dataclasses.dataclass(frozen=True)
class GapTrendResult:
    outcome: GapTrend
    first: Gap | None
    latest: Gap | None
    gaps: tuple[Gap, ...]
    explanation: str

    @property
    def label(self) -> str:
        return GAP_TREND_LABELS[self.outcome]


def gap_trend(gaps: Sequence[Gap]) -> GapTrendResult:
    """Compares the size (absolute value) of the latest gap with the earliest one."""
    ordered = tuple(sorted(gaps, key=lambda g: g.period))
    if len(ordered) < 2:
        return GapTrendResult("not_assessed", None, None, ordered, "At least two periods are needed.")
    first, latest = ordered[0], ordered[-1]
    change = abs(latest.gap) - abs(first.gap)
    head = (
        f"The gap was {fmt(first.gap)} in {first.period.label} and {fmt(latest.gap)} in "
        f"{latest.period.label}; its size changed by {fmt(change)}."
    )
    if first.se is not None and latest.se is not None and (first.se or latest.se):
        z = change / math.hypot(first.se, latest.se)
        outcome: GapTrend = "no_significant_change"
        if abs(z) > Z_95:
            outcome = "widening" if change > 0 else "narrowing"
        return GapTrendResult(outcome, first, latest, ordered,
                              f"{head} Tested as change / √(SE_then² + SE_now²) = {fmt(z, 3)}, significant "
                              f"at 5% when beyond ±1.96: {GAP_TREND_LABELS[outcome].lower()}.")  # fmt: skip
    outcome = "no_change" if change == 0 else "widened" if change > 0 else "narrowed"
    return GapTrendResult(outcome, first, latest, ordered,
                          f"{head} Without confidence intervals significance is not assessed.")  # fmt: skip
