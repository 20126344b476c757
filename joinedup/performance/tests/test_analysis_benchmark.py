"""Benchmark comparison (methods.md §7.7) and ranks and quartiles (§7.10)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.performance.analysis import benchmark, intervals

A95 = intervals.wilson(1045, 5000, multiplier=1)
A998 = intervals.wilson(1045, 5000, level=0.998, multiplier=1)


@pytest.mark.parametrize(
    "bench, low, high, none, two_level_low",
    [
        (0.23, "better", "worse", "lower", "best"),
        (0.225, "better", "worse", "lower", "better"),
        (0.21, "similar", "similar", "similar", "similar"),
        (0.19, "worse", "better", "higher", "worst"),
    ],
)
def test_comparison_reproduces_worked_examples(bench, low, high, none, two_level_low):
    def cmp(pol):
        return benchmark.compare(A95.lower, A95.upper, bench, pol).outcome

    assert cmp("lower") == low
    assert cmp("higher") == high
    assert cmp("none") == none
    assert cmp(None) == "not_compared"  # polarity not applicable
    two = benchmark.compare_two_levels(A95.lower, A95.upper, A998.lower, A998.upper, bench, "lower")
    assert two.outcome == two_level_low


def test_interval_ends_are_inclusive():
    assert benchmark.compare(0.20, 0.25, 0.25, "higher").outcome == "similar"


def test_missing_interval_or_benchmark_is_not_compared():
    assert benchmark.compare(None, None, 0.25, "higher").outcome == "not_compared"
    assert benchmark.compare(0.1, 0.2, None, "higher").outcome == "not_compared"
    assert benchmark.compare(0.1, 0.2, 0.15, "higher", is_benchmark_area=True).outcome == "not_compared"


def test_comparison_explains_rule_and_reason():
    c = benchmark.compare(0.1, 0.2, 0.3, "higher", benchmark_name="England")
    assert c.outcome == "worse"
    assert "England" in c.explanation and "higher is better" in c.explanation
    assert c.label == "Worse" and c.significant


Q_VALS = [12.1, 15.4, 9.8, 20.3, 15.4, 11.0, 18.7, 13.5, 16.2, 10.4]
AREAS = [f"A{i}" for i in range(10)]


def test_quartiles_by_interpolated_bounds():
    result = benchmark.quantiles(dict(zip(AREAS, Q_VALS, strict=True)))
    any_result = next(iter(result.values()))
    assert [round(b, 4) for b in any_result.bounds] == [9.8, 11.275, 14.45, 16.0, 20.3]
    assert [result[a].group for a in AREAS] == [2, 3, 1, 4, 3, 1, 4, 2, 4, 1]
    assert "PERCENTILE.INC" in any_result.explanation


def test_quartiles_need_at_least_four_values():
    assert benchmark.quantiles({"a": 1.0, "b": 2.0, "c": 3.0}) == {}


def test_other_quantile_methods_match_worked_examples():
    assert benchmark.ntile(Q_VALS, 4) == [2, 2, 1, 4, 3, 1, 4, 2, 3, 1]
    assert benchmark.phe_quantile(Q_VALS, 4, invert=False) == [2, 3, 1, 4, 3, 1, 4, 2, 3, 1]


def test_competition_rank_low_is_good():
    ranks = benchmark.competition_ranks(dict(zip(AREAS, Q_VALS, strict=True)), "lower")
    assert [ranks[a].rank for a in AREAS] == [4, 6, 1, 10, 6, 3, 9, 5, 8, 2]
    assert ranks["A2"].label == "1st of 10"


def test_ranks_leave_out_missing_values():
    ranks = benchmark.competition_ranks({"a": 3.0, "b": None, "c": 1.0}, "higher")
    assert set(ranks) == {"a", "c"} and ranks["a"].rank == 1 and ranks["a"].of == 2


@given(
    st.floats(-1e6, 1e6), st.floats(0, 1e3), st.floats(0, 1e3), st.floats(-1e6, 1e6),
    st.sampled_from(["higher", "lower", "none"]),
)  # fmt: skip
def test_the_benchmark_inside_the_interval_is_always_similar(v, a, b, bench, pol):
    lower, upper = v - a, v + b
    outcome = benchmark.compare(lower, upper, bench, pol).outcome
    assert (outcome == "similar") == (lower <= bench <= upper)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30))
def test_ranks_run_from_one_to_the_number_of_values(values):
    ranks = benchmark.competition_ranks({str(i): v for i, v in enumerate(values)}, "higher")
    assert min(r.rank for r in ranks.values()) == 1
    assert max(r.rank for r in ranks.values()) <= len(values)


@given(st.lists(st.floats(-1e6, 1e6), min_size=4, max_size=30))
def test_quartile_groups_are_ordered_by_value(values):
    result = benchmark.quantiles({str(i): v for i, v in enumerate(values)})
    ordered = sorted(result.values(), key=lambda q: q.value)
    groups = [q.group for q in ordered]
    assert groups == sorted(groups) and set(groups) <= {1, 2, 3, 4}


def test_a_small_benchmark_carries_a_caution():
    small = benchmark.compare(10, 20, 25, "lower", area_count=50, benchmark_count=300)
    assert small.outcome == "better" and small.caution and "less than ten times" in small.explanation
    big = benchmark.compare(10, 20, 25, "lower", area_count=50, benchmark_count=50_000)
    assert big.caution is None
