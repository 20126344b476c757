"""Pure calculations for delivery: the computed RAG of an action, staleness, roll-ups.

Plain values only (no ORM), so hypothesis can test them. The rule and why it is shaped this
way are in docs/adr/0016-action-rag-rule.md.

The RAG compares progress with time: the share of the time between start and due date that
has gone, minus the percent complete, is how many points the action is behind. More than the
amber threshold is amber, more than the red threshold is red. Past the due date and not
complete is red. Complete and cancelled actions are not coloured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

# Status codes as stored on Action.status (kept as plain strings so this module has no ORM).
NOT_STARTED = "not_started"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
COMPLETE = "complete"
CANCELLED = "cancelled"
CLOSED_STATUSES = frozenset({COMPLETE, CANCELLED})

STATUS_LABELS = {
    NOT_STARTED: "Not started",
    ON_TRACK: "On track",
    AT_RISK: "At risk",
    OFF_TRACK: "Off track",
    COMPLETE: "Complete",
    CANCELLED: "Cancelled",
}

# Computed results. Only green, amber and red are colours; the rest are shown as words.
GREEN = "green"
AMBER = "amber"
RED = "red"
NOT_RATED = "not_rated"
RAG_LABELS = {
    GREEN: "Green",
    AMBER: "Amber",
    RED: "Red",
    NOT_RATED: "Not rated",
    COMPLETE: "Complete",
    CANCELLED: "Cancelled",
}
RAG_ORDER = (RED, AMBER, GREEN, NOT_RATED, COMPLETE, CANCELLED)
SEVERITY = {GREEN: 0, AMBER: 1, RED: 2}

# What each reported status claims, on the same scale as the computed colour.
REPORTED_SEVERITY = {NOT_STARTED: 0, ON_TRACK: 0, AT_RISK: 1, OFF_TRACK: 2}

DEFAULT_AMBER_POINTS = 10
DEFAULT_RED_POINTS = 20


@dataclass(frozen=True)
class Thresholds:
    """Points behind schedule above which an action is amber, and red (amber < red)."""

    amber: int = DEFAULT_AMBER_POINTS
    red: int = DEFAULT_RED_POINTS

    def __post_init__(self) -> None:
        if not 0 <= self.amber < self.red <= 100:
            raise ValueError("Thresholds need 0 ≤ amber < red ≤ 100")


@dataclass(frozen=True)
class Rag:
    """A computed RAG: `result` is a colour (green, amber, red) or a word (not_rated,
    complete, cancelled); `reason` says why, in words, with the numbers used."""

    result: str
    reason: str
    time_elapsed: Fraction | None = None  # 0..1 of the time between start and due
    points_behind: Fraction | None = None

    @property
    def label(self) -> str:
        return RAG_LABELS[self.result]

    @property
    def colour(self) -> str | None:
        return self.result if self.result in SEVERITY else None

    @property
    def is_coloured(self) -> bool:
        return self.colour is not None


def _points(value: Fraction) -> str:
    rounded = round(value)
    return str(rounded) if value == rounded else f"{float(value):.1f}".rstrip("0").rstrip(".")


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def action_rag(
    *,
    today: dt.date,
    start: dt.date | None,
    due: dt.date | None,
    percent: int,
    status: str,
    thresholds: Thresholds = Thresholds(),
) -> Rag:
    """The computed RAG of one action and the reason for it, in words."""
    if status == COMPLETE:
        return Rag(COMPLETE, "Reported complete, so it is not coloured.")
    if status == CANCELLED:
        return Rag(CANCELLED, "Cancelled, so it is not coloured.")
    if due is not None and today > due:
        days = (today - due).days
        return Rag(
            RED,
            f"Overdue: it was due on {_day(due)} ({days} day{'s' if days != 1 else ''} ago) "
            f"and is not complete ({percent}% complete).",
            time_elapsed=Fraction(1),
        )
    if start is None or due is None:
        return Rag(
            NOT_RATED, "It needs a start date and a due date before progress can be compared with time."
        )
    if today < start:
        return Rag(
            GREEN,
            f"Not due to start until {_day(start)}, so nothing is expected yet ({percent}% complete).",
            time_elapsed=Fraction(0),
            points_behind=Fraction(-percent),
        )
    span = (due - start).days
    elapsed = Fraction((today - start).days, span) if span else Fraction(1)
    behind = elapsed * 100 - percent
    gone = f"{percent}% complete with {_points(elapsed * 100)}% of the time gone"
    if behind > thresholds.red:
        return Rag(
            RED,
            f"{gone}: {_points(behind)} points behind, more than the {thresholds.red}-point red threshold.",
            elapsed,
            behind,
        )
    if behind > thresholds.amber:
        return Rag(
            AMBER,
            f"{gone}: {_points(behind)} points behind, more than the {thresholds.amber}-point amber "
            f"threshold but not more than the {thresholds.red}-point red threshold.",
            elapsed,
            behind,
        )
    if behind > 0:
        where = f"{_points(behind)} points behind, within the {thresholds.amber}-point amber threshold"
    elif behind == 0:
        where = "exactly on schedule"
    else:
        where = f"{_points(-behind)} points ahead of schedule"
    return Rag(GREEN, f"{gone}: {where}.", elapsed, behind)


def disagreement(*, status: str, rag: Rag) -> str:
    """A sentence when the owner's reported status and the computed colour disagree, else "".

    Only coloured results can disagree: a reported "on track" that computes red is flagged,
    and so is a reported "off track" that computes green (owners who under-report are worth a
    conversation too).
    """
    if rag.colour is None or status not in REPORTED_SEVERITY:
        return ""
    if REPORTED_SEVERITY[status] == SEVERITY[rag.colour]:
        return ""
    if status == NOT_STARTED and rag.colour == GREEN:
        return ""
    return f"Reported {STATUS_LABELS[status].lower()}, computed {rag.label.lower()}"


def is_overdue(*, today: dt.date, due: dt.date | None, status: str) -> bool:
    return due is not None and today > due and status not in CLOSED_STATUSES


def is_stale(
    *,
    today: dt.date,
    last_update: dt.date | None,
    start: dt.date | None,
    cycle: str,
    status: str,
) -> bool:
    """A whole period of the programme's update cycle (a calendar week, fortnight, month or
    quarter: `cycle_period`, the periods owners' digests and escalation use) went by with no
    update: nothing since the start of the period before today's. Closed actions are never
    stale; an action never updated is stale once a whole period has passed since its start."""
    if status in CLOSED_STATUSES:
        return False
    previous = cycle_period(cycle, cycle_period(cycle, today).starts_on - dt.timedelta(days=1))
    if last_update is not None:
        return last_update < previous.starts_on
    return start is not None and start <= previous.starts_on


@dataclass(frozen=True)
class ActionFacts:
    """What a roll-up needs of one action."""

    status: str
    rag: str
    disagrees: bool = False


@dataclass
class Rollup:
    """Counts of actions by reported status and by computed RAG (never one summary colour)."""

    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_rag: dict[str, int] = field(default_factory=dict)
    disagreements: int = 0

    def status_counts(self) -> list[tuple[str, str, int]]:
        """(code, label, count) for every status, in the order of the status list."""
        return [(code, label, self.by_status.get(code, 0)) for code, label in STATUS_LABELS.items()]

    def rag_counts(self) -> list[tuple[str, str, int]]:
        return [(code, RAG_LABELS[code], self.by_rag.get(code, 0)) for code in RAG_ORDER]


def rollup(facts: Iterable[ActionFacts]) -> Rollup:
    result = Rollup()
    for fact in facts:
        result.total += 1
        result.disagreements += fact.disagrees
        result.by_status[fact.status] = result.by_status.get(fact.status, 0) + 1
        result.by_rag[fact.rag] = result.by_rag.get(fact.rag, 0) + 1
    return result


CYCLE_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 31, "quarterly": 92}


@dataclass(frozen=True)
class CyclePeriod:
    """One period of an update cycle: `key` names it (e.g. "monthly:2026-11")."""

    cycle: str
    key: str
    starts_on: dt.date
    ends_on: dt.date


def cycle_period(cycle: str, today: dt.date) -> CyclePeriod:
    """The period of `cycle` that contains `today`."""
    if cycle == "weekly":
        year, week, _ = today.isocalendar()
        start = today - dt.timedelta(days=today.weekday())
        return CyclePeriod(cycle, f"weekly:{year}-W{week:02d}", start, start + dt.timedelta(days=6))
    if cycle == "fortnightly":
        year, week, _ = today.isocalendar()
        # Fortnights pair ISO weeks 1-2, 3-4, ...; a year's lone week 53 is its own fortnight.
        first_week = week if week == 53 else week - (week - 1) % 2
        start = dt.date.fromisocalendar(year, first_week, 1)
        last_week = first_week if first_week == 53 or _weeks_in(year) == first_week else first_week + 1
        end = dt.date.fromisocalendar(year, last_week, 7)
        return CyclePeriod(cycle, f"fortnightly:{year}-W{first_week:02d}", start, end)
    if cycle == "monthly":
        start = today.replace(day=1)
        end = _first_of_next_month(start) - dt.timedelta(days=1)
        return CyclePeriod(cycle, f"monthly:{today:%Y-%m}", start, end)
    if cycle == "quarterly":
        quarter = (today.month - 1) // 3
        start = dt.date(today.year, quarter * 3 + 1, 1)
        end = _first_of_next_month(dt.date(today.year, quarter * 3 + 3, 1)) - dt.timedelta(days=1)
        return CyclePeriod(cycle, f"quarterly:{today.year}-Q{quarter + 1}", start, end)
    raise ValueError(f"Unknown update cycle {cycle!r}")


def _weeks_in(year: int) -> int:
    return dt.date(year, 12, 28).isocalendar()[1]


def _first_of_next_month(date: dt.date) -> dt.date:
    return dt.date(date.year + 1, 1, 1) if date.month == 12 else dt.date(date.year, date.month + 1, 1)
