"""Statistical process control as in NHS England's Making Data Count (methods.md §4).

An XmR chart: mean and moving-range limits (mean ± 2.66·MR̄), then the special-cause rules: a
point beyond a limit, a shift (a run of points on one side of the mean), a trend (a run of
rising or falling points), and two of three points beyond two sigma. Defaults are the current
NHS England tool's (SQL v2.6, January 2024): shift 6, trend 6, points beyond a limit count
towards two-of-three, conflicts shown as concern. Every setting is stored with the result.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Collection, Sequence
from typing import Literal

from joinedup.core.periods import Period

from .common import fmt

Improvement = Literal["up", "down", "neither"]
ConflictRule = Literal["concern", "improvement", "primacy"]
PointLabel = Literal[
    "common_cause", "improvement", "concern", "neither_high", "neither_low", "neither_conflict", "ghosted"
]

MIN_POINTS = 12  # the brief's minimum for SPC output; MDC SQL v2.6 uses 13 (a setting)
E2 = 2.66  # 3 / d2, d2 = 1.128
D4 = 3.267

RULE_NAMES = {
    "above_upl": "a point above the upper process limit",
    "below_lpl": "a point below the lower process limit",
    "shift_up": "a shift above the mean",
    "shift_down": "a shift below the mean",
    "trend_up": "a rising trend",
    "trend_down": "a falling trend",
    "two_of_three_up": "two of three points beyond the upper two-sigma line",
    "two_of_three_down": "two of three points beyond the lower two-sigma line",
}
_PRIMACY = {"above_upl": 1, "below_lpl": 1, "two_of_three_up": 2, "two_of_three_down": 2,
            "shift_up": 3, "shift_down": 3, "trend_up": 4, "trend_down": 4}  # fmt: skip
_HIGH = ("above_upl", "shift_up", "trend_up", "two_of_three_up")
_LOW = ("below_lpl", "shift_down", "trend_down", "two_of_three_down")


@dataclasses.dataclass(frozen=True)
class SpcSettings:
    shift_length: int = 6
    trend_length: int = 6
    two_of_three_counts_beyond_limits: bool = True
    screen_moving_range_outliers: bool = False
    baseline_points: int | None = None  # limits from the first k points; None = all points
    conflict_rule: ConflictRule = "concern"
    min_points: int = MIN_POINTS

    def __post_init__(self) -> None:
        for name in ("shift_length", "trend_length"):
            if not 6 <= getattr(self, name) <= 8:
                raise ValueError(f"{name} must be 6, 7 or 8 points (Making Data Count's allowed settings)")
        if self.baseline_points is not None and self.baseline_points < 2:
            raise ValueError("A baseline needs at least 2 points")
        if self.min_points < 2:
            raise ValueError("SPC needs at least 2 points")

    def describe(self) -> str:
        return (
            f"shift = {self.shift_length} points, trend = {self.trend_length} points, two-of-three "
            f"{'counting' if self.two_of_three_counts_beyond_limits else 'not counting'} points beyond the "
            f"limits, moving-range outlier screening {'on' if self.screen_moving_range_outliers else 'off'}, "
            "limits from "
            f"{f'the first {self.baseline_points} points' if self.baseline_points else 'all points'}, "
            f"conflicts shown as {self.conflict_rule}, at least {self.min_points} points"
        )


@dataclasses.dataclass(frozen=True)
class Limits:
    mean: float
    mr_bar: float
    upl: float
    lpl: float
    upper_two_sigma: float
    lower_two_sigma: float
    upper_one_sigma: float
    lower_one_sigma: float
    mr_upper_limit: float
    points_used: int


def xmr_limits(
    values: Sequence[float], *, baseline_points: int | None = None, screen: bool = False
) -> Limits:
    base = list(values[:baseline_points] if baseline_points else values)
    if len(base) < 2:
        raise ValueError("XmR limits need at least 2 points")
    mean = sum(base) / len(base)
    mrs = [abs(b - a) for a, b in itertools.pairwise(base)]
    mr_bar = sum(mrs) / len(mrs)
    if screen:
        kept = [m for m in mrs if m <= D4 * mr_bar]
        mr_bar = sum(kept) / len(kept)
    sigma3 = E2 * mr_bar
    return Limits(mean, mr_bar, mean + sigma3, mean - sigma3, mean + sigma3 * 2 / 3, mean - sigma3 * 2 / 3,
                  mean + sigma3 / 3, mean - sigma3 / 3, D4 * mr_bar, len(base))  # fmt: skip


def _runs(flags: Sequence[bool], length: int) -> set[int]:
    out: set[int] = set()
    i = 0
    while i < len(flags):
        if flags[i]:
            j = i
            while j < len(flags) and flags[j]:
                j += 1
            if j - i >= length:
                out.update(range(i, j))
            i = j
        else:
            i += 1
    return out


def special_cause_rules(
    values: Sequence[float], limits: Limits, settings: SpcSettings
) -> dict[str, set[int]]:
    """The points (0-based) each rule flags; every point of a qualifying run or group is flagged."""
    n = len(values)
    rules: dict[str, set[int]] = {
        "above_upl": {i for i in range(n) if values[i] > limits.upl},
        "below_lpl": {i for i in range(n) if values[i] < limits.lpl},
        "shift_up": _runs([v > limits.mean for v in values], settings.shift_length),
        "shift_down": _runs([v < limits.mean for v in values], settings.shift_length),
        "trend_up": set(),
        "trend_down": set(),
        "two_of_three_up": set(),
        "two_of_three_down": set(),
    }
    rise = [False] + [values[i] > values[i - 1] for i in range(1, n)]
    fall = [False] + [values[i] < values[i - 1] for i in range(1, n)]
    for flags, key in ((rise, "trend_up"), (fall, "trend_down")):
        for i in _runs(flags, settings.trend_length - 1):
            rules[key].update({i, i - 1})

    def beyond(i: int, up: bool) -> bool:
        v = values[i]
        if up:
            return v > limits.upper_two_sigma and (
                settings.two_of_three_counts_beyond_limits or v <= limits.upl
            )
        return v < limits.lower_two_sigma and (settings.two_of_three_counts_beyond_limits or v >= limits.lpl)

    for s in range(n - 2):
        window = range(s, s + 3)
        for up, key in ((True, "two_of_three_up"), (False, "two_of_three_down")):
            same_side = all((values[i] > limits.mean) if up else (values[i] < limits.mean) for i in window)
            hits = [i for i in window if beyond(i, up)]
            if same_side and len(hits) >= 2:
                rules[key].update(hits)
    return rules


def classify_points(
    n: int, rules: dict[str, set[int]], improvement: Improvement, conflict_rule: ConflictRule = "concern"
) -> list[PointLabel]:
    high = set().union(*(rules[k] for k in _HIGH))
    low = set().union(*(rules[k] for k in _LOW))
    labels: list[PointLabel] = []
    for i in range(n):
        h, lo = i in high, i in low
        if not (h or lo):
            labels.append("common_cause")
            continue
        if improvement == "neither":
            labels.append(
                "neither_high" if h and not lo else "neither_low" if lo and not h else "neither_conflict"
            )
            continue
        imp = h if improvement == "up" else lo
        con = lo if improvement == "up" else h
        if imp and con:
            rule = conflict_rule
            if rule == "primacy":
                up = max(_PRIMACY[k] for k in _HIGH if i in rules[k])
                down = max(_PRIMACY[k] for k in _LOW if i in rules[k])
                if up != down:
                    rule = "improvement" if (up > down) == (improvement == "up") else "concern"
                else:
                    rule = "concern"
            imp, con = (True, False) if rule == "improvement" else (False, True)
        labels.append("improvement" if imp else "concern")
    return labels


VariationIcon = Literal[
    "common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
    "neither_high", "neither_low", "neither_conflict",
]  # fmt: skip
AssuranceIcon = Literal["pass", "hit_or_miss", "fail"]


def variation_icon(labels: Sequence[PointLabel], improvement: Improvement) -> VariationIcon:
    last = labels[-1]
    if last == "common_cause":
        return "common_cause"
    if last.startswith("neither"):
        return last  # type: ignore[return-value]
    high = (last == "improvement") == (improvement == "up")
    return f"{last}_{'high' if high else 'low'}"  # type: ignore[return-value]


def assurance_icon(target: float | None, limits: Limits, improvement: Improvement) -> AssuranceIcon | None:
    if target is None or improvement == "neither":
        return None
    if improvement == "up":
        if target <= limits.lpl:
            return "pass"
        if target >= limits.upl:
            return "fail"
    else:
        if target >= limits.upl:
            return "pass"
        if target <= limits.lpl:
            return "fail"
    return "hit_or_miss"


@dataclasses.dataclass(frozen=True)
class SpcChart:
    values: tuple[float, ...]
    improvement: Improvement
    settings: SpcSettings
    limits: Limits | None
    rules: dict[str, frozenset[int]]
    labels: tuple[PointLabel, ...]
    variation: VariationIcon | None
    assurance: AssuranceIcon | None
    target: float | None
    explanation: str
    partitions: tuple[tuple[int, Limits], ...] = ()  # (first point, limits) per recalculation

    @property
    def is_spc(self) -> bool:
        """False when there were too few points: no limits, rules or icons."""
        return self.limits is not None


def series_problem(periods: Sequence[Period]) -> str | None:
    """Why a series is not suitable for an SPC chart (None when it is): SPC is for monthly or
    quarterly values of one kind, in order, without gaps."""
    if not periods:
        return "there are no values"
    first = periods[0]
    if first.kind.is_yearly:
        return "SPC is for monthly or quarterly series; this one is yearly"
    if any(not p.same_frequency(first) for p in periods):
        return "the series mixes periods of different kinds"
    if any(b != a.next() for a, b in itertools.pairwise(periods)):
        return "the periods are not consecutive (out of order, repeated or with a gap)"
    return None


def _partitions(n: int, recalculate_from: Sequence[int], ghosted: set[int]) -> list[list[int]]:
    starts = sorted({0, *(i for i in recalculate_from if 0 < i < n)})
    ends = [*starts[1:], n]
    return [[i for i in range(a, b) if i not in ghosted] for a, b in zip(starts, ends, strict=True)]


def spc_chart(
    values: Sequence[float],
    improvement: Improvement,
    *,
    target: float | None = None,
    settings: SpcSettings | None = None,
    recalculate_from: Sequence[int] = (),
    ghosted: Collection[int] = (),
) -> SpcChart:
    """An XmR chart with its special-cause flags, per-point labels and icons; a plain run chart
    (no limits) with fewer than `settings.min_points` points that are not ghosted.

    `recalculate_from`: 0-based points where new limits start after a sustained, explained change
    (each partition has its own mean and limits; moving ranges, shifts and two-of-three stay within
    a partition, trends run across, as in MDC's tool). `ghosted`: points shown but left out of
    every calculation."""
    settings = settings or SpcSettings()
    vals = tuple(float(v) for v in values)
    ghost = {i for i in ghosted if 0 <= i < len(vals)}
    kept = [i for i in range(len(vals)) if i not in ghost]
    if len(kept) < settings.min_points:
        plain: tuple[PointLabel, ...] = tuple(
            "ghosted" if i in ghost else "common_cause" for i in range(len(vals))
        )
        return SpcChart(vals, improvement, settings, None, {}, plain, None, None, target,
                        f"Not enough points for statistical process control: {len(kept)} of the "
                        f"{settings.min_points} needed. Shown as a run chart without limits.")  # fmt: skip
    parts = [p for p in _partitions(len(vals), recalculate_from, ghost) if p]
    if any(len(p) < 2 for p in parts):
        raise ValueError("Every recalculation period needs at least 2 points that are not ghosted")
    rules: dict[str, set[int]] = {k: set() for k in RULE_NAMES}
    partitions: list[tuple[int, Limits]] = []
    for part in parts:
        pv = [vals[i] for i in part]
        lim = xmr_limits(
            pv, baseline_points=settings.baseline_points, screen=settings.screen_moving_range_outliers
        )
        for key, flagged_points in special_cause_rules(pv, lim, settings).items():
            if not key.startswith("trend"):
                rules[key].update(part[j] for j in flagged_points)
        partitions.append((part[0], lim))
    across = special_cause_rules([vals[i] for i in kept], partitions[0][1], settings)
    for key in ("trend_up", "trend_down"):
        rules[key] = {kept[j] for j in across[key]}
    labels: list[PointLabel] = list(classify_points(len(vals), rules, improvement, settings.conflict_rule))
    for i in ghost:
        labels[i] = "ghosted"
    limits = partitions[-1][1]
    icon = variation_icon([labels[kept[-1]]], improvement)
    assurance = assurance_icon(target, limits, improvement)
    flagged = "; ".join(
        f"{RULE_NAMES[k]}: points {', '.join(str(i + 1) for i in sorted(v))}" for k, v in rules.items() if v
    )
    limit_words = " ".join(
        f"From point {start + 1}: limits from {lim.points_used} points, mean {fmt(lim.mean)}, average moving "
        f"range MR̄ {fmt(lim.mr_bar)}, process limits mean ± 2.66·MR̄ = {fmt(lim.lpl)} to {fmt(lim.upl)}, "
        f"two-sigma lines mean ± 1.7733·MR̄ = {fmt(lim.lower_two_sigma)} / {fmt(lim.upper_two_sigma)}."
        for start, lim in partitions
    )
    explanation = (
        f"XmR chart of {len(vals)} points (improvement is {improvement})"
        + (f", {len(ghost)} ghosted (shown but not used)" if ghost else "")
        + (f", limits recalculated at {len(partitions) - 1} point(s)" if len(partitions) > 1 else "")
        + f". {limit_words} Rules (Making Data Count): {settings.describe()}. "
        f"Flagged: {flagged or 'nothing (common cause variation only)'}. Variation icon from the latest "
        f"point: {icon.replace('_', ' ')}."
    )
    short = [start + 1 for start, lim in partitions if lim.points_used < MIN_POINTS]
    if short:
        explanation += (
            f" Trial limits: the limits from point {', '.join(map(str, short))} rest on fewer than "
            f"{MIN_POINTS} points."
        )
    if assurance:
        explanation += (
            f" Assurance against target {fmt(target)}: {assurance.replace('_', ' ')} (pass when the target "
            "lies beyond the limit on the worse side, fail when beyond the limit on the better side, hit or "
            "miss inside; from the latest limits)."
        )
    return SpcChart(vals, improvement, settings, limits, {k: frozenset(v) for k, v in rules.items()},
                    tuple(labels), icon, assurance, target, explanation, tuple(partitions))  # fmt: skip
