"""Confidence intervals against the worked examples of methods.md §7.1-7.6 (to their stated
precision: proportions 6 places on the 0-1 scale, everything else 4) and PHEindicatormethods'
own test values (appendix A's check_against_phe_test_data)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.performance.analysis import intervals
from joinedup.performance.analysis.common import polarity, z_value
from joinedup.performance.analysis.intervals import Interval, NoInterval


def close(actual, expected, places):
    assert abs(actual - expected) <= 0.5 * 10**-places + 1e-12, (actual, expected)


def test_z_values_come_from_the_quantile_function_not_rounded_constants():
    assert z_value(0.95) == pytest.approx(1.959963984540054, abs=1e-15)
    assert z_value(0.998) == pytest.approx(3.090232306167813, abs=1e-15)


@pytest.mark.parametrize(
    "o, n, value, l95, u95, l998, u998",
    [
        (65, 100, 0.65, 0.552544, 0.736358, 0.495495, 0.778354),
        (1045, 5000, 0.209, 0.197955, 0.220491, 0.191794, 0.227316),
        (1, 100, 0.01, 0.001767, 0.054486, 0.000873, 0.104554),
        (0, 50, 0, 0, 0.071348, 0, 0.160363),
        (50, 50, 1, 0.928652, 1, 0.839637, 1),
    ],
)
def test_wilson_reproduces_worked_examples(o, n, value, l95, u95, l998, u998):
    a = intervals.wilson(o, n, multiplier=1)
    b = intervals.wilson(o, n, level=0.998, multiplier=1)
    close(a.value, value, 6)
    for got, want in ((a.lower, l95), (a.upper, u95), (b.lower, l998), (b.upper, u998)):
        close(got, want, 6)
    assert a.method == "Wilson"


def test_wilson_edges_are_exact():
    assert intervals.wilson(0, 50, multiplier=1).lower == 0
    assert intervals.wilson(50, 50, multiplier=1).upper == 1


@pytest.mark.parametrize(
    "o, method, l95, u95, l998, u998",
    [
        (0, "Exact", 0, 3.6889, 0, 6.9078),
        (1, "Exact", 0.0253, 5.5716, 0.0010, 9.2334),
        (5, "Exact", 1.6235, 11.6683, 0.7394, 16.4547),
        (9, "Exact", 4.1154, 17.0848, 2.4524, 22.6574),
        (10, "Byars", 4.7874, 18.3915, 2.9163, 24.1937),
        (65, "Byars", 50.1632, 82.8491, 42.8803, 94.0003),
        (1045, "Byars", 982.5932, 1110.3312, 947.9407, 1148.8062),
    ],
)
def test_count_limits_switch_from_exact_to_byars_at_ten(o, method, l95, u95, l998, u998):
    a = intervals.poisson_count(o)
    b = intervals.poisson_count(o, level=0.998)
    assert a.method == method == b.method
    for got, want in ((a.lower, l95), (a.upper, u95), (b.lower, l998), (b.upper, u998)):
        close(got, want, 4)


@pytest.mark.parametrize(
    "o, n, m, method, rate, l95, u95, l998, u998",
    [
        (5, 100, 100_000, "Exact", 5000, 1623.4864, 11668.3321, 739.3717, 16454.7452),
        (0, 25_000, 100_000, "Exact", 0, 0, 14.7555, 0, 27.6310),
        (37, 52_000, 100_000, "Byars", 71.1538, 50.0922, 98.0790, 40.3407, 115.3020),
        (222, 3215, 100, "Byars", 6.9051, 6.0266, 7.8757, 5.5607, 8.4610),
    ],
)
def test_crude_rates_reproduce_worked_examples(o, n, m, method, rate, l95, u95, l998, u998):
    a = intervals.crude_rate(o, n, multiplier=m)
    b = intervals.crude_rate(o, n, level=0.998, multiplier=m)
    assert a.method == method
    close(a.value, rate, 4)
    for got, want in ((a.lower, l95), (a.upper, u95), (b.lower, l998), (b.upper, u998)):
        close(got, want, 4)


@pytest.mark.parametrize(
    "o, e, method, ratio, lo, hi",
    [
        (30, 24.5, "Byars", 122.4490, 82.5998, 174.8097),
        (6, 4.2, "Exact", 142.8571, 52.4261, 310.9399),
        (895, 835.88356123117433, "Byars", 107.0723, 100.1715, 114.3233),
    ],
)
def test_indirectly_standardised_ratios_reproduce_worked_examples(o, e, method, ratio, lo, hi):
    r = intervals.isr(o, e)
    assert r.method == method
    close(r.value, ratio, 4)
    close(r.lower, lo, 4)
    close(r.upper, hi, 4)


TOY_POP = [12000, 10000, 6000, 2000]
TOY_W = [40000, 30000, 20000, 10000]


def test_dsr_toy_example_by_dobson():
    a = intervals.dsr([2, 10, 30, 60], TOY_POP, TOY_W)
    b = intervals.dsr([2, 10, 30, 60], TOY_POP, TOY_W, level=0.998)
    assert isinstance(a, Interval) and isinstance(b, Interval)
    close(a.value, 436.6667, 4)
    close(a.lower, 354.4154, 4)
    close(a.upper, 531.9726, 4)
    close(b.lower, 312.6183, 4)
    close(b.upper, 590.6139, 4)
    assert a.method == "Dobson"


def test_dsr_with_fewer_than_ten_events_is_suppressed():
    r = intervals.dsr([1, 2, 3, 3], TOY_POP, TOY_W)
    assert isinstance(r, NoInterval)
    assert r.value is None and "fewer than 10" in r.reason


BIG_OBS = [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91]
BIG_POP = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207]


def test_dsr_matches_phe_testdata_big_with_esp2013():
    a = intervals.dsr(BIG_OBS, BIG_POP)
    b = intervals.dsr(BIG_OBS, BIG_POP, level=0.998)
    assert isinstance(a, Interval) and isinstance(b, Interval)
    assert a.value == pytest.approx(10430.247991469423, rel=1e-9)
    assert a.lower == pytest.approx(9717.709067985681, rel=1e-9)
    assert a.upper == pytest.approx(11178.94091547925, rel=1e-9)
    assert b.lower == pytest.approx(9323.2878802199029, rel=1e-9)
    assert b.upper == pytest.approx(11620.595999522058, rel=1e-9)


def test_dsr_refuses_a_band_without_population():
    with pytest.raises(ValueError, match="population"):
        intervals.dsr([1, 2, 3, 30], [100, 0, 100, 100], TOY_W)


PHE_AREA1 = [33.09375, 48.38596, 64.83495, 67.98475, 22.93556, 71.23587, 38.78465, 82.37927]


@pytest.mark.parametrize(
    "values, m, l95, u95, l998, u998",
    [
        ([4, 6, 8, 10], 7, 2.8915, 11.1085, -6.1869, 20.1869),
        (PHE_AREA1, 53.7043, 36.1683, 71.2404, 18.2167, 89.1920),
    ],
)
def test_means_by_students_t(values, m, l95, u95, l998, u998):
    a = intervals.mean(values)
    b = intervals.mean(values, level=0.998)
    assert isinstance(a, Interval) and isinstance(b, Interval)
    close(a.value, m, 4)
    for got, want in ((a.lower, l95), (a.upper, u95), (b.lower, l998), (b.upper, u998)):
        close(got, want, 4)


def test_mean_of_one_value_has_no_interval():
    r = intervals.mean([3.0])
    assert isinstance(r, NoInterval) and r.value == 3.0


def test_phe_spreadsheet_values_to_full_precision():
    """check_against_phe_test_data in methods.md appendix A."""
    lo, hi, _ = intervals.count_limits(65)
    assert (lo, hi) == pytest.approx((50.163187710459454, 82.849138545939837), rel=1e-9)
    lo, hi, _ = intervals.count_limits(65, level=0.998)
    assert (lo, hi) == pytest.approx((42.880261471480203, 94.000290844318016), rel=1e-9)
    w = intervals.wilson(1045, 5000, multiplier=1)
    assert (w.lower, w.upper) == pytest.approx((0.19795549880013297, 0.22049130373189027), rel=1e-9)
    r = intervals.crude_rate(222, 3215, multiplier=100)
    assert (r.lower, r.upper) == pytest.approx((6.0265748776526751, 7.8757293708718503), rel=1e-9)
    r = intervals.crude_rate(5, 100, level=0.998, multiplier=100)
    assert (r.lower, r.upper) == pytest.approx((0.739371731917839, 16.454745203680105), rel=1e-9)


def test_phstatsmethods_byars_wrapper_pitfall_is_avoided():
    """PHStatsMethods' byars() passes 1 - confidence on; ours gives the true 95% limits."""
    from PHStatsMethods.confidence_intervals import byars

    wrong = byars(65)
    ours = intervals.poisson_count(65)
    assert wrong[1] - wrong[0] < 3  # the wrapper's "95%" interval is about 2 events wide
    assert ours.upper - ours.lower > 30


