"""Gaps between the most and least deprived, and completeness and staleness of a series."""

import datetime as dt

import pytest

from joinedup.core.periods import Period
from joinedup.performance.analysis.completeness import missing_periods, staleness
from joinedup.performance.analysis.gaps import gap, gap_trend
from joinedup.performance.analysis.trend import Point

Y = Period.calendar_year


def test_gap_is_most_minus_least_with_significance_from_intervals():
    g = gap(Y(2020), Point(70, 66, 74), Point(40, 37, 43))
    assert g.gap == 30 and g.ratio == pytest.approx(1.75) and g.significant
    assert "most deprived (70) − least deprived (40) = 30" in g.explanation


def test_gap_without_intervals_is_not_tested():
    g = gap(Y(2020), Point(70), Point(40))
    assert g.significant is None and "not assessed" in g.explanation


def test_narrowing_the_gap():
    gaps = [
        gap(Y(2017), Point(70, 68, 72), Point(40, 38, 42)),
        gap(Y(2020), Point(60, 58, 62), Point(42, 40, 44)),
    ]
    result = gap_trend(gaps)
    assert result.outcome == "narrowing" and result.label == "Narrowing the gap"


def test_a_small_change_in_the_gap_is_not_significant_and_without_intervals_not_assessed():
    noisy = [
        gap(Y(2017), Point(70, 60, 80), Point(40, 30, 50)),
        gap(Y(2020), Point(68, 58, 78), Point(40, 30, 50)),
    ]
    assert gap_trend(noisy).outcome == "no_significant_change"
    plain = [gap(Y(2020), Point(75), Point(40)), gap(Y(2017), Point(70), Point(40))]
    assert gap_trend(plain).outcome == "widened"
    assert gap_trend(plain[:1]).outcome == "not_assessed"


def test_missing_periods_between_first_and_last():
    have = [Period.month(2024, m) for m in (1, 2, 4, 7)]
    result = missing_periods(have)
    assert [p.number for p in result.missing] == [3, 5, 6]
    assert result.expected == 7 and result.present == 4 and not result.complete
    assert "March 2024" in result.explanation


def test_missing_periods_to_a_given_last_period():
    result = missing_periods([Y(2020), Y(2021)], last=Y(2023))
    assert result.missing == (Y(2022), Y(2023))


def test_overdue_when_the_next_period_is_past_its_grace():
    s = staleness(Period.quarter(2025, 1), dt.date(2025, 8, 15), grace_days=30)
    # Q2 2025 ends 30 June; due 30 July; 16 days late
    assert s.overdue and s.days_overdue == 16 and s.due == dt.date(2025, 7, 30)
    assert not staleness(Period.quarter(2025, 1), dt.date(2025, 7, 30), grace_days=30).overdue
    assert staleness(None, dt.date(2025, 1, 1)).overdue
