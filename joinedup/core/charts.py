"""The chart helper: server-side SVG charts, each with its data table, cached by input.

One library for every room's charts, on screen and in PDFs: matplotlib's SVG backend with
text kept as text, drawn through the object-oriented API (`Figure`, never pyplot's global
state) so web threads can draw at once. Every chart is readable without colour (each
series has its own marker and line style, shown in the legend; highlighted bars are
hatched), carries a `<title>` and a text description, and comes with a `DataTable` holding
every plotted value. Show one with

    {% include "core/components/chart.html" with chart=chart %}

The same inputs give the same chart from the Django cache without drawing again. See
docs/adr/0004-charts.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from xml.sax.saxutils import escape

import matplotlib
from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.colors import to_rgba
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from joinedup.core.money import format_money, format_money_compact
from joinedup.core.periods import Period, parse

# Set once, at import: the SVG backend reads these when it saves, and changing rcParams
# per chart would race between threads. Text stays text (selectable, searchable, scaled
# with the page) and ids are stable, so the same chart gives the same markup.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "joinedup"
matplotlib.rcParams["font.sans-serif"] = ["Arial", "Helvetica", "DejaVu Sans", "sans-serif"]

# Bump when drawing code changes, so cached charts are drawn again.
CHART_VERSION = 1

ValueFormat = Literal["number", "percent", "money"]
XValue = Period | dt.date

# Contrast of at least 4.5:1 against white, so lines and bars pass WCAG 1.4.11 easily.
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#0b0c0c", "#912b88")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINE_STYLES: tuple[Any, ...] = ("-", "--", ":", "-.", (0, (6, 2, 1, 2, 1, 2)), (0, (1, 3)))
# Long dash, dot: unlike any series' line style.
TARGET_STYLE = (0, (10, 3, 2, 3))
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
BAR_COLOUR = "#505a5f"
HIGHLIGHT_COLOUR = "#1d70b8"
BENCHMARK_COLOUR = "#d4351c"
NO_DATA = "No data"


@dataclass(frozen=True)
class Point:
    """One value of a series at a period (or date), with an optional confidence interval."""

    x: XValue
    y: Decimal | float | int | None
    low: Decimal | float | int | None = None
    high: Decimal | float | int | None = None


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[Point | tuple[Any, ...]]


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | float | int | None
    low: Decimal | float | int | None = None
    high: Decimal | float | int | None = None


@dataclass(frozen=True)
class DataTable:
    """The numbers behind a chart; the first cell of each row is its row heading."""

    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    kind: str
    chart_id: str
    title: str
    description: str
    svg: str
    table: DataTable
    compact: bool = False

    @property
    def svg_html(self) -> SafeString:
        # Safe: matplotlib escapes the text it draws and `_finish_svg` escapes the rest.
        return mark_safe(self.svg)  # noqa: S308


# Public builders ----------------------------------------------------------------------


def line_chart(
    *,
    title: str,
    series: Sequence[Series],
    y_label: str = "",
    x_label: str = "Period",
    value_format: ValueFormat = "number",
    places: int = 1,
    target: Series | Decimal | int | None = None,
    target_label: str = "Target",
    band_label: str = "95% confidence interval",
    description: str | None = None,
) -> Chart:
    """A time series: one line per series, optional target and confidence bands.

    Points are `Point`s or `(x, y)` / `(x, y, low, high)` tuples, where x is a `Period`
    or a date; a None y leaves a gap. `target` is a trajectory (a Series) or one value.
    """
    spec = {
        "title": title,
        "y_label": y_label,
        "x_label": x_label,
        "format": value_format,
        "places": places,
        "band_label": band_label,
        "description": description,
        "series": [{"name": s.name, "points": [_point_spec(p) for p in s.points]} for s in series],
        "target": _target_spec(target, target_label),
    }
    return _cached("line", spec)


def bar_chart(
    *,
    title: str,
    bars: Sequence[Bar | tuple[Any, ...]],
    value_label: str = "Value",
    category_label: str = "Area",
    value_format: ValueFormat = "number",
    places: int = 1,
    highlight: str | None = None,
    benchmark: tuple[str, Decimal | float | int] | None = None,
    description: str | None = None,
) -> Chart:
    """Horizontal bars in the order given (rank them first), e.g. areas against England.

    `highlight` names the bar to pick out (your own area): it is coloured, hatched and
    labelled in bold. `benchmark` draws a labelled dashed line, e.g. ("England", 94.7).
    """
    items = [bar if isinstance(bar, Bar) else Bar(*bar) for bar in bars]
    spec = {
        "title": title,
        "value_label": value_label,
        "category_label": category_label,
        "format": value_format,
        "places": places,
        "highlight": highlight,
        "description": description,
        "bars": [
            {"label": b.label, "value": _num(b.value), "low": _num(b.low), "high": _num(b.high)}
            for b in items
        ],
        "benchmark": None if benchmark is None else {"label": benchmark[0], "value": _num(benchmark[1])},
    }
    return _cached("bar", spec)


def sparkline(
    *,
    title: str,
    points: Sequence[Point | tuple[Any, ...]],
    value_format: ValueFormat = "number",
    places: int = 1,
    x_label: str = "Period",
    description: str | None = None,
) -> Chart:
    """A word-sized trend line for tables and cards, its latest value marked."""
    spec = {
        "title": title,
        "format": value_format,
        "places": places,
        "x_label": x_label,
        "description": description,
        "points": [_point_spec(p) for p in points],
    }
    return _cached("sparkline", spec)


# Specs: the plain, JSON-able form of a chart's inputs. The cache key is a hash of the
# spec and the chart is drawn from the spec alone, so nothing can change the picture
# without changing the key.


def _num(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("A yes/no value is not a number")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    raise TypeError(f"Chart values must be numbers, not {type(value).__name__}")


def _x_spec(x: Any) -> str:
    if isinstance(x, Period):
        return "p:" + x.code
    if isinstance(x, dt.datetime):
        return "d:" + x.date().isoformat()
    if isinstance(x, dt.date):
        return "d:" + x.isoformat()
    if isinstance(x, str):
        return "p:" + parse(x).code
    raise TypeError(f"A chart's x values are periods or dates, not {type(x).__name__}")


def _point_spec(point: Point | tuple[Any, ...]) -> list[str | None]:
    p = point if isinstance(point, Point) else Point(*point)
    return [_x_spec(p.x), _num(p.y), _num(p.low), _num(p.high)]


def _target_spec(target: Series | Decimal | int | None, label: str) -> dict[str, Any] | None:
    if target is None:
        return None
    if isinstance(target, Series):
        return {"label": label, "points": [_point_spec(p) for p in target.points]}
    return {"label": label, "value": _num(target)}


def chart_key(kind: str, spec: dict[str, Any]) -> str:
    payload = json.dumps(
        {"version": CHART_VERSION, "matplotlib": matplotlib.__version__, kind: spec},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _cached(kind: str, spec: dict[str, Any]) -> Chart:
    digest = chart_key(kind, spec)
    cache = caches[getattr(settings, "CHART_CACHE_ALIAS", "default")]
    key = f"joinedup:chart:{digest}"
    chart = cache.get(key)
    if chart is None:
        chart = _render(kind, spec, f"chart-{digest[:12]}")
        cache.set(key, chart, getattr(settings, "CHART_CACHE_SECONDS", 60 * 60 * 24 * 7))
    return chart


def _render(kind: str, spec: dict[str, Any], chart_id: str) -> Chart:
    renderers: dict[str, Callable[[dict[str, Any], str], Chart]] = {
        "line": _render_line,
        "bar": _render_bar,
        "sparkline": _render_sparkline,
    }
    return renderers[kind](spec, chart_id)


# Values and axes ----------------------------------------------------------------------


def _fmt(value: str | None, spec: dict[str, Any]) -> str:
    if value is None:
        return NO_DATA
    number = Decimal(value)
    places = spec["places"]
    if spec["format"] == "money":
        return format_money(number.quantize(Decimal("0.01")))
    if spec["format"] == "percent":
        return f"{number:,.{places}f}%"
    return f"{number:,.{places}f}"


def _axis_formatter(spec: dict[str, Any]) -> FuncFormatter:
    value_format = spec["format"]

    def format_tick(value: float, _position: int) -> str:
        number = Decimal(repr(float(value)))
        if value_format == "money":
            return format_money_compact(number.quantize(Decimal("0.01")))
        text = f"{number:,.{spec['places']}f}"
        if "." in text:  # 12.50 -> 12.5, 12.00 -> 12: ticks need no trailing zeros
            text = text.rstrip("0").rstrip(".")
        return text + "%" if value_format == "percent" else text

    return FuncFormatter(format_tick)


@dataclass(frozen=True)
class _X:
    """An x value read back from a spec: where it is plotted and how it is labelled."""

    key: str
    position: float
    label: str
    short_label: str
    sort_key: Any = field(compare=False)

    @classmethod
    def read(cls, key: str) -> _X:
        kind, _, value = key.partition(":")
        if kind == "p":
            period = parse(value)
            middle = period.start + (period.end - period.start) / 2
            return cls(key, float(date2num(middle)), period.label, period.short_label, period)
        day = dt.date.fromisoformat(value)
        label = f"{day.day} {day:%b %Y}"
        return cls(key, float(date2num(day)), label, label, (day, day, ""))


def _f(value: str | None) -> float:
    return float("nan") if value is None else float(value)


def _style_axes(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(TEXT_COLOUR)
    ax.tick_params(colors=TEXT_COLOUR, labelsize=11)
    ax.set_axisbelow(True)


def _new_figure(
    width: float, height: float, *, layout: Literal["constrained"] | None = "constrained"
) -> Figure:
    figure = Figure(figsize=(width, height), layout=layout)
    FigureCanvasSVG(figure)
    return figure


def _finish_svg(
    figure: Figure, chart_id: str, title: str, description: str, *, responsive: bool = True
) -> str:
    buffer = io.StringIO()
    figure.savefig(
        buffer,
        format="svg",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    svg = buffer.getvalue()
    # Inline in HTML: no XML declaration, doctype (it names an external DTD) or metadata.
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    # Ids are unique per chart, so several charts can share a page.
    svg = re.sub(r'(\bid="|href="#|url\(#)([^")]+)', rf"\g<1>{chart_id}-\g<2>", svg)
    attributes = (
        f' id="{chart_id}" role="img" aria-labelledby="{chart_id}-title"'
        f' aria-describedby="{chart_id}-desc" class="jup-chart__svg"'
    )
    if responsive:
        svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
        attributes += ' style="width: 100%; height: auto"'
    svg = re.sub(
        r"<svg([^>]*)>",
        lambda m: (
            f"<svg{m[1]}{attributes}>"
            f'<title id="{chart_id}-title">{escape(title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        ),
        svg,
        count=1,
    )
    return svg.strip()


def _row(label: str, cells: Iterable[str]) -> tuple[str, ...]:
    return (label, *cells)


# Line charts --------------------------------------------------------------------------


def _render_line(spec: dict[str, Any], chart_id: str) -> Chart:
    xs: dict[str, _X] = {}
    for series in spec["series"]:
        for point in series["points"]:
            xs.setdefault(point[0], _X.read(point[0]))
    target = spec["target"]
    if target and "points" in target:
        for point in target["points"]:
            xs.setdefault(point[0], _X.read(point[0]))
    ordered = sorted(xs.values(), key=lambda x: x.sort_key)

    figure = _new_figure(8, 4.6)
    ax = figure.add_subplot()
    _style_axes(ax)
    ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
    handles: list[Any] = []
    for index, series in enumerate(spec["series"]):
        colour = COLOURS[index % len(COLOURS)]
        points = sorted(series["points"], key=lambda p: xs[p[0]].sort_key)
        positions = [xs[p[0]].position for p in points]
        if any(p[2] is not None and p[3] is not None for p in points):
            lows, highs = [_f(p[2]) for p in points], [_f(p[3]) for p in points]
            # A pale fill and, separately, hatching: SVG would fade a hatch drawn with
            # the fill's opacity, and the hatch is what shows the band without colour.
            ax.fill_between(positions, lows, highs, facecolor=to_rgba(colour, 0.1), linewidth=0)
            ax.fill_between(
                positions,
                lows,
                highs,
                facecolor="none",
                hatch="//",
                linewidth=0,
                edgecolor=to_rgba(colour, 0.5),
                hatchcolor=to_rgba(colour, 0.5),
            )
            handles.append(
                Patch(
                    facecolor=to_rgba(colour, 0.1),
                    edgecolor=to_rgba(colour, 0.5),
                    hatch="//",
                    label=f"{series['name']}: {spec['band_label']}",
                )
            )
        (line,) = ax.plot(
            positions,
            [_f(p[1]) for p in points],
            color=colour,
            marker=MARKERS[index % len(MARKERS)],
            linestyle=LINE_STYLES[index % len(LINE_STYLES)],
            linewidth=2,
            markersize=6,
            label=series["name"],
        )
        handles.append(line)
    if target:
        label = target["label"]
        if "points" in target:
            points = sorted(target["points"], key=lambda p: xs[p[0]].sort_key)
            (line,) = ax.plot(
                [xs[p[0]].position for p in points],
                [_f(p[1]) for p in points],
                color=TEXT_COLOUR,
                linestyle=TARGET_STYLE,
                marker="x",
                linewidth=1.5,
                label=label,
            )
        else:
            line = ax.axhline(
                _f(target["value"]),
                color=TEXT_COLOUR,
                linestyle=TARGET_STYLE,
                linewidth=1.5,
                label=f"{label}: {_fmt(target['value'], spec)}",
            )
        handles.append(line)

    _set_period_ticks(ax, ordered)
    ax.yaxis.set_major_formatter(_axis_formatter(spec))
    if spec["y_label"]:
        ax.set_ylabel(spec["y_label"], color=TEXT_COLOUR, fontsize=11)
    if handles:
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(3, len(handles)),
            frameon=False,
            fontsize=11,
            handlelength=3.5,
        )

    description = spec["description"] or _describe_line(spec, xs)
    table = _line_table(spec, ordered)
    svg = _finish_svg(figure, chart_id, spec["title"], description)
    return Chart("line", chart_id, spec["title"], description, svg, table)


def _set_period_ticks(ax: Any, ordered: Sequence[_X]) -> None:
    if not ordered:
        return
    step = max(1, -(-len(ordered) // 10))  # at most ten labels
    shown = ordered[::step]
    ax.set_xticks([x.position for x in shown], [x.short_label for x in shown])
    if len(shown) > 5 or max(len(x.short_label) for x in shown) > 9:
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    if len(ordered) == 1:
        ax.set_xlim(ordered[0].position - 200, ordered[0].position + 200)


def _describe_line(spec: dict[str, Any], xs: dict[str, _X]) -> str:
    sentences = [f"Line chart: {spec['title']}."]
    for series in spec["series"]:
        known = sorted((p for p in series["points"] if p[1] is not None), key=lambda p: xs[p[0]].sort_key)
        if not known:
            sentences.append(f"{series['name']}: no data.")
            continue
        first, last = known[0], known[-1]
        sentences.append(
            f"{series['name']}: {len(known)} values, from {_fmt(first[1], spec)} in "
            f"{xs[first[0]].label} to {_fmt(last[1], spec)} in {xs[last[0]].label}."
        )
    target = spec["target"]
    if target and "value" in target:
        sentences.append(f"{target['label']}: {_fmt(target['value'], spec)}.")
    elif target:
        sentences.append(f"{target['label']} shown as a dashed line.")
    if any(p[2] is not None for s in spec["series"] for p in s["points"]):
        sentences.append(f"Shaded, hatched areas show the {spec['band_label']}.")
    sentences.append("The table below the chart gives every value.")
    return " ".join(sentences)


def _reader(points: dict[str, list[Any]], index: int, spec: dict[str, Any]) -> Callable[[str], str]:
    """A table column: the formatted `index` field of the point at each x, if any."""

    def cell(key: str) -> str:
        return _fmt(points[key][index], spec) if key in points else NO_DATA

    return cell


def _line_table(spec: dict[str, Any], ordered: Sequence[_X]) -> DataTable:
    headings = [spec["x_label"]]
    columns: list[Callable[[str], str]] = []
    for series in spec["series"]:
        values = {p[0]: p for p in series["points"]}
        headings.append(series["name"])
        columns.append(_reader(values, 1, spec))
        if any(p[2] is not None or p[3] is not None for p in series["points"]):
            headings += [f"{series['name']}: lower limit", f"{series['name']}: upper limit"]
            columns += [_reader(values, 2, spec), _reader(values, 3, spec)]
    target = spec["target"]
    if target:
        headings.append(target["label"])
        if "points" in target:
            columns.append(_reader({p[0]: p for p in target["points"]}, 1, spec))
        else:
            columns.append(lambda key: _fmt(target["value"], spec))
    rows = tuple(_row(x.label, [column(x.key) for column in columns]) for x in ordered)
    return DataTable(spec["title"], tuple(headings), rows)


# Bar charts ---------------------------------------------------------------------------


def _render_bar(spec: dict[str, Any], chart_id: str) -> Chart:
    bars = spec["bars"]
    figure = _new_figure(8, max(2.2, 0.42 * len(bars) + 1.4))
    ax = figure.add_subplot()
    _style_axes(ax)
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    positions = list(range(len(bars)))
    values = [_f(b["value"]) for b in bars]
    highlighted = [b["label"] == spec["highlight"] for b in bars]
    drawn = ax.barh(
        positions,
        [0 if v != v else v for v in values],  # NaN (no data) draws no bar
        color=[HIGHLIGHT_COLOUR if h else BAR_COLOUR for h in highlighted],
        edgecolor=[TEXT_COLOUR if h else BAR_COLOUR for h in highlighted],
        hatch=None,
        height=0.7,
    )
    for patch, is_highlighted in zip(drawn.patches, highlighted, strict=True):
        if is_highlighted:
            patch.set_hatch("///")
    ax.set_yticks(positions, [b["label"] for b in bars])
    for tick, is_highlighted in zip(ax.get_yticklabels(), highlighted, strict=True):
        if is_highlighted:
            tick.set_fontweight("bold")
    ax.invert_yaxis()  # first bar at the top, as in a ranking

    with_ci = [(i, b) for i, b in enumerate(bars) if b["low"] is not None and b["high"] is not None]
    if with_ci:
        ax.errorbar(
            [_f(b["value"]) for _, b in with_ci],
            [i for i, _ in with_ci],
            xerr=[
                [_f(b["value"]) - _f(b["low"]) for _, b in with_ci],
                [_f(b["high"]) - _f(b["value"]) for _, b in with_ci],
            ],
            fmt="none",
            ecolor=TEXT_COLOUR,
            elinewidth=1.2,
            capsize=3,
        )
    for position, bar in enumerate(bars):
        # Direct labels past the end of the bar and its interval, so neither hides them.
        value = _f(bar["value"]) if bar["value"] is not None else 0.0
        negative = value < 0
        ends = [_f(bar[k]) for k in ("value", "low" if negative else "high") if bar[k] is not None]
        ax.annotate(
            _fmt(bar["value"], spec),
            xy=(min([0.0, *ends]) if negative else max([0.0, *ends]), position),
            xytext=(-6 if negative else 6, 0),
            textcoords="offset points",
            ha="right" if negative else "left",
            va="center",
            fontsize=10,
            color=TEXT_COLOUR,
        )
    ax.xaxis.set_major_formatter(_axis_formatter(spec))
    ax.set_xlabel(spec["value_label"], color=TEXT_COLOUR, fontsize=11)
    ax.margins(x=0.15)

    handles: list[Any] = []
    if spec["highlight"] and any(highlighted):
        handles.append(
            Patch(
                facecolor=HIGHLIGHT_COLOUR,
                edgecolor=TEXT_COLOUR,
                hatch="///",
                label=f"{spec['highlight']} (highlighted)",
            )
        )
    benchmark = spec["benchmark"]
    if benchmark:
        ax.axvline(_f(benchmark["value"]), color=BENCHMARK_COLOUR, linestyle="--", linewidth=2)
        handles.append(
            Line2D(
                [],
                [],
                color=BENCHMARK_COLOUR,
                linestyle="--",
                linewidth=2,
                label=f"{benchmark['label']}: {_fmt(benchmark['value'], spec)}",
            )
        )
    if with_ci:
        handles.append(
            Line2D(
                [],
                [],
                color=TEXT_COLOUR,
                marker="|",
                markersize=10,
                linestyle="-",
                label="95% confidence interval",
            )
        )
    if handles:
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=len(handles),
            frameon=False,
            fontsize=11,
            handlelength=3,
        )

    description = spec["description"] or _describe_bar(spec)
    headings = [spec["category_label"], spec["value_label"]]
    if with_ci:
        headings += ["Lower limit", "Upper limit"]
    rows = []
    for bar in bars:
        label = bar["label"] + (" (highlighted)" if bar["label"] == spec["highlight"] else "")
        cells = [_fmt(bar["value"], spec)]
        if with_ci:
            cells += [_fmt(bar["low"], spec), _fmt(bar["high"], spec)]
        rows.append(_row(label, cells))
    if benchmark:
        blanks = ["", ""] if with_ci else []
        rows.append(_row(f"{benchmark['label']} (benchmark)", [_fmt(benchmark["value"], spec), *blanks]))
    table = DataTable(spec["title"], tuple(headings), tuple(rows))
    svg = _finish_svg(figure, chart_id, spec["title"], description)
    return Chart("bar", chart_id, spec["title"], description, svg, table)


def _describe_bar(spec: dict[str, Any]) -> str:
    bars = [b for b in spec["bars"] if b["value"] is not None]
    sentences = [f"Bar chart: {spec['title']}. {len(spec['bars'])} bars, in the order listed."]
    if bars:
        high = max(bars, key=lambda b: Decimal(b["value"]))
        low = min(bars, key=lambda b: Decimal(b["value"]))
        sentences.append(f"Highest: {high['label']}, {_fmt(high['value'], spec)}.")
        sentences.append(f"Lowest: {low['label']}, {_fmt(low['value'], spec)}.")
    for bar in spec["bars"]:
        if bar["label"] == spec["highlight"]:
            sentences.append(f"Highlighted: {bar['label']}, {_fmt(bar['value'], spec)}.")
    if spec["benchmark"]:
        benchmark = spec["benchmark"]
        sentences.append(f"Dashed line: {benchmark['label']}, {_fmt(benchmark['value'], spec)}.")
    sentences.append("The table below the chart gives every value.")
    return " ".join(sentences)


# Sparklines ---------------------------------------------------------------------------


def _render_sparkline(spec: dict[str, Any], chart_id: str) -> Chart:
    xs = {p[0]: _X.read(p[0]) for p in spec["points"]}
    points = sorted(spec["points"], key=lambda p: xs[p[0]].sort_key)
    figure = _new_figure(1.8, 0.45, layout=None)
    ax = figure.add_axes((0.03, 0.12, 0.9, 0.76))
    ax.set_axis_off()
    positions = [xs[p[0]].position for p in points]
    values = [_f(p[1]) for p in points]
    ax.plot(positions, values, color=TEXT_COLOUR, linewidth=1.5)
    known = [(x, v) for x, v in zip(positions, values, strict=True) if v == v]
    if known:
        ax.plot([known[-1][0]], [known[-1][1]], marker="o", color=HIGHLIGHT_COLOUR, markersize=4)
    known_points = [p for p in points if p[1] is not None]
    if spec["description"]:
        description = spec["description"]
    elif known_points:
        first, last = known_points[0], known_points[-1]
        description = (
            f"Trend: {spec['title']}, from {_fmt(first[1], spec)} in {xs[first[0]].label} "
            f"to {_fmt(last[1], spec)} in {xs[last[0]].label}."
        )
    else:
        description = f"Trend: {spec['title']}. No data."
    table = DataTable(
        spec["title"],
        (spec["x_label"], "Value"),
        tuple(_row(xs[p[0]].label, [_fmt(p[1], spec)]) for p in points),
    )
    svg = _finish_svg(figure, chart_id, spec["title"], description, responsive=False)
    return Chart("sparkline", chart_id, spec["title"], description, svg, table, compact=True)


__all__ = [
    "Bar",
    "Chart",
    "DataTable",
    "Point",
    "Series",
    "bar_chart",
    "chart_key",
    "line_chart",
    "sparkline",
]
