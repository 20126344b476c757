"""The indicator page's analysis: trend against target, comparators, variation (SPC),
forecast, footprint and gaps, each figure with its chart, data table and "how was this
computed" text from the analysis results (joinedup.performance.analysis).

`indicator_analysis` reads its inputs through `selectors_charts` (a fixed number of queries)
and is computed once per request: every panel of the page shares it. Charts come from
joinedup.core.charts, whose inputs here are sorted and plain, so the same data gives the
same cached SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from joinedup.core import charts
from joinedup.core.periods import Period, PeriodKind
from joinedup.partnerships.models import Area, Partnership
from joinedup.performance import selectors, selectors_charts
from joinedup.performance.analysis import aggregate as agg
from joinedup.performance.analysis import benchmark as bm
from joinedup.performance.analysis import forecast as fc
from joinedup.performance.analysis import gaps as gp
from joinedup.performance.analysis import intervals, rag, spc, trend
from joinedup.performance.analysis.common import Polarity, polarity
from joinedup.performance.models import Indicator, PartnershipIndicator, Unit
from joinedup.performance.selectors_charts import Value

MULTIPLIERS: dict[str, float] = {Unit.PERCENTAGE: 100, Unit.RATE_1000: 1000, Unit.RATE_100000: 100_000}
SPC_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.FINANCIAL_QUARTER)
IMPROVEMENT: dict[str | None, spc.Improvement] = {"higher": "up", "lower": "down"}


def value_format(indicator: Indicator) -> charts.ValueFormat:
    if indicator.unit == Unit.PERCENTAGE:
        return "percent"
    if indicator.unit == Unit.MONEY:
        return "money"
    return "number"


def multiplier(indicator: Indicator) -> float:
    return MULTIPLIERS.get(indicator.unit, 1)


def interval_of(indicator: Indicator, v: Value) -> tuple[float | None, float | None, str]:
    """The value's 95% limits: as published, else computed from its numerator and denominator
    by the value type; with the words saying which."""
    if v.lower is not None and v.upper is not None:
        return v.lower, v.upper, "95% limits as published with the value."
    if v.numerator is None:
        return None, None, "No confidence interval: the value was published without one and without a count."
    result = intervals.interval_for(
        indicator.value_type, v.numerator, v.denominator, multiplier=multiplier(indicator)
    )
    if isinstance(result, intervals.NoInterval):
        return None, None, f"No confidence interval: {result.explanation}"
    return result.lower, result.upper, result.explanation


def _num(value: float | None, places: int) -> str:
    if value is None:
        return "no value"
    return f"{value:,.{places}f}"


# --- results --------------------------------------------------------------------------------------


@dataclass
class RagRow:
    period: Period
    value: float | None
    target: float | None
    status: str
    label: str
    explanation: str


@dataclass
class TrendResult:
    area: Area
    chart: charts.Chart
    rag_rows: list[RagRow]
    directions: tuple[trend.DirectionOfTravel, trend.DirectionOfTravel] | None
    interval_notes: list[tuple[Period, str]]

    @property
    def is_empty(self) -> bool:
        return not self.interval_notes and not self.rag_rows


@dataclass
class ComparatorRow:
    area: Area
    value: float | None
    lower: float | None
    upper: float | None
    rank: bm.Rank | None
    quartile: bm.Quantile | None
    comparison: bm.Comparison | None
    is_ours: bool


@dataclass
class ComparatorResult:
    choices: list[selectors_charts.GroupChoice]
    chosen: selectors_charts.GroupChoice | None
    period: Period | None
    chart: charts.Chart | None
    rows: list[ComparatorRow]
    benchmark_name: str
    benchmark_value: float | None
    headline_row: ComparatorRow | None
    honest: rag.HonestStatus | None
    reason: str = ""


@dataclass
class SpcResult:
    chart: charts.Chart | None
    result: spc.SpcChart | None
    rows: list[tuple[Period, float, str, list[str]]]
    reason: str


@dataclass
class ForecastResult:
    chart: charts.Chart | None
    result: fc.Forecast | None
    reason: str


@dataclass
class FootprintResult:
    period: Period | None
    result: agg.Aggregate | None
    chart: charts.Chart | None
    members: list[tuple[Area, Value | None]]


@dataclass
class GapResult:
    area: Area
    category_type: str
    chart: charts.Chart
    trend: gp.GapTrendResult
    gaps: list[gp.Gap]


@dataclass
class IndicatorAnalysis:
    indicator: Indicator
    places: int
    headline: Area | None
    trend: TrendResult | None = None
    comparator: ComparatorResult | None = None
    spc: SpcResult | None = None
    forecast: ForecastResult | None = None
    footprint: FootprintResult | None = None
    gaps: list[GapResult] = field(default_factory=list)


# --- building -------------------------------------------------------------------------------------


def indicator_analysis(
    partnership: Partnership,
    indicator: Indicator,
    link: PartnershipIndicator | None,
    *,
    comparator_key: str = "",
    spc_settings: spc.SpcSettings | None = None,
) -> IndicatorAnalysis:
    """Every analysis panel's figures for the indicator page. A fixed number of queries."""
    own_ids = list(partnership.areas.order_by("name").values_list("pk", flat=True))
    reported = selectors.reported_area_ids(partnership, link)
    series = selectors_charts.series_for_areas(partnership, indicator, reported)
    by_area: dict[int, list[Value]] = {}
    for v in series:
        by_area.setdefault(v.area_id, []).append(v)
    headline_id = selectors.headline_area_id(reported, by_area)
    extremes = selectors_charts.deprivation_extremes(partnership, indicator)
    areas = selectors_charts.areas_by_id([*reported, *(v.area_id for v in extremes)])
    headline = areas.get(headline_id) if headline_id is not None else None
    result = IndicatorAnalysis(indicator, indicator.decimal_places, headline)
    pol = polarity(indicator.polarity)
    headline_series = [v for v in by_area.get(headline_id, []) if v.value is not None] if headline_id else []
    targets = selectors_charts.approved_targets(partnership, indicator, headline) if headline else []
    if headline is not None:
        result.trend = _trend(indicator, headline, headline_series, targets, pol)
        result.spc = _spc(indicator, headline_series, targets, pol, spc_settings or spc.SpcSettings())
        result.forecast = _forecast(indicator, headline_series, targets, pol)
        result.comparator = _comparator(
            partnership, indicator, headline, headline_series, pol, comparator_key
        )
        if result.comparator.headline_row is not None and result.trend and result.trend.rag_rows:
            latest = result.comparator.period
            row = next((r for r in result.trend.rag_rows if r.period == latest), None)
            if row is not None and result.comparator.headline_row.comparison is not None:
                target = next((t for t in targets if t.period == latest), None)
                result.comparator.honest = rag.honest_status(
                    _rag_of(row.value, target, pol), result.comparator.headline_row.comparison
                )
    if len(own_ids) > 1:
        result.footprint = _footprint(indicator, own_ids, areas, by_area)
    result.gaps = _gaps(indicator, extremes, areas, reported)
    return result


