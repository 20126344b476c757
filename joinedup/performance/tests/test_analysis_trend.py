"""Direction of travel and the recent trend (methods.md §3, §7.8)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.periods import Period
from joinedup.performance.analysis import trend
from joinedup.performance.analysis.trend import Point


@pytest.mark.parametrize(
    "counts, denoms, pol, chi, outcome",
    [
        ([520, 560, 610, 650, 700], [1000] * 5, "higher", 84.9641, "increasing_and_getting_better"),
        ([500, 520, 490, 515, 505], [1000] * 5, "higher", 0.0100, "no_significant_change"),
        ([520, 500, 495, 490, 700], [1000] * 5, "higher", 49.3317, "no_significant_change"),
        ([20000, 20150, 20300, 20420, 20600], [100000] * 5, "lower", 13.3591, "increasing_and_getting_worse"),
    ],
)
def test_recent_trend_for_proportions_reproduces_worked_examples(counts, denoms, pol, chi, outcome):
    r = trend.recent_trend_proportion(counts, denoms, pol)
    assert r.chi2 == pytest.approx(chi, abs=5e-5)
    assert r.outcome == outcome


def test_one_year_jump_is_not_a_trend_because_dropping_it_reverses_the_slope():
    r = trend.recent_trend_proportion([520, 500, 495, 490, 700], [1000] * 5, "higher")
    assert r.chi2 > trend.CHI2_1DF_998 and r.robust is False


def test_four_points_cannot_be_calculated():
    assert trend.recent_trend_proportion([1, 2, 3, 4], [10] * 4, "higher").outcome == "cannot_be_calculated"


FALLING = [120, 115, 108, 100, 95]
FLAT = [120, 118, 121, 117, 119]


@pytest.mark.parametrize(
    "values, pol, chi, outcome",
    [
        (FALLING, "lower", 25.3606, "decreasing_and_getting_better"),
        (FALLING, "none", 25.3606, "decreasing"),
        (FLAT, "lower", 0.0540, "no_significant_change"),
    ],
)
def test_recent_trend_for_other_values_reproduces_worked_examples(values, pol, chi, outcome):
    r = trend.recent_trend_values(values, [v - 8 for v in values], [v + 8 for v in values], pol)
    assert r.chi2 == pytest.approx(chi, abs=5e-5)
    assert r.outcome == outcome


def test_direction_with_intervals_is_tested_for_significance():
    worse = trend.direction_of_travel(Point(30, 28, 32), Point(20, 18, 22), "lower")
    assert worse.direction == "getting_worse" and worse.z is not None and worse.z > 1.96
    better = trend.direction_of_travel(Point(30, 28, 32), Point(20, 18, 22), "higher")
    assert better.direction == "getting_better"
    same = trend.direction_of_travel(Point(21, 18, 24), Point(20, 17, 23), "higher")
    assert same.direction == "no_significant_change"
    assert "3.92" in same.explanation


def test_direction_without_intervals_is_not_assessed_for_significance():
    up = trend.direction_of_travel(Point(30), Point(20), "lower")
    assert up.direction == "increased"
    assert up.label == "Increased (significance not assessed)"
    assert trend.direction_of_travel(Point(10), Point(20), "higher").direction == "decreased"
    assert trend.direction_of_travel(Point(10), None, "higher").direction == "not_assessed"


def test_direction_with_no_polarity_only_says_up_or_down():
    assert trend.direction_of_travel(Point(30, 28, 32), Point(20, 18, 22), "none").direction == (
        "significantly_higher"
    )
    assert (
        trend.direction_of_travel(Point(10, 8, 12), Point(20, 18, 22), None).direction
        == "significantly_lower"
    )
    assert trend.direction_of_travel(Point(21, 18, 24), Point(20, 17, 23), "none").direction == (
        "no_significant_change"
    )


def test_directions_for_a_series_use_previous_and_same_period_last_year():
    series = [(Period.quarter(2024, q), Point(10.0 + q)) for q in range(1, 5)]
    series.append((Period.quarter(2025, 1), Point(20.0)))
    vs_prev, vs_year = trend.directions_for_series(series, "higher")
    assert vs_prev.earlier == Point(14.0) and vs_prev.direction == "increased"
    assert vs_year.earlier == Point(11.0) and "Jan to Mar 2024" in vs_year.against
    missing = trend.directions_for_series(series[2:], "higher")[1]
    assert missing.direction == "not_assessed"


@given(st.floats(-1e4, 1e4), st.floats(0.01, 100), st.floats(-1e4, 1e4), st.floats(0.01, 100))
def test_swapping_polarity_swaps_better_and_worse(v1, w1, v0, w0):
    now, then = Point(v1, v1 - w1, v1 + w1), Point(v0, v0 - w0, v0 + w0)
    hi = trend.direction_of_travel(now, then, "higher").direction
    lo = trend.direction_of_travel(now, then, "lower").direction
    swap = {"getting_better": "getting_worse", "getting_worse": "getting_better"}
    assert swap.get(hi, hi) == lo


def test_recent_trend_needs_five_consecutive_single_years():
    years = [Period.calendar_year(y) for y in range(2015, 2020)]
    assert trend.recent_trend_eligibility(years) is None
    assert "five values" in trend.recent_trend_eligibility(years[1:])
    assert "not consecutive" in trend.recent_trend_eligibility([*years[:4], Period.calendar_year(2021)])
    assert "overlap" in trend.recent_trend_eligibility(
        [Period.calendar_years(y, y + 2) for y in range(2010, 2015)]
    )
    months = [Period.month(2024, m) for m in range(1, 6)]
    assert "monthly and quarterly" in trend.recent_trend_eligibility(months)
