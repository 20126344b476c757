"""Forecast to a target period with a prediction interval; "on track to meet the target?"."""

import pytest
from scipy.stats import linregress

from joinedup.core.periods import Period
from joinedup.performance.analysis.forecast import MIN_POINTS, forecast


def quarters(values, start=2022):
    return [(Period.quarter(start, 1).shift(i), v) for i, v in enumerate(values)]


def test_fewer_than_the_minimum_points_are_not_forecast():
    f = forecast(quarters([1, 2, 3, 4, 5]), Period.quarter(2025, 4), target=10, polarity="higher")
    assert f.outcome == "not_assessed" and f.predicted is None and str(MIN_POINTS) in f.explanation


def test_a_steady_rise_is_on_track_when_the_whole_interval_meets_the_target():
    values = [50, 52.1, 53.9, 56.2, 57.8, 60.1, 62.0, 63.9]
    f = forecast(quarters(values), Period.quarter(2024, 4), target=65, polarity="higher")
    fit = linregress(range(8), values)
    assert f.slope == pytest.approx(fit.slope)
    assert f.predicted == pytest.approx(fit.intercept + fit.slope * 11)
    assert f.lower < f.predicted < f.upper
    assert f.outcome == "on_track"


def test_far_from_target_is_off_track_and_noisy_is_uncertain():
    values = [50, 52.1, 53.9, 56.2, 57.8, 60.1, 62.0, 63.9]
    assert (
        forecast(quarters(values), Period.quarter(2024, 4), target=90, polarity="higher").outcome
        == "off_track"
    )
    noisy = [50, 60, 45, 62, 48, 58, 47, 61]
    assert (
        forecast(quarters(noisy), Period.quarter(2024, 4), target=55, polarity="higher").outcome
        == "uncertain"
    )


def test_lower_is_better_mirrors():
    values = [30, 29, 28, 27, 26, 25, 24, 23]
    assert (
        forecast(quarters(values), Period.quarter(2024, 4), target=22, polarity="lower").outcome == "on_track"
    )


def test_missing_periods_leave_gaps_rather_than_closing_up():
    series = [(Period.calendar_year(y), float(y - 2010)) for y in (2010, 2011, 2012, 2015, 2016, 2017)]
    f = forecast(series, Period.calendar_year(2020))
    assert f.predicted == pytest.approx(10.0)
    assert f.outcome == "not_assessed" and "no target" in f.explanation


def test_prediction_interval_matches_the_textbook_formula():
    values = [3.0, 5.0, 4.0, 6.0, 8.0, 7.0]
    f = forecast(quarters(values), Period.quarter(2023, 4), target=9, polarity="higher")
    # x̄ = 2.5, Sxx = 17.5, slope = 0.8857, x0 = 7, s² = SSE/4; t(0.975; 4) = 2.776445
    fit = linregress(range(6), values)
    sse = sum((y - fit.intercept - fit.slope * x) ** 2 for x, y in enumerate(values))
    half = 2.7764451051977987 * (sse / 4) ** 0.5 * (1 + 1 / 6 + (7 - 2.5) ** 2 / 17.5) ** 0.5
    assert (f.upper - f.lower) / 2 == pytest.approx(half)
