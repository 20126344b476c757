"""The pure rules of data requests: which period is due from an indicator's frequency, when,
and when it is overdue (ADR 0021)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.periods import Period
from joinedup.performance import entry_rules as rules

FREQUENCIES = sorted(rules.FREQUENCY_KINDS)
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2150, 12, 31))


@pytest.mark.parametrize(
    ("frequency", "today", "expected"),
    [
        ("monthly", dt.date(2026, 11, 25), Period.month(2026, 10)),
        ("monthly", dt.date(2026, 1, 1), Period.month(2025, 12)),
        ("quarterly", dt.date(2026, 4, 1), Period.quarter(2026, 1)),
        ("quarterly", dt.date(2026, 3, 31), Period.quarter(2025, 4)),
        ("annual", dt.date(2026, 11, 25), Period.calendar_year(2025)),
        ("financial_year", dt.date(2026, 3, 31), Period.financial_year(2024)),
        ("financial_year", dt.date(2026, 4, 1), Period.financial_year(2025)),
        ("academic_year", dt.date(2026, 9, 1), Period.academic_year(2025)),
    ],
)
def test_the_due_period_is_the_latest_that_ended_before_today(frequency, today, expected):
    assert rules.latest_complete_period(frequency, today) == expected


@pytest.mark.parametrize("frequency", ["rolling", "other"])
def test_rolling_and_other_frequencies_are_never_asked_for(frequency):
    assert rules.latest_complete_period(frequency, dt.date(2026, 11, 25)) is None
    assert rules.due_period(frequency, dt.date(2026, 11, 25), 30) is None


def test_values_are_due_the_set_number_of_days_after_the_period_ends():
    due = rules.due_period("financial_year", dt.date(2026, 5, 1), 30)
    assert due == rules.DuePeriod(period=Period.financial_year(2025), due_on=dt.date(2026, 4, 30))
    assert due.is_overdue(dt.date(2026, 5, 1))
    assert not due.is_overdue(dt.date(2026, 4, 30))
    assert due.link_expires_on == dt.date(2026, 4, 30) + dt.timedelta(days=rules.GRACE_DAYS)


def test_a_period_matches_only_its_own_frequency():
    assert rules.matches_frequency("financial_year", Period.financial_year(2025))
    assert not rules.matches_frequency("annual", Period.financial_year(2025))
    assert not rules.matches_frequency("quarterly", Period.financial_quarter(2025, 1))
    assert not rules.matches_frequency("annual", Period.calendar_years(2023, 2025))
    assert not rules.matches_frequency("rolling", Period.calendar_years(2023, 2025))


@given(frequency=st.sampled_from(FREQUENCIES), today=days)
def test_the_due_period_has_ended_and_the_next_one_has_not(frequency, today):
    period = rules.latest_complete_period(frequency, today)
    assert period is not None
    assert period.end < today
    assert period.next().end >= today
    assert rules.matches_frequency(frequency, period)


@given(frequency=st.sampled_from(FREQUENCIES), today=days, due_days=st.integers(0, 365))
def test_overdue_exactly_after_the_due_date(frequency, today, due_days):
    due = rules.due_period(frequency, today, due_days)
    assert due is not None
    assert due.due_on == due.period.end + dt.timedelta(days=due_days)
    assert due.is_overdue(today) == (today > due.due_on)
    assert not due.is_overdue(due.due_on)
    assert due.is_overdue(due.due_on + dt.timedelta(days=1))
    assert due.link_expires_on > due.due_on


@given(frequency=st.sampled_from(FREQUENCIES), today=days)
def test_the_due_period_never_goes_backwards(frequency, today):
    later = today + dt.timedelta(days=1)
    assert rules.latest_complete_period(frequency, later) >= rules.latest_complete_period(frequency, today)
