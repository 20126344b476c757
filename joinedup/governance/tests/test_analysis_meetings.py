"""Notice periods: clear days leave out the day of publication and the day of the meeting;
working days leave out weekends and England-and-Wales bank holidays (the `holidays` package)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from joinedup.governance.analysis_meetings import (
    DEFAULT_RULE,
    SimpleRule,
    clear_days_between,
    describe_rule,
    england_and_wales_holidays,
    latest_publication_date,
    papers_late,
)

LONDON = ZoneInfo("Europe/London")
HOLIDAYS = england_and_wales_holidays(range(2025, 2028))
FIVE_WORKING = SimpleRule(clear_days=5, working_days=True)


def at(year: int, month: int, day: int, hour: int = 18) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=LONDON)


def test_bank_holidays_are_england_and_wales_ones():
    assert dt.date(2026, 4, 3) in HOLIDAYS  # Good Friday
    assert dt.date(2026, 4, 6) in HOLIDAYS  # Easter Monday
    assert dt.date(2026, 12, 28) in HOLIDAYS  # Boxing Day (substitute)
    assert dt.date(2026, 3, 17) not in HOLIDAYS  # St Patrick's Day: Northern Ireland only
    assert dt.date(2026, 11, 30) not in HOLIDAYS  # St Andrew's Day: Scotland only


def test_neither_the_publication_day_nor_the_meeting_day_is_clear():
    rule = SimpleRule(clear_days=5, working_days=False)
    assert clear_days_between(at(2026, 6, 4, 9), at(2026, 6, 10), rule, HOLIDAYS) == 5
    assert clear_days_between(at(2026, 6, 10, 9), at(2026, 6, 10), rule, HOLIDAYS) == 0
    assert not papers_late(at(2026, 6, 10), at(2026, 6, 4, 17), rule, HOLIDAYS)
    assert papers_late(at(2026, 6, 10), at(2026, 6, 5, 9), rule, HOLIDAYS)


def test_working_days_leave_out_the_weekend():
    # Meeting Monday 15 June 2026; clear working days Mon 8 to Fri 12 are five.
    assert not papers_late(at(2026, 6, 15), at(2026, 6, 5, 16), FIVE_WORKING, HOLIDAYS)
    assert not papers_late(at(2026, 6, 15), at(2026, 6, 7, 16), FIVE_WORKING, HOLIDAYS)  # a Sunday
    assert papers_late(at(2026, 6, 15), at(2026, 6, 8, 9), FIVE_WORKING, HOLIDAYS)


def test_easter_bank_holidays_do_not_count():
    # Meeting Thursday 9 April 2026. Clear working days after Tuesday 31 March: Wed 1, Thu 2,
    # (Good Friday, weekend, Easter Monday), Tue 7, Wed 8 = 4: late.
    meeting = at(2026, 4, 9)
    assert clear_days_between(at(2026, 3, 31, 10), meeting, FIVE_WORKING, HOLIDAYS) == 4
    assert papers_late(meeting, at(2026, 3, 31, 10), FIVE_WORKING, HOLIDAYS)
    assert not papers_late(meeting, at(2026, 3, 30, 10), FIVE_WORKING, HOLIDAYS)
    # Without the bank holidays the same publication would have been in time.
    assert not papers_late(meeting, at(2026, 3, 31, 10), FIVE_WORKING, frozenset())
    assert latest_publication_date(meeting, FIVE_WORKING, HOLIDAYS) == dt.date(2026, 3, 30)


def test_christmas_and_new_year_bank_holidays_do_not_count():
    # Meeting Tuesday 5 January 2027: Mon 4 Jan, Thu 31, Wed 30, Tue 29 Dec and Thu 24 Dec
    # are the five clear working days (1 Jan, 28 Dec substitute Boxing Day, 25 Dec are not).
    meeting = at(2027, 1, 5, 14)
    assert latest_publication_date(meeting, FIVE_WORKING, HOLIDAYS) == dt.date(2026, 12, 23)
    assert not papers_late(meeting, at(2026, 12, 23, 17), FIVE_WORKING, HOLIDAYS)
    assert papers_late(meeting, at(2026, 12, 24, 9), FIVE_WORKING, HOLIDAYS)


def test_publication_time_is_read_as_a_london_date():
    # 23:30 UTC on Sunday 29 March 2026 is 00:30 on Monday 30 March in London (summer time).
    published = dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC)
    assert not papers_late(at(2026, 4, 9), published, FIVE_WORKING, HOLIDAYS)
    assert latest_publication_date(at(2026, 4, 9), FIVE_WORKING, HOLIDAYS) == dt.date(2026, 3, 30)


def test_no_rule_means_five_clear_working_days():
    assert DEFAULT_RULE.clear_days == 5 and DEFAULT_RULE.working_days
    assert papers_late(at(2026, 4, 9), at(2026, 3, 31), None, HOLIDAYS)
    assert describe_rule(None) == "5 clear working days"
    assert describe_rule(SimpleRule(clear_days=1, working_days=False)) == "1 clear day"