def _rag_of(value: float | None, target: Any, pol: Polarity | None) -> rag.Rag:
    if target is None:
        return rag.rag(value, None, pol)
    return rag.rag(
        value,
        target.value,
        pol,
        tolerance=target.tolerance or 0,
        tolerance_kind="percent" if target.tolerance_kind == "percent" else "absolute",
    )


def _trend(indicator, headline, values, targets, pol) -> TrendResult:
    places = indicator.decimal_places
    points = []
    notes = []
    for v in values:
        low, high, note = interval_of(indicator, v)
        points.append(charts.Point(v.period, v.value, low, high))
        notes.append((v.period, note))
    target_series = (
        charts.Series("Target", [charts.Point(t.period, t.value) for t in targets]) if targets else None
    )
    chart = charts.line_chart(
        title=f"{indicator.title}: {headline.name}, by period, against the target",
        series=[charts.Series(headline.name, points)],
        y_label=indicator.get_unit_display(),
        value_format=value_format(indicator),
        places=places,
        target=target_series,
        target_label="Approved target",
    )
    by_period = {t.period: t for t in targets}
    periods = sorted({v.period for v in values} | set(by_period), key=lambda p: p.sort_key)
    value_of = {v.period: v.value for v in values}
    rag_rows = []
    for period in periods:
        r = _rag_of(value_of.get(period), by_period.get(period), pol)
        rag_rows.append(
            RagRow(
                period, value_of.get(period), r.target, r.status, rag.STATUS_LABELS[r.status], r.explanation
            )
        )
    directions = None
    if values:
        pts = []
        for v, p in zip(values, points, strict=True):
            low = float(p.low) if p.low is not None else None
            high = float(p.high) if p.high is not None else None
            pts.append((v.period, trend.Point(float(v.value), low, high)))
        directions = trend.directions_for_series(pts, pol)
    return TrendResult(headline, chart, rag_rows, directions, notes)


