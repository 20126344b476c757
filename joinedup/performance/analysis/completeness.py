"""Completeness and staleness of a series: missing periods, and whether an update is overdue."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from joinedup.core.periods import Period, periods_between


@dataclasses.dataclass(frozen=True)
class Completeness:
    first: Period | None
    last: Period | None
    expected: int
    present: int
    missing: tuple[Period, ...]
    explanation: str

    @property
    def complete(self) -> bool:
        return not self.missing


def missing_periods(
    periods: Iterable[Period], *, first: Period | None = None, last: Period | None = None
) -> Completeness:
    """Periods with no value between `first` and `last` (by default the series' own first and
    last periods), stepping as the periods do (months, quarters, years)."""
    have = set(periods)
    if not have and (first is None or last is None):
        return Completeness(first, last, 0, 0, (), "There are no values.")
    start = first or min(have)
    end = last or max(have)
    if any(not p.same_frequency(start) for p in have):
        raise ValueError("The series mixes periods of different kinds")
    expected = periods_between(start, end)
    missing = tuple(p for p in expected if p not in have)
    explanation = (
        f"{len(expected) - len(missing)} of the {len(expected)} periods from {start.label} to {end.label} "
        "have a "
        "value" + (f"; missing: {', '.join(p.label for p in missing)}." if missing else "; none is missing.")
    )
    return Completeness(start, end, len(expected), len(expected) - len(missing), missing, explanation)


@dataclasses.dataclass(frozen=True)
class Staleness:
    latest: Period | None
    due: dt.date | None  # when the next period's value was due
    overdue: bool
    days_overdue: int
    explanation: str


def staleness(latest: Period | None, today: dt.date, *, grace_days: int = 0) -> Staleness:
    """The value for the period after `latest` is due `grace_days` after that period ends
    (the publication lag); past that day, the update is overdue."""
    if latest is None:
        return Staleness(None, None, True, 0, "No value has ever been recorded.")
    following = latest.next()
    due = following.end + dt.timedelta(days=grace_days)
    late = (today - due).days
    overdue = late > 0
    explanation = (
        f"The latest value is for {latest.label}. The value for {following.label} is due {grace_days} days "
        f"after that period ends, on {due:%-d %B %Y}; "
        + (f"it is {late} days overdue." if overdue else "it is not yet due.")
    )
    return Staleness(latest, due, overdue, max(0, late), explanation)
