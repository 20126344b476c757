"""Periods: the one way every room names a stretch of time.

A `Period` is a month, a calendar quarter, a UK financial-year quarter, a calendar year,
a UK financial year (April to March), an academic year (September to August), or a run
of consecutive years of one of those three kinds (the rolling ranges Fingertips publishes,
such as "2018 - 20"). Pure Python, no ORM: the model and form fields live in
`joinedup.core.fields`. See docs/adr/0002-periods-and-money.md.

Three spellings matter:

- `code`: canonical and machine-friendly (`2020-01`, `2020-Q1`, `FY2020-21-Q1`, `2020`,
  `FY2020-21`, `AY2020-21`, `2018..2020`, `FY2017-18..FY2019-20`). Stored in the database,
  safe in URLs, and `parse(p.code) == p`.
- `label`: what a person reads (`January 2020`, `Jan to Mar 2020`, `Q1 2020/21`, `2020/21`,
  `Academic year 2020/21`, `2018 to 2020`), and `parse(p.label) == p` too.
- the written forms people and sources use, which `parse` reads (see `ACCEPTED_FORMS`).

Periods of different kinds compare by their dates: first by start, then by end, then by
code (which only separates a calendar quarter from the financial quarter with the same
months). The database ordering in `joinedup.core.fields` uses the same key.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import enum
import functools
import re
from collections.abc import Iterator
from typing import Literal

MIN_YEAR = 1800
MAX_YEAR = 2199

ACCEPTED_FORMS = (
    'a month ("Jan 2020", "January 2020" or "2020-01"), '
    'a quarter ("Q1 2020", "Jan to Mar 2020", or "Q1 2020/21" for a financial-year quarter), '
    'a year ("2020"), a financial year ("2020/21" or "FY2020/21"), '
    'an academic year ("AY 2020/21"), or a range of years ("2018 to 2020", "2018 - 20", '
    '"2017/18 to 2019/20")'
)

SplitYear = Literal["financial", "academic"]
YearType = Literal["calendar", "financial", "academic"]


class PeriodParseError(ValueError):
    """Raised when text is not a period; the message says what would have been accepted."""


class PeriodKind(enum.StrEnum):
    MONTH = "month"
    QUARTER = "quarter"  # calendar quarter: Jan to Mar is Q1
    FINANCIAL_QUARTER = "financial_quarter"  # Apr to Jun is Q1 of the financial year
    YEAR = "year"  # calendar year, or a run of them
    FINANCIAL_YEAR = "financial_year"  # April to March, or a run of them
    ACADEMIC_YEAR = "academic_year"  # September to August, or a run of them

    @property
    def is_yearly(self) -> bool:
        return self in _YEARLY


_YEARLY = frozenset({PeriodKind.YEAR, PeriodKind.FINANCIAL_YEAR, PeriodKind.ACADEMIC_YEAR})
# The month each kind of year starts in.
_YEAR_START_MONTH = {
    PeriodKind.YEAR: 1,
    PeriodKind.FINANCIAL_YEAR: 4,
    PeriodKind.ACADEMIC_YEAR: 9,
    PeriodKind.QUARTER: 1,
    PeriodKind.FINANCIAL_QUARTER: 4,
}

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _split(year: int) -> str:
    """2020 -> "2020/21"."""
    return f"{year}/{(year + 1) % 100:02d}"


@functools.total_ordering
@dataclasses.dataclass(frozen=True)
class Period:
    """A stretch of time of one kind. Build one with the class methods or `parse`.

    `year` is the year the period starts in (a financial year 2020/21 has year 2020);
    `number` is the month (1-12) or quarter (1-4), 0 for yearly kinds; `years` is how many
    consecutive years a yearly period covers (3 for "2018 - 20").
    """

    kind: PeriodKind
    year: int
    number: int = 0
    years: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"Years must be between {MIN_YEAR} and {MAX_YEAR}, not {self.year}")
        if self.kind is PeriodKind.MONTH:
            valid = 1 <= self.number <= 12 and self.years == 1
        elif self.kind in (PeriodKind.QUARTER, PeriodKind.FINANCIAL_QUARTER):
            valid = 1 <= self.number <= 4 and self.years == 1
        else:
            valid = self.number == 0 and self.years >= 1 and self.year + self.years - 1 <= MAX_YEAR
        if not valid:
            raise ValueError(f"Not a valid {self.kind}: number={self.number}, years={self.years}")

    # Constructors -----------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(PeriodKind.MONTH, year, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(PeriodKind.QUARTER, year, quarter)

    @classmethod
    def financial_quarter(cls, year: int, quarter: int) -> Period:
        """Quarter `quarter` of the financial year starting in April of `year`."""
        return cls(PeriodKind.FINANCIAL_QUARTER, year, quarter)

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, year)

    @classmethod
    def financial_year(cls, year: int) -> Period:
        """The financial year starting on 1 April `year` (2020 -> 2020/21)."""
        return cls(PeriodKind.FINANCIAL_YEAR, year)

    @classmethod
    def academic_year(cls, year: int) -> Period:
        """The academic year starting on 1 September `year` (2019 -> 2019/20)."""
        return cls(PeriodKind.ACADEMIC_YEAR, year)

    @classmethod
    def calendar_years(cls, first: int, last: int) -> Period:
        return cls._years(PeriodKind.YEAR, first, last)

    @classmethod
    def financial_years(cls, first: int, last: int) -> Period:
        """Financial years from first/first+1 to last/last+1, by their starting years."""
        return cls._years(PeriodKind.FINANCIAL_YEAR, first, last)

    @classmethod
    def academic_years(cls, first: int, last: int) -> Period:
        return cls._years(PeriodKind.ACADEMIC_YEAR, first, last)

    @classmethod
    def _years(cls, kind: PeriodKind, first: int, last: int) -> Period:
        if last < first:
            raise ValueError(f"A range of years must end after it starts ({first} to {last})")
        return cls(kind, first, 0, last - first + 1)

    @classmethod
    def containing(cls, kind: PeriodKind | str, day: dt.date, *, years: int = 1) -> Period:
        """The period of `kind` that `day` falls in (for ranges, the one ending with it)."""
        kind = PeriodKind(kind)
        if kind is PeriodKind.MONTH:
            return cls.month(day.year, day.month)
        if kind in (PeriodKind.QUARTER, PeriodKind.FINANCIAL_QUARTER):
            start_month = _YEAR_START_MONTH[kind]
            year = day.year if day.month >= start_month else day.year - 1
            return cls(kind, year, (day.month - start_month) % 12 // 3 + 1)
        start_month = _YEAR_START_MONTH[kind]
        year = day.year if day.month >= start_month else day.year - 1
        return cls(kind, year - years + 1, 0, years)

    # Spellings --------------------------------------------------------------------------

    @functools.cached_property
    def code(self) -> str:
        kind, year = self.kind, self.year
        if kind is PeriodKind.MONTH:
            return f"{year}-{self.number:02d}"
        if kind is PeriodKind.QUARTER:
            return f"{year}-Q{self.number}"
        if kind is PeriodKind.FINANCIAL_QUARTER:
            return f"FY{year}-{(year + 1) % 100:02d}-Q{self.number}"
        if kind is PeriodKind.YEAR:
            return str(year) if self.years == 1 else f"{year}..{self.last_year}"
        prefix = "FY" if kind is PeriodKind.FINANCIAL_YEAR else "AY"
        single = f"{prefix}{year}-{(year + 1) % 100:02d}"
        if self.years == 1:
            return single
        last = self.last_year
        return f"{single}..{prefix}{last}-{(last + 1) % 100:02d}"

    @functools.cached_property
    def label(self) -> str:
        kind, year = self.kind, self.year
        if kind is PeriodKind.MONTH:
            return f"{calendar.month_name[self.number]} {year}"
        if kind is PeriodKind.QUARTER:
            first = 3 * (self.number - 1) + 1
            return f"{calendar.month_abbr[first]} to {calendar.month_abbr[first + 2]} {year}"
        if kind is PeriodKind.FINANCIAL_QUARTER:
            return f"Q{self.number} {_split(year)}"
        if kind is PeriodKind.YEAR:
            return str(year) if self.years == 1 else f"{year} to {self.last_year}"
        if kind is PeriodKind.FINANCIAL_YEAR:
            if self.years == 1:
                return _split(year)
            return f"{_split(year)} to {_split(self.last_year)}"
        if self.years == 1:
            return f"Academic year {_split(year)}"
        return f"Academic years {_split(year)} to {_split(self.last_year)}"

    @property
    def short_label(self) -> str:
        """A compact label for chart axes ("Jan 2020", "Q1 2020", "AY 2019/20")."""
        if self.kind is PeriodKind.MONTH:
            return f"{calendar.month_abbr[self.number]} {self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{self.number} {self.year}"
        if self.kind is PeriodKind.ACADEMIC_YEAR:
            return self.label.replace("Academic years", "AY").replace("Academic year", "AY")
        return self.label

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"Period({self.code!r})"

    # Dates ------------------------------------------------------------------------------

    @property
    def last_year(self) -> int:
        """The starting year of the last year in a range (2020 for "2018 to 2020")."""
        return self.year + self.years - 1

    @functools.cached_property
    def start(self) -> dt.date:
        if self.kind is PeriodKind.MONTH:
            return dt.date(self.year, self.number, 1)
        month = _YEAR_START_MONTH[self.kind]
        if self.kind in (PeriodKind.QUARTER, PeriodKind.FINANCIAL_QUARTER):
            year, month = _add_months(self.year, month, 3 * (self.number - 1))
            return dt.date(year, month, 1)
        return dt.date(self.year, month, 1)

    @functools.cached_property
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.FINANCIAL_QUARTER: 3}
        length = months.get(self.kind, 12 * self.years)
        year, month = _add_months(self.start.year, self.start.month, length - 1)
        return _last_day(year, month)

    @functools.cached_property
    def sort_key(self) -> tuple[dt.date, dt.date, str]:
        # Remembered like `code` and the dates: sorting and comparing periods reads it per item.
        return (self.start, self.end, self.code)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def contains(self, other: Period | dt.date) -> bool:
        """True if `other` (a period or a day) lies wholly inside this period."""
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        return self.start <= other <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    # Steps ------------------------------------------------------------------------------

    def shift(self, steps: int) -> Period:
        """The period `steps` months, quarters or years later (earlier if negative).

        Ranges of years roll by one year a step, as rolling averages do ("2018 - 20" is
        followed by "2019 - 21").
        """
        if self.kind is PeriodKind.MONTH:
            year, month = _add_months(self.year, self.number, steps)
            return Period.month(year, month)
        if self.kind in (PeriodKind.QUARTER, PeriodKind.FINANCIAL_QUARTER):
            index = self.year * 4 + self.number - 1 + steps
            return Period(self.kind, index // 4, index % 4 + 1)
        return Period(self.kind, self.year + steps, 0, self.years)

    def previous(self) -> Period:
        return self.shift(-1)

    def next(self) -> Period:
        return self.shift(1)

    def same_period_last_year(self) -> Period:
        steps = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.FINANCIAL_QUARTER: 4}
        return self.shift(-steps.get(self.kind, 1))

    def same_frequency(self, other: Period) -> bool:
        return self.kind is other.kind and self.years == other.years


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period from `first` to `last` inclusive, stepping as `first.next()` does.

    Both ends must be of the same kind (and span); an empty list if `last` is before `first`.
    """
    return list(iter_periods(first, last))


