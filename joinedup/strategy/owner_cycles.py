"""Pure calculations for owners' digests: update-cycle periods and whether an action is due
an update. Plain values only (no ORM), so they can be tested on their own (ADR 0018).

Update cycles are calendar periods (ISO weeks, pairs of ISO weeks, months, quarters), so
"this cycle" means the same thing to every run of the sender, to the link's expiry, to
escalation and to the "stale" flag on delivery pages (`analysis.cycle_period`, shared with
`analysis.is_stale`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from joinedup.strategy.analysis import CLOSED_STATUSES, CYCLE_DAYS, CyclePeriod, cycle_period

__all__ = ["CYCLE_ORDER", "CyclePeriod", "cycle_period", "due_reason", "shortest_cycle"]

CYCLE_ORDER = ("weekly", "fortnightly", "monthly", "quarterly")


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


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
