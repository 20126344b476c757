"""Pure calculations for the governance insight page: meeting style (where the agenda time
goes), rhythm (how often a body meets against what is expected), voice (who presents) and
how fast escalated exceptions are considered.

No ORM here: selectors_insight turns rows into the plain values below, and every result
carries words saying how it was computed. Attendance, quoracy, overdue records and
challenges per meeting are computed by analysis_record.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Purposes and data kinds (the values of governance.models.ItemPurpose / DataKind), repeated
# so this module stays free of Django.
PERFORMANCE = "performance"
INFORMATION = "information"
FINANCE = "finance"
LOCAL_GOVERNMENT = "local_government"

# Layers (partnerships.models.Layer) and the report's expected meetings a year for each.
STRATEGIC = "strategic"
EXPECTED_BY_LAYER: dict[str, tuple[int, int]] = {
    "strategic": (3, 4),
    "executive": (6, 12),
    "thematic": (12, 52),
    "operational": (12, 52),
}

# A strategic body is flagged when more than this share of its agenda time goes on
# performance detail and information items.
DETAIL_THRESHOLD = 0.5


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


# --- style -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemTime:
    """One (non-standing) agenda item of a held meeting, as the style figures need it."""

    purpose: str
    data_kind: str = ""
    minutes: int | None = None


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    minutes: int
    total: int
    explanation: str

    @property
    def share(self) -> float | None:
        return self.minutes / self.total if self.total else None


@dataclass(frozen=True)
class Style:
    total_minutes: int
    items: int
    items_without_minutes: int
    by_purpose: tuple[Share, ...]
    by_data_kind: tuple[Share, ...]
    finance_items: int
    explanation: str

    def share_of(self, *purposes: str) -> float | None:
        if not self.total_minutes:
            return None
        return sum(s.minutes for s in self.by_purpose if s.key in purposes) / self.total_minutes


def _shares(
    items: list[ItemTime], key: str, labels: Mapping[str, str], total: int, what: str
) -> tuple[Share, ...]:
    minutes: dict[str, int] = {}
    for item in items:
        if item.minutes is None:
            continue
        k = getattr(item, key) or ""
        minutes[k] = minutes.get(k, 0) + item.minutes
    order = [*labels, ""]
    result = []
    for k in sorted(minutes, key=lambda k: (order.index(k) if k in order else len(order), k)):
        label = labels.get(k, k) if k else f"No {what} recorded"
        result.append(
            Share(
                k,
                label,
                minutes[k],
                total,
                f"{minutes[k]} of {_plural(total, 'minute')} allotted to items"
                + (f" whose {what} is {label.lower()}." if k else f" with no {what} recorded."),
            )
        )
    return tuple(result)


def style(
    items: Iterable[ItemTime],
    *,
    purpose_labels: Mapping[str, str],
    data_kind_labels: Mapping[str, str],
) -> Style:
    """Where a body's agenda time goes: minutes allotted by purpose and by kind of data.

    Standing items (minutes, matters arising, action log) are left out by the selector;
    items with no minutes allotted count as items but add no time.
    """
    values = list(items)
    timed = [i for i in values if i.minutes is not None]
    total = sum(i.minutes or 0 for i in timed)
    finance = sum(1 for i in values if i.purpose == FINANCE)
    explanation = (
        f"{_plural(total, 'minute')} allotted across {_plural(len(timed), 'agenda item')} of held meetings "
        "(standing items left out)"
    )
    if len(values) > len(timed):
        explanation += (
            f"; {_plural(len(values) - len(timed), 'item')} had no minutes allotted and add no time"
        )
    return Style(
        total,
        len(values),
        len(values) - len(timed),
        _shares(values, "purpose", purpose_labels, total, "purpose"),
        _shares(values, "data_kind", data_kind_labels, total, "kind of data"),
        finance,
        explanation + ".",
    )


@dataclass(frozen=True)
class Flag:
    kind: str  # "detail" or "no_money"
    message: str
    explanation: str


def style_flags(layer: str, body_style: Style) -> list[Flag]:
    """Warnings about a body's style.

    - A strategic body that spends more than half its agenda time on performance reports and
      information items (detail a strategic forum should leave to its groups).
    - A body whose agendas never have a finance item: no "honest and challenging discussions
      about money".
    A body with no items at held meetings is not judged.
    """
    flags: list[Flag] = []
    if not body_style.items:
        return flags
    detail = body_style.share_of(PERFORMANCE, INFORMATION)
    if layer == STRATEGIC and detail is not None and detail > DETAIL_THRESHOLD:
        flags.append(
            Flag(
                "detail",
                "Most of this strategic body's agenda time goes on performance detail and information items.",
                f"{_percent(detail)} of {_plural(body_style.total_minutes, 'minute')} allotted went to "
                f"performance reports and information items; a strategic body is flagged above "
                f"{_percent(DETAIL_THRESHOLD)}.",
            )
        )
    if body_style.finance_items == 0:
        flags.append(
            Flag(
                "no_money",
                "Money is never discussed at this body's meetings.",
                f"None of {_plural(body_style.items, 'agenda item')} at held meetings had the purpose "
                "finance.",
            )
        )
    return flags


# --- rhythm ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    low: int
    high: int
    source: str


def expected_meetings(layer: str, meetings_per_year: int | None) -> Expected | None:
    """The body's own expected number if recorded, else the report's range for its layer."""
    if meetings_per_year:
        return Expected(meetings_per_year, meetings_per_year, "the body's expected number of meetings a year")
    if layer in EXPECTED_BY_LAYER:
        low, high = EXPECTED_BY_LAYER[layer]
        return Expected(low, high, f"the report's range for its layer ({low} to {high} a year)")
    return None


@dataclass(frozen=True)
class RhythmYear:
    year: int
    held: int
    expected: Expected | None
    # "below", "within", "above", "to_date" (current year, below so far), "part_year" (records
    # start part-way through the year, below) or "unknown"
    verdict: str
    explanation: str


def rhythm(
    held_dates: Iterable[dt.date],
    layer: str,
    meetings_per_year: int | None,
    *,
    years: Iterable[int] = (),
    year_to_date: int | None = None,
    records_from: dt.date | None = None,
) -> list[RhythmYear]:
    """Meetings held per calendar year against what is expected. `years` adds years with no
    meeting held (which count as 0). `year_to_date` is the current year: too few meetings in
    it so far is "to date", not "below" (the year is not over). `records_from` is the first
    day meetings are recorded for: if it falls after January, too few meetings in its year is
    "part_year", not "below" (the records start part-way through the year)."""
    counts: dict[int, int] = dict.fromkeys(years, 0)
    for day in held_dates:
        counts[day.year] = counts.get(day.year, 0) + 1
    expected = expected_meetings(layer, meetings_per_year)
    result = []
    for year in sorted(counts):
        held = counts[year]
        if expected is None:
            verdict, against = "unknown", "nothing to compare with"
        else:
            verdict = "below" if held < expected.low else "above" if held > expected.high else "within"
            against = f"compared with {expected.source}"
            if verdict == "below" and year == year_to_date:
                verdict, against = (
                    "to_date",
                    f"so far (the year is not over), compared with {expected.source}",
                )
            elif (
                verdict == "below"
                and records_from is not None
                and year == records_from.year
                and records_from > dt.date(year, 1, 31)
            ):
                verdict = "part_year"
                against = (
                    f"since records start on {records_from:%d %B %Y} (part of the year), "
                    f"compared with {expected.source}"
                )
        result.append(
            RhythmYear(
                year,
                held,
                expected,
                verdict,
                f"{_plural(held, 'meeting')} held in {year}, {against}.",
            )
        )
    return result


# --- voice -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Voice:
    local_government: int
    other: int
    unknown: int
    by_sector: tuple[tuple[str, int], ...]
    explanation: str

    @property
    def local_share(self) -> float | None:
        known = self.local_government + self.other
        return self.local_government / known if known else None


def voice(presenter_sectors: Iterable[str]) -> Voice:
    """Who presents: agenda items by the sector of the presenting organisation (standing items
    left out by the selector); items with no presenting organisation are counted apart."""
    counts: dict[str, int] = {}
    unknown = 0
    for sector in presenter_sectors:
        if not sector:
            unknown += 1
        else:
            counts[sector] = counts.get(sector, 0) + 1
    local = counts.get(LOCAL_GOVERNMENT, 0)
    other = sum(v for k, v in counts.items() if k != LOCAL_GOVERNMENT)
    explanation = (
        f"{local} of {_plural(local + other, 'agenda item')} with a presenting organisation were "
        f"presented by local government and {other} by other sectors"
    )
    if unknown:
        explanation += f"; {_plural(unknown, 'item')} had no presenting organisation and are not counted"
    return Voice(
        local,
        other,
        unknown,
        tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        explanation + " (standing items left out).",
    )


# --- escalated exceptions ----------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationRow:
    id: int
    status: str  # open, considered, withdrawn
    raised_at: dt.datetime
    considered_at: dt.datetime | None = None


@dataclass(frozen=True)
class EscalationSpeed:
    raised: int
    considered: int
    open: int
    withdrawn: int
    days_to_consider: tuple[tuple[int, int], ...]  # (escalation id, days)
    median_days: float | None
    longest_open_days: int | None
    explanation: str


def escalation_speed(rows: Iterable[EscalationRow], now: dt.datetime) -> EscalationSpeed:
    """How many exceptions were escalated, how many were considered, and how fast: days from
    raised_at to considered_at (whole days, rounded down); open ones by how long they have waited."""
    values = list(rows)
    considered = [r for r in values if r.status == "considered" and r.considered_at is not None]
    open_ = [r for r in values if r.status == "open"]
    withdrawn = sum(1 for r in values if r.status == "withdrawn")
    days = tuple(
        (r.id, max(0, (r.considered_at - r.raised_at).days))  # type: ignore[operator]
        for r in considered
    )
    median = statistics.median(d for _, d in days) if days else None
    longest = max(((now - r.raised_at).days for r in open_), default=None)
    parts = [
        f"{_plural(len(values), 'exception')} escalated, {len(considered)} considered "
        f"(days from being raised to being considered)"
    ]
    if median is not None:
        parts.append(f"median {median:g} days")
    if open_:
        parts.append(f"{len(open_)} still waiting, the longest for {_plural(longest or 0, 'day')}")
    if withdrawn:
        parts.append(f"{withdrawn} withdrawn")
    return EscalationSpeed(
        len(values), len(considered), len(open_), withdrawn, days, median, longest, "; ".join(parts) + "."
    )