def iter_periods(first: Period, last: Period) -> Iterator[Period]:
    if not first.same_frequency(last):
        raise ValueError(
            f"Cannot list the periods between {first.label} and {last.label}: "
            "they are different kinds of period"
        )
    current = first
    while current <= last:
        yield current
        current = current.next()


# Parsing ------------------------------------------------------------------------------

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-"})


def _normalise(text: str) -> str:
    text = text.translate(_DASHES).strip().lower()
    return re.sub(r"\s+", " ", text)


def _full_year(start: int, digits: str) -> int:
    """The year a 2- or 4-digit `digits` names, on or after `start` (19 after 2017 -> 2019)."""
    if len(digits) == 4:
        return int(digits)
    year = start // 100 * 100 + int(digits)
    return year + 100 if year < start else year


def _split_year(text: str, first: str, second: str) -> int:
    """Check that "2015/16" names consecutive years and return the first."""
    start = int(first)
    if _full_year(start, second) != start + 1:
        raise PeriodParseError(
            f'"{text}" is not a financial or academic year: the second year must follow the '
            f"first, like {_split(start)}"
        )
    return start


_FY = r"(?:fy ?|financial year )?"
_SPLIT = r"(\d{4}) ?[/-] ?(\d{2}|\d{4})"
_RANGE_DASH = r" ?(?:-|to|\.\.) ?"
# The second half of a range may shorten its first year: "2017/18 - 19/20".
_SPLIT_END = r"(\d{2}|\d{4}) ?[/-] ?(\d{2}|\d{4})"


