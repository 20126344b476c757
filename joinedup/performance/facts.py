"""What a board reads about an indicator: its "facts" for the partnership's headline area.

Pure assembly from plain values (no ORM): `selectors_insight.indicator_facts` fetches the
inputs of every indicator in a fixed number of queries and hands them here as `Inputs`.
Every figure comes from a function of `joinedup.performance.analysis` and keeps its
`explanation`, so each one can say how it was computed (docs/performance-analysis.md,
"Dashboards and exceptions").
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from joinedup.core.periods import Period

from .analysis.benchmark import Comparison, Quantile, Rank, compare, quantile_of, rank_of
from .analysis.common import Polarity
from .analysis.common import polarity as polarity_code
from .analysis.forecast import Forecast, forecast
from .analysis.intervals import Interval, interval_for
from .analysis.rag import HonestStatus, Rag, honest_status, rag
from .analysis.trend import DirectionOfTravel, Point, direction_of_travel

# How many of the latest periods the card's sparkline shows.
SPARKLINE_POINTS = 12

# The multiplier that puts a numerator / denominator on the indicator's scale, by unit.
_MULTIPLIER = {"percentage": 100.0, "rate_1000": 1000.0, "rate_100000": 100000.0}


@dataclasses.dataclass(frozen=True)
class IndicatorInfo:
    pk: int
    code: str
    title: str
    polarity: str
    value_type: str
    unit: str
    decimal_places: int
    is_fictional: bool = False


class Value(NamedTuple):
    """One observation of the headline area (or another area), as plain values.

    A named tuple, not a frozen dataclass: as immutable, and a dashboard builds one per value of
    the headline and benchmark series (16,000 for 200 indicators), where a frozen dataclass's
    `__init__` (one `object.__setattr__` per field) cost four times as much."""

    period: Period
    value: float | None
    lower: float | None = None
    upper: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    observation_id: int | None = None
    import_run_id: int | None = None
    source_row: int | None = None
    entered_by: str = ""


@dataclasses.dataclass(frozen=True)
class TargetValue:
    period: Period
    value: float
    tolerance: float = 0
    tolerance_kind: str = "absolute"
    target_id: int | None = None
    target_type: str = "local"


@dataclasses.dataclass(frozen=True)
class CommentaryNote:
    period: Period
    happening: str
    doing: str
    written_by: str = ""


@dataclasses.dataclass(frozen=True)
class Inputs:
    """Everything the facts of one indicator are computed from."""

    indicator: IndicatorInfo
    area_name: str
    series: Sequence[Value]  # the headline area's values (default breakdown), any order
    targets: Sequence[TargetValue] = ()
    benchmark_name: str = ""
    benchmark: Mapping[str, Value] = dataclasses.field(default_factory=dict)  # period code -> value
    group_name: str = ""
    group_values: Mapping[str, Mapping[str, float | None]] = dataclasses.field(
        default_factory=dict
    )  # period code -> {area name: value}, the comparator group's members with the headline area
    commentary: CommentaryNote | None = None


@dataclasses.dataclass(frozen=True)
class Facts:
    indicator: IndicatorInfo
    area_name: str
    latest: Value | None
    interval: Interval | None  # the latest value's 95% interval when it was computed here
    target: TargetValue | None
    rag: Rag
    vs_previous: DirectionOfTravel
    vs_last_year: DirectionOfTravel
    comparison: Comparison | None
    benchmark_value: Value | None
    rank: Rank | None
    quartile: Quantile | None
    group_name: str
    forecast: Forecast | None
    honest: HonestStatus
    sparkline: tuple[tuple[Period, float], ...]
    commentary: CommentaryNote | None
    exception_reasons: tuple[str, ...]

    @property
    def is_exception(self) -> bool:
        return bool(self.exception_reasons)

    @property
    def polarity_code(self) -> Polarity | None:
        return polarity_code(self.indicator.polarity)


def multiplier(unit: str) -> float:
    return _MULTIPLIER.get(unit, 1.0)


def latest_interval(info: IndicatorInfo, value: Value) -> tuple[float | None, float | None, Interval | None]:
    """The 95% limits of a value: its own when it has them, else computed from its numerator
    and denominator (analysis.intervals), else none."""
    if value.lower is not None and value.upper is not None:
        return value.lower, value.upper, None
    if value.numerator is None:
        return None, None, None
    result = interval_for(
        info.value_type, value.numerator, value.denominator, multiplier=multiplier(info.unit)
    )
    if isinstance(result, Interval):
        return result.lower, result.upper, result
    return None, None, None


def _point(info: IndicatorInfo, value: Value | None) -> Point | None:
    if value is None or value.value is None:
        return None
    lower, upper, _ = latest_interval(info, value)
    return Point(value.value, lower, upper)


def exception_reasons(
    target_rag: Rag,
    comparison: Comparison | None,
    vs_previous: DirectionOfTravel,
    outlook: Forecast | None,
) -> tuple[str, ...]:
    """Why an indicator is an exception for strategic and executive bodies: red against its
    target, significantly worse than its benchmark, significantly getting worse than the
    previous period, or forecast not to meet its target. Empty when it is none of these."""
    reasons = []
    if target_rag.status == "red":
        reasons.append("Off target (red)")
    if comparison is not None and comparison.outcome in ("worse", "worst"):
        reasons.append(f"Significantly worse than {comparison.benchmark_name}")
    if vs_previous.direction == "getting_worse":
        reasons.append("Significantly worse than the previous period")
    if outlook is not None and outlook.outcome == "off_track":
        reasons.append("Not on track to meet the target")
    return tuple(reasons)


# Period's own order (start, end, code) as a sort key, read in C: one key per item instead of a
# Python-level `Period.__lt__` per comparison (works for `Value` and `TargetValue`).
_by_period = operator.attrgetter("period.sort_key")


@functools.lru_cache(maxsize=512)
def _earlier(period: Period) -> tuple[Period, Period]:
    """The previous period and the same period last year, remembered: the indicators of a
    dashboard mostly share their latest period, and a Period's label is worked out once per
    object."""
    return period.previous(), period.same_period_last_year()


def assemble(inputs: Inputs) -> Facts:
    info = inputs.indicator
    pol = polarity_code(info.polarity)
    valued = sorted([v for v in inputs.series if v.value is not None], key=_by_period)
    latest = valued[-1] if valued else None
    by_code = {v.period.code: v for v in valued}
    targets = {t.period.code: t for t in inputs.targets}

    interval = None
    target = None
    if latest is not None:
        _, _, interval = latest_interval(info, latest)
        target = targets.get(latest.period.code)
    target_rag = rag(
        latest.value if latest else None,
        target.value if target else None,
        pol,
        tolerance=target.tolerance if target else 0,
        tolerance_kind="percent" if target and target.tolerance_kind == "percent" else "absolute",
    )

    if latest is not None:
        previous, last_year = _earlier(latest.period)
        latest_point = _point(info, latest)
        vs_previous = direction_of_travel(
            latest_point, _point(info, by_code.get(previous.code)), pol,
            against=f"the previous period ({previous.label})",
        )  # fmt: skip
        vs_last_year = direction_of_travel(
            latest_point, _point(info, by_code.get(last_year.code)), pol,
            against=f"the same period last year ({last_year.label})",
        )  # fmt: skip
    else:
        vs_previous = direction_of_travel(None, None, pol)
        vs_last_year = direction_of_travel(None, None, pol, against="the same period last year")

    comparison = None
    benchmark_value = None
    if latest is not None and inputs.benchmark_name:
        benchmark_value = inputs.benchmark.get(latest.period.code)
        lower, upper, _ = latest_interval(info, latest)
        comparison = compare(
            lower,
            upper,
            benchmark_value.value if benchmark_value else None,
            pol,
            value=latest.value,
            benchmark_name=inputs.benchmark_name,
        )

    rank = quartile = None
    if latest is not None and inputs.group_values:
        values = inputs.group_values.get(latest.period.code, {})
        rank = rank_of(values, inputs.area_name, pol)
        quartile = quantile_of(values, inputs.area_name)

    outlook = None
    if latest is not None:
        # The last target after the latest value (the forecast's horizon); none, no forecast.
        final = None
        for t in inputs.targets:
            if latest.period < t.period and (final is None or _by_period(final) <= _by_period(t)):
                final = t
        if final is not None and final.period.same_frequency(latest.period):
            kind, years = final.period.kind, final.period.years  # Period.same_frequency, inlined
            points = [
                (v.period, float(v.value))  # type: ignore[arg-type]  # valued: never None
                for v in valued
                if v.period.kind is kind and v.period.years == years
            ]
            outlook = forecast(
                points,
                final.period,
                target=final.value,
                polarity=pol,
            )

    spark = tuple((v.period, float(v.value)) for v in valued[-SPARKLINE_POINTS:])  # type: ignore[arg-type]
    return Facts(
        indicator=info,
        area_name=inputs.area_name,
        latest=latest,
        interval=interval,
        target=target,
        rag=target_rag,
        vs_previous=vs_previous,
        vs_last_year=vs_last_year,
        comparison=comparison,
        benchmark_value=benchmark_value,
        rank=rank,
        quartile=quartile,
        group_name=inputs.group_name,
        forecast=outlook,
        honest=honest_status(target_rag, comparison),
        sparkline=spark,
        commentary=inputs.commentary,
        exception_reasons=exception_reasons(target_rag, comparison, vs_previous, outlook),
    )


RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "not_rated": 3}


def exceptions_first(facts: Sequence[Facts]) -> list[Facts]:
    """Exceptions first, then by RAG (red, amber, green, not rated), then by code."""
    return sorted(facts, key=lambda f: (not f.is_exception, RAG_ORDER[f.rag.status], f.indicator.code))


def figure_explanation(facts: Facts, figure: str) -> Any:
    """The analysis result behind one figure of a card, by name; None when there is none."""
    return {
        "rag": facts.rag,
        "previous": facts.vs_previous,
        "last_year": facts.vs_last_year,
        "benchmark": facts.comparison,
        "rank": facts.rank,
        "quartile": facts.quartile,
        "forecast": facts.forecast,
        "status": facts.honest,
        "interval": facts.interval,
    }.get(figure)


FIGURES = ("rag", "previous", "last_year", "benchmark", "rank", "quartile", "forecast", "status", "interval")