def _spc(indicator, values, targets, pol, settings: spc.SpcSettings) -> SpcResult:
    periods = [v.period for v in values]
    if not values:
        return SpcResult(None, None, [], "There is no variation chart because there are no values.")
    if periods[0].kind not in SPC_KINDS:
        return SpcResult(
            None,
            None,
            [],
            "There is no variation chart because statistical process control is for monthly or quarterly "
            "values, and this indicator's values are for longer periods.",
        )
    problem = spc.series_problem(periods)
    if problem:
        return SpcResult(None, None, [], f"There is no variation chart because {problem}.")
    if len(values) < spc.MIN_POINTS:
        return SpcResult(
            None,
            None,
            [],
            f"There is no variation chart because it needs at least {spc.MIN_POINTS} monthly or quarterly "
            f"values in a row, and there {'is' if len(values) == 1 else 'are'} {len(values)}.",
        )
    target = targets[-1].value if targets else None
    result = spc.spc_chart(
        [float(v.value) for v in values], IMPROVEMENT.get(pol, "neither"), target=target, settings=settings
    )
    limits = result.limits
    assert limits is not None
    flagged: dict[int, list[str]] = {}
    for key, points in result.rules.items():
        for i in points:
            flagged.setdefault(i, []).append(spc.RULE_NAMES[key])
    label_words = {
        "common_cause": "Common cause",
        "improvement": "Special cause: improvement",
        "concern": "Special cause: concern",
        "neither_high": "Special cause: high",
        "neither_low": "Special cause: low",
        "neither_conflict": "Special cause: both ways",
        "ghosted": "Left out",
    }
    rows = [
        (v.period, float(v.value), label_words[result.labels[i]], sorted(flagged.get(i, [])))
        for i, v in enumerate(values)
    ]
    special = [
        charts.Point(v.period, v.value if result.labels[i] != "common_cause" else None)
        for i, v in enumerate(values)
    ]
    series = [
        charts.Series("Value", [charts.Point(v.period, v.value) for v in values]),
        charts.Series("Mean", [charts.Point(v.period, limits.mean) for v in values]),
        charts.Series("Upper process limit", [charts.Point(v.period, limits.upl) for v in values]),
        charts.Series("Lower process limit", [charts.Point(v.period, limits.lpl) for v in values]),
    ]
    if any(p.y is not None for p in special):
        series.append(charts.Series("Special cause", special))
    chart = charts.line_chart(
        title=f"{indicator.title}: variation (XmR chart)",
        series=series,
        y_label=indicator.get_unit_display(),
        value_format=value_format(indicator),
        places=indicator.decimal_places,
    )
    return SpcResult(chart, result, rows, "")


