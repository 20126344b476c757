"""The pure rules of targets: trajectories, which target applied when, who may approve."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.periods import Period
from joinedup.performance.targets import (
    ChangeFact,
    linear_values,
    may_approve,
    target_applying,
    target_history,
    tolerance_amount,
    trajectory,
)

values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
step_counts = st.integers(min_value=1, max_value=40)
places = st.none() | st.integers(min_value=0, max_value=4)


@given(start=values, end=values, steps=step_counts, decimal_places=places)
def test_linear_values_are_monotone_between_the_ends(start, end, steps, decimal_places):
    line = linear_values(start, end, steps, decimal_places=decimal_places)
    pairs = list(itertools.pairwise(line))
    if end >= start:
        assert all(a <= b for a, b in pairs)
    else:
        assert all(a >= b for a, b in pairs)
    assert all(min(start, end) <= v <= max(start, end) for v in line)


@given(start=values, end=values, steps=step_counts, decimal_places=places)
def test_linear_values_keep_both_ends_exactly(start, end, steps, decimal_places):
    line = linear_values(start, end, steps, decimal_places=decimal_places)
    assert len(line) == steps + 1
    assert line[0] == start
    assert line[-1] == end


@given(first=st.integers(2000, 2050), length=st.integers(1, 15), baseline=values, final=values)
def test_trajectory_has_one_target_per_period_after_the_baseline_ending_exactly_at_the_final_target(
    first, length, baseline, final
):
    steps = trajectory(
        baseline_period=Period.financial_year(first),
        baseline_value=baseline,
        final_period=Period.financial_year(first + length),
        final_value=final,
    )
    assert [s.period for s in steps] == [Period.financial_year(first + n) for n in range(1, length + 1)]
    assert steps[-1].value == final
    line = [baseline, *(s.value for s in steps)]
    assert all(a <= b for a, b in itertools.pairwise(line)) or all(
        a >= b for a, b in itertools.pairwise(line)
    )


def test_trajectory_is_linear_and_rounded_to_the_indicators_places():
    steps = trajectory(
        baseline_period=Period.calendar_year(2020),
        baseline_value=100,
        final_period=Period.calendar_year(2023),
        final_value=90,
        decimal_places=1,
    )
    assert [(s.period.code, s.value) for s in steps] == [("2021", 96.7), ("2022", 93.3), ("2023", 90)]


def test_trajectory_needs_the_final_period_after_the_baseline():
    with pytest.raises(ValueError, match="must come after"):
        trajectory(
            baseline_period=Period.calendar_year(2024),
            baseline_value=1,
            final_period=Period.calendar_year(2024),
            final_value=2,
        )


def test_trajectory_refuses_periods_of_different_kinds():
    with pytest.raises(ValueError, match="different kinds"):
        trajectory(
            baseline_period=Period.calendar_year(2020),
            baseline_value=1,
            final_period=Period.financial_year(2024),
            final_value=2,
        )


def at(day: int) -> dt.datetime:
    return dt.datetime(2026, 1, day, 12, tzinfo=dt.UTC)


def test_target_applying_after_two_approved_changes_and_a_rejected_one():
    first = ChangeFact(status="approved", proposed={"value": 50}, decided_at=at(5))
    rejected = ChangeFact(status="rejected", proposed={"value": 10}, decided_at=at(10))
    second = ChangeFact(status="approved", proposed={"value": 45}, decided_at=at(15))
    pending = ChangeFact(status="proposed", proposed={"value": 1})
    changes = [second, pending, rejected, first]

    assert target_applying(changes, at(1)) is None
    assert target_applying(changes, at(5)) is first
    assert target_applying(changes, at(12)) is first  # the rejection never applied
    assert target_applying(changes, at(15)) is second
    assert target_applying(changes, at(30)) is second


def test_target_history_runs_each_approved_value_until_the_next_approval_newest_first():
    first = ChangeFact(status="approved", proposed={"value": 50}, decided_at=at(5))
    rejected = ChangeFact(status="rejected", proposed={"value": 10}, decided_at=at(10))
    second = ChangeFact(status="approved", proposed={"value": 45}, decided_at=at(15))
    lines = target_history([first, rejected, second])
    assert [(line.value, line.applied_from, line.applied_to) for line in lines] == [
        (45, at(15), None),
        (50, at(5), at(15)),
    ]


@pytest.mark.parametrize(
    ("role", "needed", "allowed"),
    [
        ("admin", ["admin"], True),
        ("admin", ["scrutiny"], True),
        ("editor", ["admin"], False),
        ("editor", ["editor"], True),
        ("editor", ["member"], True),
        ("member", ["editor"], False),
        ("scrutiny", ["scrutiny"], True),
        ("member", ["scrutiny"], False),
        ("viewer", ["viewer"], True),
        ("editor", ["editor", "admin"], False),
        ("support", ["viewer"], False),
        (None, ["viewer"], False),
    ],
)
def test_may_approve_needs_the_approver_role_or_a_higher_one_and_admins_always_may(role, needed, allowed):
    assert may_approve(role, needed) is allowed


def test_tolerance_as_a_percentage_of_the_target():
    assert tolerance_amount(target=200, tolerance=5, kind="percent") == 10
    assert tolerance_amount(target=200, tolerance=5, kind="absolute") == 5
    assert tolerance_amount(target=200, tolerance=None, kind="absolute") is None
