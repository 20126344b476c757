"""Notice periods for meetings: pure functions, no ORM.

A body's notice rule says how many CLEAR days must separate the publication of papers from
the meeting: neither the day of publication nor the day of the meeting counts. With
`working_days`, only working days count: not Saturdays, Sundays or bank holidays (England
and Wales). Dates are local (Europe/London) calendar dates.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Container
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DEFAULT_CLEAR_DAYS = 5


class Rule(Protocol):
    @property
    def clear_days(self) -> int: ...

    @property
    def working_days(self) -> bool: ...


@dataclass(frozen=True)
class SimpleRule:
    """A notice rule without the database (the default, and for tests)."""

    clear_days: int = DEFAULT_CLEAR_DAYS
    working_days: bool = True


DEFAULT_RULE = SimpleRule()


def england_and_wales_holidays(years: range | list[int]) -> frozenset[dt.date]:
    """Bank holidays in England and Wales for the given years (the `holidays` package)."""
    return _holidays(tuple(years))


@functools.lru_cache(maxsize=32)
def _holidays(years: tuple[int, ...]) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=list(years)).keys())


def _local_date(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LONDON)
        return value.date()
    return value


def _counts(day: dt.date, rule: Rule, holidays: Container[dt.date]) -> bool:
    if not rule.working_days:
        return True
    return day.weekday() < 5 and day not in holidays


def clear_days_between(
    published: dt.datetime | dt.date, meeting: dt.datetime | dt.date, rule: Rule, holidays: Container[dt.date]
) -> int:
    """The clear days (working days if the rule says so) strictly between the two dates."""
    start, end = _local_date(published), _local_date(meeting)
    count = 0
    day = start + dt.timedelta(days=1)
    while day < end:
        if _counts(day, rule, holidays):
            count += 1
        day += dt.timedelta(days=1)
    return count


def papers_late(
    meeting_start: dt.datetime | dt.date,
    published_at: dt.datetime | dt.date,
    rule: Rule | None,
    holidays: Container[dt.date],
) -> bool:
    """Whether papers published at `published_at` missed the rule for a meeting at `meeting_start`."""
    used: Rule = rule or DEFAULT_RULE
    return clear_days_between(published_at, meeting_start, used, holidays) < used.clear_days


def latest_publication_date(
    meeting_start: dt.datetime | dt.date, rule: Rule | None, holidays: Container[dt.date]
) -> dt.date:
    """The last local date papers may be published and still meet the rule."""
    used: Rule = rule or DEFAULT_RULE
    meeting = _local_date(meeting_start)
    day = meeting - dt.timedelta(days=1)
    counted = 0
    while counted < used.clear_days:
        if _counts(day, used, holidays):
            counted += 1
        day -= dt.timedelta(days=1)
    return day


def describe_rule(rule: Rule | None) -> str:
    used: Rule = rule or DEFAULT_RULE
    kind = " working" if used.working_days else ""
    plural = "" if used.clear_days == 1 else "s"
    return f"{used.clear_days} clear{kind} day{plural}"


HOW_COMPUTED = (
    "Clear days are counted between the day the papers were published and the day of the meeting, "
    "leaving out both of those days. For working days, Saturdays, Sundays and bank holidays in England "
    "and Wales are left out too. Papers are late when fewer clear days than the body's notice rule remain."
)
