"""RAG against a target with tolerance and polarity, RAG history, and the honest status."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.periods import Period
from joinedup.performance.analysis import benchmark
from joinedup.performance.analysis.rag import honest_status, rag, rag_history


@pytest.mark.parametrize(
    "value, target, pol, tol, kind, status",
    [
        (80, 80, "higher", 0, "absolute", "green"),
        (81, 80, "higher", 0, "absolute", "green"),
        (78, 80, "higher", 2, "absolute", "amber"),
        (77.9, 80, "higher", 2, "absolute", "red"),
        (76, 80, "higher", 5, "percent", "amber"),  # 5% of 80 = 4
        (75.9, 80, "higher", 5, "percent", "red"),
        (9, 10, "lower", 0, "absolute", "green"),
        (10.5, 10, "lower", 10, "percent", "amber"),
        (11.5, 10, "lower", 10, "percent", "red"),
    ],
)
def test_rag_applies_tolerance_and_polarity(value, target, pol, tol, kind, status):
    assert rag(value, target, pol, tolerance=tol, tolerance_kind=kind).status == status


def test_no_target_value_or_polarity_is_not_rated():
    assert rag(None, 10, "higher").status == "not_rated"
    assert rag(5, None, "higher").status == "not_rated"
    assert rag(5, 10, "none").status == "not_rated"


def test_rag_explains_the_rule():
    r = rag(76, 80, "higher", tolerance=5, tolerance_kind="percent")
    assert "5% of the target (= 4)" in r.explanation and "amber" in r.explanation
    assert r.shortfall == 4 and r.label == "Just off target"


def test_rag_history_is_in_period_order_each_against_its_own_target():
    history = rag_history(
        [(Period.calendar_year(2024), 90, 85), (Period.calendar_year(2023), 70, 80)], "higher", tolerance=5
    )
    assert [h.period.year for h in history] == [2023, 2024]
    assert [h.rag.status for h in history] == ["red", "green"]


def test_honest_status_on_target_but_significantly_worse():
    on_target = rag(12, 15, "lower")
    worse = benchmark.compare(11, 13, 10, "lower", benchmark_name="similar areas")
    status = honest_status(on_target, worse)
    assert status.sentence == "On target but significantly worse than similar areas"
    assert "Target:" in status.explanation and "Benchmark:" in status.explanation


def test_honest_status_other_combinations():
    better = benchmark.compare(5, 8, 10, "lower", benchmark_name="England")
    assert (
        honest_status(rag(20, 15, "lower"), better).sentence
        == "Off target but significantly better than England"
    )
    similar = benchmark.compare(9, 11, 10, "lower", benchmark_name="England")
    assert honest_status(rag(9, 15, "lower"), similar).sentence == (
        "On target and not significantly different from England"
    )
    assert honest_status(rag(9, None, "lower"), None).sentence == "Not rated and not compared"


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(0, 1e3))
def test_a_met_target_is_green_whatever_the_tolerance(value, target, tol):
    hi = rag(value, target, "higher", tolerance=tol).status
    assert (hi == "green") == (value >= target)
    lo = rag(value, target, "lower", tolerance=tol).status
    assert (lo == "green") == (value <= target)
