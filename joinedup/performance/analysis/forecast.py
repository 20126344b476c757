"""Forecast to a target period by a straight line through the series, with a prediction
interval, and "on track to meet the target?".

Ordinary least squares of value on the period's position (periods missing from the series
leave gaps in x, they are not closed up). The 95% prediction interval for a single future value
is ŷ ± t(0.975; n − 2)·s·√(1 + 1/n + (x₀ − x̄)² / Σ(x − x̄)²). At least MIN_POINTS points are
needed: with fewer, a line through noise says little and the interval is too wide to help.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from scipy.stats import t as t_dist

from joinedup.core.periods import Period, PeriodKind

from .common import POLARITY_WORDS, Polarity, fmt

MIN_POINTS = 6

OnTrack = Literal["on_track", "off_track", "uncertain", "not_assessed"]
ON_TRACK_LABELS = {
    "on_track": "On track to meet the target",
    "off_track": "Not on track to meet the target",
    "uncertain": "Could go either way",
    "not_assessed": "Not assessed",
}


@dataclasses.dataclass(frozen=True)
class Forecast:
    outcome: OnTrack
    target_period: Period
    target: float | None
    predicted: float | None
    lower: float | None
    upper: float | None
    slope: float | None  # change per period
    points_used: int
    polarity: Polarity | None
    explanation: str

    @property
    def label(self) -> str:
        return ON_TRACK_LABELS[self.outcome]


@lru_cache(maxsize=256)
def _t_quantile(q: float, df: int) -> float:
    """Student's t quantile, remembered: a dashboard forecasts hundreds of series of a few
    lengths, and scipy's ppf costs half a millisecond a call."""
    return float(t_dist.ppf(q, df))


def _step(period: Period) -> int:
    """The period's place on its kind's own scale, counted as `Period.shift` steps: months and
    quarters step by one, yearly kinds (rolling ranges too) by a year."""
    if period.kind is PeriodKind.MONTH:
        return period.year * 12 + period.number - 1
    if period.kind in (PeriodKind.QUARTER, PeriodKind.FINANCIAL_QUARTER):
        return period.year * 4 + period.number - 1
    return period.year


def _position(first: Period, period: Period) -> int:
    """How many periods `period` is after `first` (negative if before), both of one kind: the
    count `periods_between` would give, worked out without listing the periods (a dashboard
    forecasts hundreds of series)."""
    return _step(period) - _step(first)


def _positions(first: Period, periods: Sequence[Period]) -> list[int]:
    """`[_position(first, p) for p in periods]` for periods of `first`'s kind, the kind's step
    chosen once."""
    base = _step(first)
    if first.kind is PeriodKind.MONTH:
        return [p.year * 12 + p.number - 1 - base for p in periods]
    if first.kind in (PeriodKind.QUARTER, PeriodKind.FINANCIAL_QUARTER):
        return [p.year * 4 + p.number - 1 - base for p in periods]
    return [p.year - base for p in periods]


def forecast(
    series: Sequence[tuple[Period, float]],
    target_period: Period,
    *,
    target: float | None = None,
    polarity: Polarity | None = None,
    level: float = 0.95,
    min_points: int = MIN_POINTS,
) -> Forecast:
    """Forecast the value at `target_period` and say whether it is on track to meet `target`:
    on track when the whole prediction interval meets the target, off track when none of it
    does, "could go either way" otherwise."""
    keys = [p.sort_key for p, _ in series]  # the periods' order, one key each, sorted in C
    points = [series[i] for i in sorted(range(len(keys)), key=keys.__getitem__)]
    n = len(points)

    def none(why: str) -> Forecast:
        return Forecast("not_assessed", target_period, target, None, None, None, None, n, polarity, why)

    if n < min_points:
        return none(
            f"Not forecast: {n} points, and at least {min_points} are needed for a straight-line forecast."
        )
    first = points[0][0]
    periods = [p for p, _ in points]
    kind, years = first.kind, first.years  # Period.same_frequency, inlined
    if [p for p in periods if p.kind is not kind or p.years != years] or not target_period.same_frequency(
        first
    ):
        return none("Not forecast: the periods are not all of the same kind.")
    xs = _positions(first, periods)
    ys = [float(v) for _, v in points]
    x0 = _position(first, target_period)
    xbar, ybar = sum(xs) / n, sum(ys) / n
    # Sums over lists, not generators (faster, the same additions in the same order).
    sxx = sum([(x - xbar) ** 2 for x in xs])
    slope = sum([(x - xbar) * (y - ybar) for x, y in zip(xs, ys, strict=True)]) / sxx
    intercept = ybar - slope * xbar
    residual = sum([(y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True)])
    s = math.sqrt(residual / (n - 2))
    predicted = intercept + slope * x0
    half = _t_quantile(0.5 + level / 2, n - 2) * s * math.sqrt(1 + 1 / n + (x0 - xbar) ** 2 / sxx)
    lower, upper = predicted - half, predicted + half
    explanation = (
        f"Straight line fitted by least squares to {n} values from {points[0][0].label} to "
        f"{points[-1][0].label}: change per period {fmt(slope)}, residual standard deviation {fmt(s)}. "
        f"Forecast for {target_period.label}: {fmt(predicted)}, {level * 100:g}% prediction interval "
        f"{fmt(lower)} to {fmt(upper)} (ŷ ± t·s·√(1 + 1/n + (x₀ − x̄)²/Σ(x − x̄)²)). A straight line assumes "
        "the recent rate of change carries on."
    )
    if target is None or polarity not in ("higher", "lower"):
        why = "no target" if target is None else "the indicator has no polarity"
        return Forecast("not_assessed", target_period, target, predicted, lower, upper, slope, n, polarity,
                        f"{explanation} Not judged against a target: {why}.")  # fmt: skip
    meets_all = lower >= target if polarity == "higher" else upper <= target
    meets_none = upper < target if polarity == "higher" else lower > target
    outcome: OnTrack = "on_track" if meets_all else "off_track" if meets_none else "uncertain"
    rule = (
        f"Target {fmt(target)}, {POLARITY_WORDS[polarity]}: on track when the whole prediction interval "
        "meets the target, not on track when none of it does, could go either way otherwise"
    )
    return Forecast(outcome, target_period, target, predicted, lower, upper, slope, n, polarity,
                    f"{explanation} {rule}: {ON_TRACK_LABELS[outcome].lower()}.")  # fmt: skip
