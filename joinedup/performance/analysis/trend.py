"""Direction of travel and Fingertips' recent trend (methods.md §3).

Direction of travel compares the latest value with the previous period's and with the same
period last year. With 95% intervals on both values the change is tested as a difference of two
independent estimates: each standard error is recovered from its interval as (U − L) / 3.92, and
the change is significant when |difference| / √(SE₁² + SE₂²) > 1.96 (5%, two-sided). The
benchmark rule of §2.3 (interval against a fixed value) is not used here, because the earlier
value has as much sampling error as the latest; nor is "intervals do not overlap", which misses
many real differences (methods.md §2.3).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence
from typing import Literal

from scipy.stats import chi2

from joinedup.core.periods import Period

from .common import POLARITY_WORDS, Polarity, fmt

CHI2_1DF_998 = float(chi2.ppf(0.998, 1))  # 9.5495…, the recent-trend significance level
SE_DIVISOR = 3.92  # 2 × 1.96: a 95% interval's width in standard errors
Z_95 = 1.959963984540054


@dataclasses.dataclass(frozen=True)
class Point:
    """One value, with its 95% interval when the data has one."""

    value: float
    lower: float | None = None
    upper: float | None = None

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None and self.upper > self.lower


Direction = Literal[
    "getting_better",
    "no_significant_change",
    "getting_worse",
    "increased",
    "decreased",
    "significantly_higher",
    "significantly_lower",
    "no_change",
    "not_assessed",
]

DIRECTION_LABELS = {
    "getting_better": "Getting better",
    "no_significant_change": "No significant change",
    "getting_worse": "Getting worse",
    "increased": "Increased (significance not assessed)",
    "decreased": "Decreased (significance not assessed)",
    "significantly_higher": "Significantly higher",
    "significantly_lower": "Significantly lower",
    "no_change": "No change",
    "not_assessed": "Cannot be assessed",
}


@dataclasses.dataclass(frozen=True)
class DirectionOfTravel:
    direction: Direction
    against: str  # "the previous period", "the same period last year"
    current: Point | None
    earlier: Point | None
    change: float | None
    z: float | None
    polarity: Polarity | None
    explanation: str

    @property
    def label(self) -> str:
        return DIRECTION_LABELS[self.direction]


def direction_of_travel(
    current: Point | None,
    earlier: Point | None,
    polarity: Polarity | None,
    *,
    against: str = "the previous period",
) -> DirectionOfTravel:
    """Getting better / no significant change / getting worse (with intervals), or increased /
    decreased (significance not assessed) without them. With no polarity (or not applicable) a
    significant change is "significantly higher / lower", neither better nor worse."""

    def result(direction: Direction, change: float | None, z: float | None, why: str) -> DirectionOfTravel:
        return DirectionOfTravel(direction, against, current, earlier, change, z, polarity, why)

    if current is None or earlier is None:
        return result("not_assessed", None, None, f"There is no value for {against} to compare with.")
    change = current.value - earlier.value
    moved = f"from {fmt(earlier.value)} ({against}) to {fmt(current.value)}, a change of {fmt(change)}"
    if not (current.has_interval and earlier.has_interval):
        if change == 0:
            return result("no_change", change, None, f"The value did not change ({moved}).")
        direction: Direction = "increased" if change > 0 else "decreased"
        why = (
            f"The value {direction} {moved}; the values have no confidence intervals, so significance is not "
            "assessed."
        )
        return result(direction, change, None, why)
    assert current.lower is not None and current.upper is not None
    assert earlier.lower is not None and earlier.upper is not None
    se_now = (current.upper - current.lower) / SE_DIVISOR
    se_then = (earlier.upper - earlier.lower) / SE_DIVISOR
    z = change / math.sqrt(se_now**2 + se_then**2)
    method = (
        "Tested as the difference of two independent estimates: standard errors recovered from the 95% "
        f"intervals as (upper − lower) / 3.92 ({fmt(se_now)} now, {fmt(se_then)} then); z = change / √(SE₁² "
        f"+ SE₂²) = {fmt(z, 3)}, significant at 5% when |z| > 1.96."
    )
    if abs(z) <= Z_95:
        return result(
            "no_significant_change", change, z, f"The value moved {moved}. {method} Not significant."
        )
    if polarity not in ("higher", "lower"):
        direction = "significantly_higher" if change > 0 else "significantly_lower"
        why = (
            f"The value moved {moved}. {method} Significant; the indicator has no polarity, so the change is "
            "neither better nor worse."
        )
        return result(direction, change, z, why)
    good = (change > 0) == (polarity == "higher")
    direction = "getting_better" if good else "getting_worse"
    words = "getting better" if good else "getting worse"
    return result(direction, change, z, f"The value moved {moved}. {method} Significant and "
                  f"{POLARITY_WORDS[polarity]}: {words}.")  # fmt: skip


def directions_for_series(
    series: Sequence[tuple[Period, Point]], polarity: Polarity | None
) -> tuple[DirectionOfTravel, DirectionOfTravel]:
    """Direction of the latest period against the previous period and the same period last year,
    found by period arithmetic (a missing period gives "cannot be assessed")."""
    if not series:
        empty = direction_of_travel(None, None, polarity)
        return empty, direction_of_travel(None, None, polarity, against="the same period last year")
    by_period = dict(series)
    latest = max(by_period)
    current = by_period[latest]
    previous = latest.previous()
    last_year = latest.same_period_last_year()
    vs_previous = direction_of_travel(
        current, by_period.get(previous), polarity, against=f"the previous period ({previous.label})"
    )
    vs_last_year = direction_of_travel(
        current, by_period.get(last_year), polarity, against=f"the same period last year ({last_year.label})"
    )
    return vs_previous, vs_last_year


# Fingertips recent trend (methods.md §3) ------------------------------------------------------

TrendOutcome = Literal[
    "increasing_and_getting_better",
    "increasing_and_getting_worse",
    "decreasing_and_getting_better",
    "decreasing_and_getting_worse",
    "increasing",
    "decreasing",
    "no_significant_change",
    "cannot_be_calculated",
]


@dataclasses.dataclass(frozen=True)
class RecentTrend:
    outcome: TrendOutcome
    method: str
    chi2: float | None
    slope_sign: int
    robust: bool | None
    points_used: int
    explanation: str

    @property
    def label(self) -> str:
        return self.outcome.replace("_", " ").capitalize()


def _ols_slope(ts: Sequence[float], ys: Sequence[float]) -> float:
    n = len(ts)
    st, sy = sum(ts), sum(ys)
    stt = sum(t * t for t in ts)
    sty = sum(t * y for t, y in zip(ts, ys, strict=True))
    return (n * sty - st * sy) / (n * stt - st * st)


def _wls(ts: Sequence[float], ys: Sequence[float], ws: Sequence[float]) -> tuple[float, float]:
    sw = sum(ws)
    swt = sum(w * t for w, t in zip(ws, ts, strict=True))
    swy = sum(w * y for w, y in zip(ws, ys, strict=True))
    swtt = sum(w * t * t for w, t in zip(ws, ts, strict=True))
    swty = sum(w * t * y for w, t, y in zip(ws, ts, ys, strict=True))
    d = sw * swtt - swt**2
    return (sw * swty - swt * swy) / d, math.sqrt(sw / d)


def _leave_one_out(ys: Sequence[float], ws: Sequence[float] | None) -> bool:
    ts = list(range(1, len(ys) + 1))
    slopes = []
    for drop in [None, *range(len(ys))]:
        keep = [i for i in range(len(ys)) if i != drop]
        tt, yy = [ts[i] for i in keep], [ys[i] for i in keep]
        slopes.append(_ols_slope(tt, yy) if ws is None else _wls(tt, yy, [ws[i] for i in keep])[0])
    signs = [1 if s >= 0 else -1 for s in slopes]
    return abs(sum(signs)) == len(signs)


def _label(sign: int, polarity: Polarity | None) -> TrendOutcome:
    if polarity == "higher":
        return "increasing_and_getting_better" if sign > 0 else "decreasing_and_getting_worse"
    if polarity == "lower":
        return "increasing_and_getting_worse" if sign > 0 else "decreasing_and_getting_better"
    return "increasing" if sign > 0 else "decreasing"


_RULE = (
    "Significant when χ² > χ²(0.998; 1) = 9.5495 and the slope keeps its sign when each single point is "
    "dropped in turn (six fits; Fingertips' robustness check)."
)


def recent_trend_eligibility(periods: Sequence[Period]) -> str | None:
    """Why the latest five periods cannot have a recent trend (None when they can): Fingertips
    tests only yearly, non-overlapping, consecutive periods (methods.md §3.1)."""
    latest = sorted(periods)[-5:]
    if len(latest) < 5:
        return f"the test needs five values and there are {len(latest)}"
    if not latest[0].kind.is_yearly:
        return "monthly and quarterly series are not tested (the test is for yearly values)"
    if any(p.years != 1 or not p.same_frequency(latest[0]) for p in latest):
        return "the periods overlap (rolling periods of several years) or are of different kinds"
    if any(b != a.next() for a, b in itertools.pairwise(latest)):
        return "the five latest periods are not consecutive (the series has a break)"
    return None


def recent_trend_proportion(
    counts: Sequence[float], denominators: Sequence[float], polarity: Polarity | None
) -> RecentTrend:
    """Chi-squared test for trend over the latest five yearly proportions (Cochran–Armitage)."""
    method = "Chi-squared test for trend in proportions"
    counts, denominators = list(counts[-5:]), list(denominators[-5:])
    if len(counts) < 5 or any(c <= 0 or c >= d for c, d in zip(counts, denominators, strict=True)):
        return RecentTrend("cannot_be_calculated", method, None, 0, None, len(counts),
                           "Cannot be calculated: the test needs five consecutive values, each with a count "
                           "above 0 and below its denominator.")  # fmt: skip
    ts = range(1, 6)
    big_o, big_n = sum(counts), sum(denominators)
    s_ot = sum(t * o for t, o in zip(ts, counts, strict=True))
    s_nt = sum(t * n for t, n in zip(ts, denominators, strict=True))
    s_ntt = sum(t * t * n for t, n in zip(ts, denominators, strict=True))
    score = big_n * s_ot - big_o * s_nt
    chi = big_n * score**2 / (big_o * (big_n - big_o) * (big_n * s_ntt - s_nt**2))
    sign = (score > 0) - (score < 0)
    robust = _leave_one_out([math.log(c / (d - c)) for c, d in zip(counts, denominators, strict=True)], None)
    why = (
        f"{method} on the latest five values (t = 1…5): S = N·Σt·O − O·Σt·n, χ² = N·S² / (O·(N − O)·(N·Σt²·n "
        f"− (Σt·n)²)) = {fmt(chi)}. {_RULE} Leave-one-out slopes of logit(p) "
        f"{'agree' if robust else 'disagree'}."
    )
    outcome = _label(sign, polarity) if chi > CHI2_1DF_998 and robust else "no_significant_change"
    return RecentTrend(outcome, method, chi, sign, robust, 5, why)


def recent_trend_values(
    values: Sequence[float], lower95: Sequence[float], upper95: Sequence[float], polarity: Polarity | None
) -> RecentTrend:
    """Weighted regression on the latest five values, weights from their 95% intervals."""
    method = "Weighted regression on the values"
    values, lower95, upper95 = list(values[-5:]), list(lower95[-5:]), list(upper95[-5:])
    if len(values) < 5 or any(u - lo <= 0 for lo, u in zip(lower95, upper95, strict=True)):
        return RecentTrend("cannot_be_calculated", method, None, 0, None, len(values),
                           "Cannot be calculated: the test needs five consecutive values with 95% intervals "
                           "of non-zero width.")  # fmt: skip
    ws = [1 / ((u - lo) / SE_DIVISOR) ** 2 for lo, u in zip(lower95, upper95, strict=True)]
    slope, se = _wls([1, 2, 3, 4, 5], values, ws)
    chi = (slope / se) ** 2
    robust = _leave_one_out(values, ws)
    why = (
        f"{method}: weights 1/SE² with SE = (upper − lower)/3.92; slope b = {fmt(slope)} (SE {fmt(se)}), χ² "
        f"= (b/SE)² = {fmt(chi)}. {_RULE} Leave-one-out slopes {'agree' if robust else 'disagree'}."
    )
    sign = 1 if slope > 0 else -1
    outcome = _label(sign, polarity) if chi > CHI2_1DF_998 and robust else "no_significant_change"
    return RecentTrend(outcome, method, chi, sign, robust, 5, why)
