"""The pure rules behind owners' digests: update-cycle periods and when an action is due."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from joinedup.strategy import owner_cycles

DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 30))
CYCLES = st.sampled_from(owner_cycles.CYCLE_ORDER)
LENGTHS = {"weekly": {7}, "fortnightly": {7, 14}, "monthly": {28, 29, 30, 31}, "quarterly": {90, 91, 92}}


@given(cycle=CYCLES, today=DATES)
def test_a_period_contains_today_and_every_day_of_it_shares_its_key(cycle, today):
    period = owner_cycles.cycle_period(cycle, today)
    assert period.starts_on <= today <= period.ends_on
    assert (period.ends_on - period.starts_on).days + 1 in LENGTHS[cycle]
    assert owner_cycles.cycle_period(cycle, period.starts_on) == period
    assert owner_cycles.cycle_period(cycle, period.ends_on) == period


@given(cycle=CYCLES, today=DATES)
def test_the_day_after_a_period_starts_the_next_one(cycle, today):
    period = owner_cycles.cycle_period(cycle, today)
    following = owner_cycles.cycle_period(cycle, period.ends_on + dt.timedelta(days=1))
    assert following.starts_on == period.ends_on + dt.timedelta(days=1)
    assert following.key != period.key


def test_fortnights_pair_iso_weeks():
    period = owner_cycles.cycle_period("fortnightly", dt.date(2026, 11, 25))  # ISO week 48
    assert (period.key, period.starts_on, period.ends_on) == (
        "fortnightly:2026-W47",
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 29),
    )


def test_the_busiest_cycle_wins():
    assert owner_cycles.shortest_cycle(["quarterly", "monthly", "fortnightly"]) == "fortnightly"


TODAY = dt.date(2026, 11, 25)


def _reason(**overrides):
    values = {
        "today": TODAY,
        "cycle": "monthly",
        "status": "on_track",
        "start": dt.date(2026, 1, 1),
        "due": dt.date(2027, 6, 30),
        "last_update": None,
    }
    values.update(overrides)
    return owner_cycles.due_reason(**values)


def test_an_action_never_updated_is_due():
    assert _reason() == "No update has been recorded yet."


def test_an_action_updated_this_cycle_is_not_due():
    assert _reason(last_update=dt.date(2026, 11, 2)) == ""


def test_an_action_last_updated_before_this_cycle_is_due():
    assert _reason(last_update=dt.date(2026, 10, 31)) == "No update since 31 October 2026."


def test_overdue_and_soon_due_actions_are_due_even_when_updated():
    assert _reason(last_update=TODAY, due=dt.date(2026, 11, 20)).startswith("Overdue")
    assert _reason(last_update=TODAY, due=dt.date(2026, 12, 10)).startswith("Due soon")


def test_closed_and_not_yet_started_actions_are_not_due():
    assert _reason(status="complete") == ""
    assert _reason(status="cancelled", due=dt.date(2026, 1, 2)) == ""
    assert _reason(start=dt.date(2027, 1, 1)) == ""


@given(
    cycle=CYCLES,
    today=DATES,
    status=st.sampled_from(["not_started", "on_track", "at_risk", "off_track", "complete", "cancelled"]),
    last=st.one_of(st.none(), DATES),
)
def test_closed_actions_are_never_due_and_open_overdue_ones_always_are(cycle, today, status, last):
    reason = owner_cycles.due_reason(
        today=today,
        cycle=cycle,
        status=status,
        start=None,
        due=today - dt.timedelta(days=1),
        last_update=last,
    )
    assert bool(reason) == (status not in {"complete", "cancelled"})