def _forecast(indicator, values, targets, pol) -> ForecastResult:
    if not targets:
        return ForecastResult(
            None, None, "There is no forecast because there is no approved target to aim for."
        )
    # The target date: the latest approved target after the latest value.
    ahead = [t for t in targets if not values or values[-1].period < t.period]
    if not ahead:
        return ForecastResult(
            None,
            None,
            "There is no forecast because every approved target is for a period that already has a value: "
            "the trend panel shows how those periods went.",
        )
    goal = ahead[-1]
    if len(values) < fc.MIN_POINTS:
        return ForecastResult(
            None,
            None,
            f"There is no forecast because a forecast needs at least {fc.MIN_POINTS} values and there "
            f"{'is' if len(values) == 1 else 'are'} {len(values)}: "
            "a line through fewer points says too little.",
        )
    result = fc.forecast(
        [(v.period, float(v.value)) for v in values], goal.period, target=goal.value, polarity=pol
    )
    if result.predicted is None:
        return ForecastResult(None, result, result.explanation)
    last = values[-1]
    chart = charts.line_chart(
        title=f"{indicator.title}: forecast to {goal.period.label}",
        series=[
            charts.Series("Values", [charts.Point(v.period, v.value) for v in values]),
            charts.Series(
                "Forecast",
                [
                    charts.Point(last.period, last.value, last.value, last.value),
                    charts.Point(goal.period, result.predicted, result.lower, result.upper),
                ],
            ),
        ],
        y_label=indicator.get_unit_display(),
        value_format=value_format(indicator),
        places=indicator.decimal_places,
        target=goal.value,
        target_label=f"Target for {goal.period.label}",
        band_label="95% prediction interval",
    )
    return ForecastResult(chart, result, "")


def _comparator(partnership, indicator, headline, headline_series, pol, key) -> ComparatorResult:
    choices = selectors_charts.comparator_choices(partnership, headline)
    chosen = next((c for c in choices if c.key == key), None) or selectors_charts.default_choice(
        choices, headline
    )
    empty = ComparatorResult(choices, chosen, None, None, [], "", None, None, None)
    if chosen is None:
        empty.reason = "There is no comparator group to compare with: add one on the comparator groups page."
        return empty
    if not headline_series:
        empty.reason = f"There is no value for {headline.name} to compare."
        return empty
    period = headline_series[-1].period
    bench_area = None
    if chosen.benchmark_area_id is None:
        bench_area = selectors_charts.england()
    ids = [*chosen.area_ids]
    if headline.pk not in ids:
        ids.append(headline.pk)
    bench_id = chosen.benchmark_area_id or (bench_area.pk if bench_area else None)
    found = selectors_charts.values_in_period(
        partnership, indicator, [*ids, *([bench_id] if bench_id else [])], period
    )
    areas = selectors_charts.areas_by_id([*ids, *([bench_id] if bench_id else [])])
    bench_name = chosen.benchmark_name or (bench_area.name if bench_area else "")
    bench_value = found[bench_id].value if bench_id and bench_id in found else None
    member_values = {a: found[a] for a in ids if a in found and found[a].value is not None}
    ranks = bm.competition_ranks({str(a): v.value for a, v in member_values.items()}, pol)
    quarts = (
        bm.quantiles({str(a): v.value for a, v in member_values.items()}, 4)
        if len(member_values) >= 4
        else {}
    )
    rows = []
    for area_id in ids:
        v = found.get(area_id)
        low = high = None
        comparison = None
        if v is not None and v.value is not None:
            low, high, _ = interval_of(indicator, v)
            comparison = bm.compare(
                low,
                high,
                bench_value,
                pol,
                value=v.value,
                benchmark_name=bench_name or "the benchmark",
                is_benchmark_area=area_id == bench_id,
            )
        rows.append(
            ComparatorRow(
                areas[area_id],
                v.value if v else None,
                low,
                high,
                ranks.get(str(area_id)),
                quarts.get(str(area_id)),
                comparison,
                area_id == headline.pk,
            )
        )
    reverse = pol == "higher"
    rows.sort(key=lambda r: (r.value is None, -(r.value or 0) if reverse else (r.value or 0), r.area.name))
    chart = charts.bar_chart(
        title=f"{indicator.title}: {chosen.name}, {period.label}",
        bars=[charts.Bar(r.area.name, r.value, r.lower, r.upper) for r in rows],
        value_label=indicator.get_unit_display(),
        value_format=value_format(indicator),
        places=indicator.decimal_places,
        highlight=headline.name,
        benchmark=(bench_name, bench_value) if bench_value is not None else None,
    )
    headline_row = next((r for r in rows if r.is_ours), None)
    return ComparatorResult(choices, chosen, period, chart, rows, bench_name, bench_value, headline_row, None)


