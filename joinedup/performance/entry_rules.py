"""Which period's values an indicator owner owes, and when (ADR 0021). Pure: plain values
only, no ORM, so the rules are tested on their own (with hypothesis).

An indicator's frequency names the kind of period its values are for. The period that is
*due* is the latest complete one (it ended before today); its values are due
`due_days_after_period` days after it ends, and overdue the day after that. The emailed link
keeps working for `GRACE_DAYS` after the due date, so an owner who is a few days late (and
has been escalated) can still send their values through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from joinedup.core.periods import Period, PeriodKind

GRACE_DAYS = 14

# Frequencies whose periods owners are asked for (models.Frequency values). Rolling ranges
# and "other" are published, not typed in, so nobody is asked for them.
FREQUENCY_KINDS: dict[str, PeriodKind] = {
    "monthly": PeriodKind.MONTH,
    "quarterly": PeriodKind.QUARTER,
    "annual": PeriodKind.YEAR,
    "financial_year": PeriodKind.FINANCIAL_YEAR,
    "academic_year": PeriodKind.ACADEMIC_YEAR,
}


@dataclass(frozen=True)
class DuePeriod:
    period: Period
    due_on: dt.date

    def is_overdue(self, today: dt.date) -> bool:
        return is_overdue(self.due_on, today)

    @property
    def link_expires_on(self) -> dt.date:
        return link_expires_on(self.due_on)


def period_kind(frequency: str) -> PeriodKind | None:
    """The kind of period an indicator of this frequency is entered for (None: not asked)."""
    return FREQUENCY_KINDS.get(frequency)


def matches_frequency(frequency: str, period: Period) -> bool:
    """Whether values of an indicator of this frequency are for periods like `period`."""
    kind = period_kind(frequency)
    return kind is not None and period.kind is kind and period.years == 1


def latest_complete_period(frequency: str, today: dt.date) -> Period | None:
    """The latest period of the frequency's kind that ended before today."""
    kind = period_kind(frequency)
    if kind is None:
        return None
    return Period.containing(kind, today).previous()


def due_date(period: Period, due_days_after_period: int) -> dt.date:
    return period.end + dt.timedelta(days=due_days_after_period)


def is_overdue(due_on: dt.date, today: dt.date) -> bool:
    """Overdue from the day after the due date."""
    return today > due_on


def link_expires_on(due_on: dt.date) -> dt.date:
    """The last day an emailed link to the grid works."""
    return due_on + dt.timedelta(days=GRACE_DAYS)


def due_period(frequency: str, today: dt.date, due_days_after_period: int) -> DuePeriod | None:
    """The period whose values are owed now and its due date, or None for frequencies
    nobody is asked for."""
    period = latest_complete_period(frequency, today)
    if period is None:
        return None
    return DuePeriod(period=period, due_on=due_date(period, due_days_after_period))


def day(date: dt.date) -> str:
    """A date as people write it: 5 May 2026."""
    return f"{date.day} {date:%B %Y}"