def test_interval_for_dispatches_on_value_type():
    assert intervals.interval_for("proportion", 65, 100, multiplier=100).method == "Wilson"
    assert intervals.interval_for("crude_rate", 65, 100, multiplier=1000).method == "Byars"
    assert intervals.interval_for("count", 5, None).method == "Exact"
    assert isinstance(intervals.interval_for("dsr", 50, 1000), NoInterval)
    assert isinstance(intervals.interval_for("proportion", 5, 0), NoInterval)
    assert isinstance(intervals.interval_for("proportion", None, 10), NoInterval)


def test_every_interval_explains_its_method_and_inputs():
    r = intervals.crude_rate(37, 52_000)
    assert "Byar's method" in r.explanation and "37" in r.explanation and "52,000" in r.explanation


def test_polarity_aliases():
    assert polarity("high_is_good") == "higher"
    assert polarity("LowIsGood") == "lower"
    assert polarity("none") == "none"
    assert polarity("not_applicable") is None
    with pytest.raises(ValueError):
        polarity("sideways")


counts = st.integers(min_value=0, max_value=100_000)
levels = st.sampled_from([0.9, 0.95, 0.998])


@given(
    st.integers(min_value=1, max_value=10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    levels,
)
def test_wilson_interval_contains_the_proportion_and_stays_in_range(on, level):
    o, n = on
    r = intervals.wilson(o, n, level=level, multiplier=1)
    assert 0 <= r.lower <= r.value <= r.upper <= 1


@given(counts, st.integers(min_value=1, max_value=10**7), levels)
def test_rate_interval_contains_the_rate(o, n, level):
    r = intervals.crude_rate(o, n, level=level)
    assert 0 <= r.lower <= r.value <= r.upper
    assert math.isfinite(r.upper)


@given(counts)
def test_wider_level_gives_wider_interval(o):
    a = intervals.poisson_count(o)
    b = intervals.poisson_count(o, level=0.998)
    assert b.lower <= a.lower and a.upper <= b.upper