def _footprint(indicator, own_ids, areas, by_area) -> FootprintResult:
    latest: Period | None = None
    for area_id in own_ids:
        for v in by_area.get(area_id, []):
            if v.value is not None and (latest is None or latest < v.period):
                latest = v.period
    if latest is None:
        return FootprintResult(None, None, None, [(areas[a], None) for a in own_ids])
    members = []
    for area_id in own_ids:
        v = next((x for x in by_area.get(area_id, []) if x.period == latest), None)
        members.append((areas[area_id], v))
    parts = [agg.Part(a.name, v.numerator if v else None, v.denominator if v else None) for a, v in members]
    result = agg.aggregate(parts, indicator.value_type, multiplier=multiplier(indicator))
    bars = [charts.Bar(a.name, v.value if v else None) for a, v in members]
    if result.ok and result.value is not None:
        bars.append(charts.Bar("The partnership's areas together", result.value))
    chart = charts.bar_chart(
        title=f"{indicator.title}: the partnership's areas, {latest.label}",
        bars=bars,
        value_label=indicator.get_unit_display(),
        value_format=value_format(indicator),
        places=indicator.decimal_places,
        highlight="The partnership's areas together" if result.ok else None,
    )
    return FootprintResult(latest, result, chart, members)


def _gaps(indicator, extremes, areas, reported) -> list[GapResult]:
    if not extremes:
        return []
    rank = {a: i for i, a in enumerate(reported)}
    area_ids = sorted({v.area_id for v in extremes}, key=lambda a: (rank.get(a, len(rank)), areas[a].name))
    area_id = area_ids[0]
    out = []
    for ctype in sorted({v.category_type for v in extremes if v.area_id == area_id}):
        rows = [
            v for v in extremes if v.area_id == area_id and v.category_type == ctype and v.value is not None
        ]
        most = {v.period: v for v in rows if v.category.lower().startswith("most")}
        least = {v.period: v for v in rows if v.category.lower().startswith("least")}
        gaps = []
        for period in sorted(set(most) & set(least), key=lambda p: p.sort_key):
            # Published limits, else computed from the counts (as for the trend chart).
            m_low, m_high, _ = interval_of(indicator, most[period])
            l_low, l_high, _ = interval_of(indicator, least[period])
            gaps.append(
                gp.gap(
                    period,
                    trend.Point(float(most[period].value), m_low, m_high),
                    trend.Point(float(least[period].value), l_low, l_high),
                )
            )
        if not gaps:
            continue
        chart = charts.line_chart(
            title=f"{indicator.title}: most and least deprived, {areas[area_id].name}",
            series=[
                charts.Series(
                    "Most deprived",
                    [charts.Point(g.period, g.most.value, g.most.lower, g.most.upper) for g in gaps],
                ),
                charts.Series(
                    "Least deprived",
                    [charts.Point(g.period, g.least.value, g.least.lower, g.least.upper) for g in gaps],
                ),
            ],
            band_label="95% interval",
            y_label=indicator.get_unit_display(),
            value_format=value_format(indicator),
            places=indicator.decimal_places,
        )
        out.append(GapResult(areas[area_id], ctype, chart, gp.gap_trend(gaps), gaps))
    return out
