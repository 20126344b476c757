"""A stale action and an owner's digest read the same calendar periods of the update cycle."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from joinedup.strategy import analysis, owner_cycles

CYCLES = list(owner_cycles.CYCLE_ORDER)
DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31))


def test_stale_means_a_whole_calendar_month_without_an_update_not_31_days():
    # Updated on 31 March; on 1 May all of April went by without one, though only 31 days passed.
    assert analysis.is_stale(
        today=dt.date(2026, 5, 1),
        last_update=dt.date(2026, 3, 31),
        start=None,
        cycle="monthly",
        status=analysis.ON_TRACK,
    )


def test_an_update_earlier_in_the_last_period_keeps_an_action_fresh_for_longer_than_the_cycle():
    # Updated on 1 April; on 30 May it is 59 days on, but April had its update.
    assert not analysis.is_stale(
        today=dt.date(2026, 5, 30),
        last_update=dt.date(2026, 4, 1),
        start=None,
        cycle="monthly",
        status=analysis.ON_TRACK,
    )


def test_a_quarterly_action_is_stale_once_a_whole_quarter_passed_without_an_update():
    kwargs = {"start": None, "cycle": "quarterly", "status": analysis.AT_RISK}
    assert not analysis.is_stale(today=dt.date(2026, 9, 30), last_update=dt.date(2026, 4, 1), **kwargs)
    assert analysis.is_stale(today=dt.date(2026, 10, 1), last_update=dt.date(2026, 6, 30), **kwargs)


def test_owner_cycles_reads_the_one_period_function():
    assert owner_cycles.cycle_period is analysis.cycle_period


@given(
    cycle=st.sampled_from(CYCLES),
    today=DAYS,
    gap=st.integers(min_value=0, max_value=400),
    status=st.sampled_from([analysis.NOT_STARTED, analysis.ON_TRACK, analysis.AT_RISK, analysis.OFF_TRACK]),
)
def test_a_stale_action_is_always_due_an_update_in_its_owners_digest(cycle, today, gap, status):
    last_update = today - dt.timedelta(days=gap)
    stale = analysis.is_stale(today=today, last_update=last_update, start=None, cycle=cycle, status=status)
    due = owner_cycles.due_reason(
        today=today, cycle=cycle, status=status, start=None, due=None, last_update=last_update
    )
    assert not stale or due
    # and stale exactly when the whole period before this one had no update
    previous = analysis.cycle_period(
        cycle, analysis.cycle_period(cycle, today).starts_on - dt.timedelta(days=1)
    )
    assert stale == (last_update < previous.starts_on)