def parse(text: str, *, split_year: SplitYear = "financial") -> Period:
    """Read a period from the ways people and sources write them.

    Accepted: the canonical `code` and `label` of every period; months ("Jan 2020",
    "January 2020", "2020-01", "01/2020", Excel's "Apr-20", ONS's "2020 APR"); calendar
    quarters ("2020 Q1", "Q1 2020", "Oct - Dec 2019"); financial quarters ("Q1 2020/21",
    "2020/21 Q1", "2020/21 Quarter 1"); calendar years ("2015"); financial years ("2015/16",
    "2015-16", "FY2015/16"); academic years ("AY 2019/20"); rolling ranges as Fingertips
    writes them ("2018 - 20" = 2018 to 2020, "2017/18 - 19/20"); and Fingertips' `Time
    period Sortable` ("20150000", read as a calendar period: use `from_fingertips_sortable`
    to say otherwise).

    A year written "2015/16" with no prefix is a financial year unless `split_year` is
    "academic" (for sources, such as a Fingertips indicator, known to use academic years).
    "YYYY-MM" with MM from 01 to 12 is always a month (ISO 8601), so "2008-09" is
    September 2008; write "2008/09" for the financial year.
    """
    if not isinstance(text, str):
        raise PeriodParseError(f"Expected text for a period, not {type(text).__name__}")
    s = _normalise(text)
    if not s:
        raise PeriodParseError(f"Enter a period: {ACCEPTED_FORMS}")
    try:
        period = _parse(text, s, split_year)
    except PeriodParseError:
        raise
    except ValueError as error:  # out-of-range years and the like, from Period itself
        raise PeriodParseError(f'"{text.strip()}" is not a period we can use: {error}') from None
    if period is None:
        raise PeriodParseError(f'"{text.strip()}" is not a period we recognise. Write {ACCEPTED_FORMS}.')
    return period


