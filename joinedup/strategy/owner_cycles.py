"""Pure calculations for owners' digests: update-cycle periods and whether an action is due
an update. Plain values only (no ORM), so they can be tested on their own (ADR 0018).

Update cycles are calendar periods (ISO weeks, pairs of ISO weeks, months, quarters), so
"this cycle" means the same thing to every run of the sender, to the link's expiry and to
escalation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from joinedup.strategy.analysis import CLOSED_STATUSES, CYCLE_DAYS

CYCLE_ORDER = ("weekly", "fortnightly", "monthly", "quarterly")


@dataclass(frozen=True)
class CyclePeriod:
    """One period of an update cycle: `key` names it (e.g. "monthly:2026-11")."""

    cycle: str
    key: str
    starts_on: dt.date
    ends_on: dt.date


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


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


def shortest_cycle(cycles: Iterable[str]) -> str:
    """The most frequent of the cycles: a person is asked as often as their busiest programme."""
    return min(cycles, key=CYCLE_ORDER.index)


def due_reason(
    *,
    today: dt.date,
    cycle: str,
    status: str,
    start: dt.date | None,
    due: dt.date | None,
    last_update: dt.date | None,
) -> str:
    """Why an action is due an update from its owner this cycle, in words, or "" if it is not.

    Due when it is open and overdue, or due within the next cycle, or has had no update in the
    current period of its programme's cycle. An action that has not started yet is not asked
    about unless its due date is near."""
    if status in CLOSED_STATUSES:
        return ""
    if due is not None and today > due:
        return f"Overdue: it was due on {_day(due)}."
    if due is not None and (due - today).days <= CYCLE_DAYS[cycle]:
        return f"Due soon: it is due on {_day(due)}."
    period = cycle_period(cycle, today)
    if start is not None and start > today:
        return ""
    if last_update is None:
        return "No update has been recorded yet."
    if last_update < period.starts_on:
        return f"No update since {_day(last_update)}."
    return ""
