"""The forecast's period positions are the counts `periods_between` gives (worked out directly)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.periods import Period, periods_between
from joinedup.performance.analysis.forecast import _position

KINDS = [
    lambda y, n: Period.month(y, n % 12 + 1),
    lambda y, n: Period.quarter(y, n % 4 + 1),
    lambda y, n: Period.financial_quarter(y, n % 4 + 1),
    lambda y, n: Period.calendar_year(y),
    lambda y, n: Period.financial_year(y),
    lambda y, n: Period.academic_year(y),
    lambda y, n: Period.calendar_years(y, y + 2),
]


@given(
    kind=st.sampled_from(KINDS),
    a=st.tuples(st.integers(2000, 2030), st.integers(0, 11)),
    b=st.tuples(st.integers(2000, 2030), st.integers(0, 11)),
)
def test_position_is_the_number_of_steps_between_periods_of_one_kind(kind, a, b):
    first, period = kind(*a), kind(*b)
    if period < first:
        expected = -(len(periods_between(period, first)) - 1)
    else:
        expected = len(periods_between(first, period)) - 1
    assert _position(first, period) == expected