def _parse(text: str, s: str, split_year: SplitYear) -> Period | None:
    split_kind = PeriodKind.ACADEMIC_YEAR if split_year == "academic" else PeriodKind.FINANCIAL_YEAR
    # "Quarter 1" is written out in many returns ("2020/21 Quarter 1", "Quarter 1 2020/21").
    s = re.sub(r"\bquarter ?([1-4])\b", r"q\1", s)

    if re.fullmatch(r"\d{8}", s):
        return from_fingertips_sortable(s)
    if m := re.fullmatch(r"\d{4}", s):
        return Period.calendar_year(int(s))

    # "2020-01" (ISO month), "2015-16" (financial year), "2016-18" (range of years).
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
        year, second = int(m[1]), int(m[2])
        if 1 <= second <= 12:
            return Period.month(year, second)
        end = _full_year(year, m[2])
        if end == year + 1:
            return Period.financial_year(year)
        return Period.calendar_years(year, end) if end > year else None

    # "2015-2016" is a financial year as councils write it; "2016-2018" and the spaced
    # "2015 - 2016" / "2018 - 20" / "2018 to 2020" / "2018..2020" are ranges (Fingertips).
    if m := re.fullmatch(r"(\d{4})(-| - | to |\.\.)(\d{2}|\d{4})", s):
        year, end = int(m[1]), _full_year(int(m[1]), m[3])
        if m[2] == "-" and end == year + 1:
            return Period.financial_year(year)
        if end <= year:
            raise PeriodParseError(f'"{text.strip()}" is not a range of years: it must end after it starts')
        return Period.calendar_years(year, end)

    # Calendar quarters.
    if m := re.fullmatch(r"(\d{4}) ?-? ?q([1-4])", s):
        return Period.quarter(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"q([1-4]) ?-? ?(\d{4})", s):
        return Period.quarter(int(m[2]), int(m[1]))

    # Financial quarters: "Q1 2020/21", "2020/21 Q1", "FY2020-21-Q1", "Q1 FY2020/21".
    if m := re.fullmatch(rf"q([1-4]) {_FY}{_SPLIT}", s):
        return Period.financial_quarter(_split_year(text, m[2], m[3]), int(m[1]))
    if m := re.fullmatch(rf"{_FY}{_SPLIT} ?-? ?q([1-4])", s):
        return Period.financial_quarter(_split_year(text, m[1], m[2]), int(m[3]))

    # Months.
    if m := re.fullmatch(rf"({_MONTH_NAMES})\.? ?-? ?(\d{{4}})", s):
        return Period.month(int(m[2]), _MONTHS[m[1]])
    # Excel's "mmm-yy" display ("Apr-20"): 00-29 are 2000s, 30-99 the 1900s, as Excel reads them.
    if m := re.fullmatch(rf"({_MONTH_NAMES})\.? ?-? ?(\d{{2}})", s):
        short = int(m[2])
        return Period.month(2000 + short if short < 30 else 1900 + short, _MONTHS[m[1]])
    # ONS time series: "2020 APR".
    if m := re.fullmatch(rf"(\d{{4}}) ({_MONTH_NAMES})", s):
        return Period.month(int(m[1]), _MONTHS[m[2]])
    if m := re.fullmatch(r"(\d{1,2})/(\d{4})", s):
        if 1 <= int(m[1]) <= 12:
            return Period.month(int(m[2]), int(m[1]))
        return None

    # Quarters written as months: "Oct - Dec 2019", "Jan to Mar 2020".
    if m := re.fullmatch(rf"({_MONTH_NAMES})\.? ?(?:-|to) ?({_MONTH_NAMES})\.? (\d{{4}})", s):
        first, last = _MONTHS[m[1]], _MONTHS[m[2]]
        if first % 3 == 1 and last == first + 2:
            return Period.quarter(int(m[3]), first // 3 + 1)
        raise PeriodParseError(
            f'"{text.strip()}" is not a calendar quarter: write the months of one quarter, '
            'like "Jan to Mar 2020" or "Oct to Dec 2019"'
        )

    # Academic years and ranges of them.
    academic = r"(?:ay ?|academic years? )"
    if m := re.fullmatch(rf"{academic}{_SPLIT}", s) or re.fullmatch(rf"{_SPLIT} academic year", s):
        return Period.academic_year(_split_year(text, m[1], m[2]))
    if m := re.fullmatch(rf"{academic}{_SPLIT}{_RANGE_DASH}(?:ay ?)?{_SPLIT_END}", s):
        return _split_range(text, PeriodKind.ACADEMIC_YEAR, m)

    # Financial years ("2015/16", "FY2015/16", "FY2015-16", "2015/16 financial year") and
    # ranges of them ("2017/18 - 19/20", "FY2017-18..FY2019-20").
    if m := re.fullmatch(rf"fy ?{_SPLIT}|financial year {_SPLIT}|{_SPLIT} financial year", s):
        groups = [g for g in m.groups() if g is not None]
        return Period.financial_year(_split_year(text, groups[0], groups[1]))
    if m := re.fullmatch(r"(\d{4}) ?/ ?(\d{2}|\d{4})", s):
        return Period(split_kind, _split_year(text, m[1], m[2]))
    if m := re.fullmatch(rf"{_FY}{_SPLIT}{_RANGE_DASH}{_FY}{_SPLIT_END}", s):
        explicit = s.startswith(("fy", "financial"))
        return _split_range(text, PeriodKind.FINANCIAL_YEAR if explicit else split_kind, m)
    return None


def _backwards(text: str) -> str:
    return f'"{text.strip()}" is not a range of years: it must end after it starts'


def _split_range(text: str, kind: PeriodKind, m: re.Match[str]) -> Period:
    first = _split_year(text, m[1], m[2])
    last_start = _full_year(first, m[3])
    _split_year(text, str(last_start), m[4])
    if last_start < first:
        raise PeriodParseError(f'"{text.strip()}" is not a range of years: it must end after it starts')
    return Period._years(kind, first, last_start)


def from_fingertips_sortable(value: str | int, *, year_type: YearType = "calendar", years: int = 1) -> Period:
    """Read Fingertips' `Time period Sortable` (eight digits: year, quarter, month).

    20150000 is the year starting in 2015, 20190300 its third quarter, 20200100 a first
    quarter and 20200001 January 2020. The number does not say which kind of year it
    counts, so say so with `year_type` (from the indicator's metadata) and, for rolling
    ranges such as "2018 - 20", how many `years` the period covers.
    """
    digits = str(value).strip()
    if not re.fullmatch(r"\d{8}", digits):
        raise PeriodParseError(
            f'"{digits}" is not a Fingertips sortable time period (eight digits, like 20150000)'
        )
    year, quarter, month = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    try:
        if month:
            if quarter:
                raise ValueError("it gives both a quarter and a month")
            return Period.month(year, month)
        if quarter:
            kind = PeriodKind.FINANCIAL_QUARTER if year_type == "financial" else PeriodKind.QUARTER
            return Period(kind, year, quarter)
        kind = {"calendar": PeriodKind.YEAR, "financial": PeriodKind.FINANCIAL_YEAR}.get(
            year_type, PeriodKind.ACADEMIC_YEAR
        )
        return Period(kind, year, 0, years)
    except ValueError as error:
        raise PeriodParseError(f'"{digits}" is not a Fingertips sortable time period: {error}') from None
