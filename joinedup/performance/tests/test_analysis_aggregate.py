"""Footprint aggregation (methods.md §5, §7.11)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.performance.analysis import intervals
from joinedup.performance.analysis.aggregate import Part, aggregate, pool_dsr_bands


def test_pooled_proportion_not_the_mean_of_percentages():
    parts = [Part("A", 30, 200), Part("B", 5, 20), Part("C", 400, 5000)]
    result = aggregate(parts, "proportion", multiplier=100)
    assert round(result.value, 4) == 8.3333
    assert (round(result.intervals[0].lower, 4), round(result.intervals[0].upper, 4)) == (7.6139, 9.1141)
    mean_of_percentages = sum(100 * p.numerator / p.denominator for p in parts) / 3
    assert round(mean_of_percentages, 4) == 16.0 and result.value != pytest.approx(mean_of_percentages)
    assert "never an average" in result.explanation


def test_published_dsrs_are_refused_with_a_message():
    result = aggregate([Part("A", 30, 2000), Part("B", 20, 1000)], "dsr")
    assert not result.ok and "band by band" in result.refused


def test_counts_are_summed():
    result = aggregate([Part("A", 3), Part("B", 4)], "count")
    assert result.value == 7 and result.intervals[0].method == "Exact"


def test_a_missing_count_refuses_the_aggregate_as_an_undercount():
    result = aggregate([Part("A", None, 100), Part("B", 4, 100)], "crude_rate")
    assert not result.ok and "undercount" in result.refused


def test_an_area_listed_twice_is_refused():
    assert not aggregate([Part("A", 1, 10), Part("A", 1, 10)], "proportion").ok


def test_dsr_pooled_band_by_band_reproduces_worked_example():
    a = ("A", [2, 10, 30, 60], [12000, 10000, 6000, 2000])
    b = ("B", [1, 4, 12, 40], [3000, 3000, 2500, 1500])
    w = [40000, 30000, 20000, 10000]
    da, db = intervals.dsr(a[1], a[2], w), intervals.dsr(b[1], b[2], w)
    assert (round(da.value, 4), round(db.value, 4)) == (436.6667, 416.0)
    assert round((da.value + db.value) / 2, 4) == 426.3333  # the wrong answer
    pooled = pool_dsr_bands([a, b], w)
    assert (round(pooled.value, 4), round(pooled.lower, 4), round(pooled.upper, 4)) == (
        424.8455,
        361.105,
        496.5569,
    )
    assert pooled.explanation.startswith("Band-by-band pooling of A, B")


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.sampled_from(["proportion", "crude_rate", "count"]))
def test_aggregating_one_area_is_the_identity(o, extra, value_type):
    n = o + extra
    result = aggregate([Part("A", o, n)], value_type, multiplier=100)
    if value_type == "count":
        assert result.value == o
    else:
        single = (intervals.wilson if value_type == "proportion" else intervals.crude_rate)(
            o, n, multiplier=100
        )
        assert result.value == pytest.approx(single.value)
        assert result.intervals[0].lower == pytest.approx(single.lower)
        assert result.intervals[0].upper == pytest.approx(single.upper)


@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(1, 1000)), min_size=1, max_size=10))
def test_pooled_rate_lies_between_the_smallest_and_largest_area_rate(pairs):
    parts = [Part(str(i), o, o + e) for i, (o, e) in enumerate(pairs)]
    result = aggregate(parts, "proportion", multiplier=1)
    rates = [p.numerator / p.denominator for p in parts]
    assert min(rates) - 1e-12 <= result.value <= max(rates) + 1e-12
