"""The computed RAG of an action (joinedup.strategy.analysis.action_rag), ADR 0016."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from joinedup.strategy import analysis
from joinedup.strategy.analysis import Thresholds, action_rag

START = dt.date(2026, 1, 1)
DUE = dt.date(2026, 12, 31)
OPEN_STATUSES = [analysis.NOT_STARTED, analysis.ON_TRACK, analysis.AT_RISK, analysis.OFF_TRACK]
RANK = {analysis.GREEN: 0, analysis.AMBER: 1, analysis.RED: 2}

dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2032, 12, 31))
percents = st.integers(min_value=0, max_value=100)
open_status = st.sampled_from(OPEN_STATUSES)


@st.composite
def thresholds(draw) -> Thresholds:
    amber = draw(st.integers(min_value=0, max_value=99))
    red = draw(st.integers(min_value=amber + 1, max_value=100))
    return Thresholds(amber=amber, red=red)


@st.composite
def periods(draw) -> tuple[dt.date, dt.date]:
    start = draw(dates)
    length = draw(st.integers(min_value=0, max_value=2000))
    return start, start + dt.timedelta(days=length)


def test_the_briefs_example_is_red_with_its_numbers_in_words():
    # 70% of a 100-day span gone, 42% complete: 28 points behind.
    start = dt.date(2026, 1, 1)
    rag = action_rag(
        today=start + dt.timedelta(days=70),
        start=start,
        due=start + dt.timedelta(days=100),
        percent=42,
        status=analysis.ON_TRACK,
        thresholds=Thresholds(amber=10, red=20),
    )
    assert rag.result == analysis.RED
    assert rag.reason == (
        "42% complete with 70% of the time gone: 28 points behind, more than the 20-point red threshold."
    )


def test_between_the_thresholds_is_amber():
    start = dt.date(2026, 1, 1)
    rag = action_rag(
        today=start + dt.timedelta(days=50),
        start=start,
        due=start + dt.timedelta(days=100),
        percent=35,
        status=analysis.ON_TRACK,
    )
    assert rag.result == analysis.AMBER
    assert "15 points behind" in rag.reason


def test_exactly_on_the_red_threshold_is_amber_not_red():
    start = dt.date(2026, 1, 1)
    rag = action_rag(
        today=start + dt.timedelta(days=50),
        start=start,
        due=start + dt.timedelta(days=100),
        percent=30,
        status=analysis.ON_TRACK,
        thresholds=Thresholds(amber=10, red=20),
    )
    assert rag.result == analysis.AMBER


def test_overdue_and_not_complete_is_red_with_that_reason():
    rag = action_rag(today=dt.date(2027, 1, 10), start=START, due=DUE, percent=95, status=analysis.ON_TRACK)
    assert rag.result == analysis.RED
    assert rag.reason.startswith("Overdue: it was due on 31 December 2026 (10 days ago)")


def test_not_started_before_its_start_is_green():
    rag = action_rag(today=dt.date(2025, 12, 1), start=START, due=DUE, percent=0, status=analysis.NOT_STARTED)
    assert rag.result == analysis.GREEN
    assert "Not due to start until 1 January 2026" in rag.reason


def test_without_dates_it_is_not_rated():
    rag = action_rag(today=START, start=None, due=DUE, percent=0, status=analysis.ON_TRACK)
    assert rag.result == analysis.NOT_RATED
    assert not rag.is_coloured


def test_thresholds_must_be_ordered():
    for amber, red in [(20, 20), (30, 20), (-1, 20), (10, 101)]:
        try:
            Thresholds(amber=amber, red=red)
        except ValueError:
            continue
        raise AssertionError(f"Thresholds({amber}, {red}) was accepted")


@given(
    today=dates,
    period=periods(),
    percent=percents,
    limits=thresholds(),
    status=st.sampled_from([analysis.COMPLETE, analysis.CANCELLED]),
)
def test_complete_and_cancelled_actions_are_never_coloured(today, period, percent, limits, status):
    rag = action_rag(
        today=today, start=period[0], due=period[1], percent=percent, status=status, thresholds=limits
    )
    assert not rag.is_coloured
    assert rag.result == status


@given(today=dates, period=periods(), low=percents, high=percents, limits=thresholds(), status=open_status)
def test_more_progress_never_makes_the_colour_worse(today, period, low, high, limits, status):
    low, high = sorted((low, high))
    worse = action_rag(
        today=today, start=period[0], due=period[1], percent=low, status=status, thresholds=limits
    )
    better = action_rag(
        today=today, start=period[0], due=period[1], percent=high, status=status, thresholds=limits
    )
    assert RANK[better.result] <= RANK[worse.result]


@given(early=dates, later=dates, period=periods(), percent=percents, limits=thresholds(), status=open_status)
def test_time_passing_never_makes_the_colour_better(early, later, period, percent, limits, status):
    early, later = sorted((early, later))
    before = action_rag(
        today=early, start=period[0], due=period[1], percent=percent, status=status, thresholds=limits
    )
    after = action_rag(
        today=later, start=period[0], due=period[1], percent=percent, status=status, thresholds=limits
    )
    assert RANK[after.result] >= RANK[before.result]


@given(today=dates, period=periods(), percent=percents, limits=thresholds(), status=open_status)
def test_open_dated_actions_are_always_coloured_and_explained(today, period, percent, limits, status):
    rag = action_rag(
        today=today, start=period[0], due=period[1], percent=percent, status=status, thresholds=limits
    )
    assert rag.is_coloured
    assert rag.reason
    if today > period[1]:
        assert rag.result == analysis.RED
        assert rag.reason.startswith("Overdue")


@st.composite
def days_within(draw) -> tuple[dt.date, dt.date, dt.date]:
    start, due = draw(periods())
    today = start + dt.timedelta(days=draw(st.integers(min_value=0, max_value=(due - start).days)))
    return start, due, today


@given(within=days_within(), percent=percents, limits=thresholds(), status=open_status)
def test_the_colour_follows_the_points_behind_and_the_thresholds(within, percent, limits, status):
    start, due, today = within
    rag = action_rag(today=today, start=start, due=due, percent=percent, status=status, thresholds=limits)
    # Worked out here from the dates, not read back from the rule: percent of the time gone
    # (all of it when start and due are the same day) less percent complete.
    span = (due - start).days
    elapsed = Fraction((today - start).days, span) if span else Fraction(1)
    behind = elapsed * 100 - percent
    assert rag.points_behind == behind
    expected = (
        analysis.RED if behind > limits.red else analysis.AMBER if behind > limits.amber else analysis.GREEN
    )
    assert rag.result == expected


def test_reported_on_track_but_computed_red_is_flagged():
    rag = action_rag(today=dt.date(2027, 2, 1), start=START, due=DUE, percent=50, status=analysis.ON_TRACK)
    assert analysis.disagreement(status=analysis.ON_TRACK, rag=rag) == "Reported on track, computed red"


def test_reported_off_track_but_computed_green_is_flagged():
    rag = action_rag(today=dt.date(2026, 2, 1), start=START, due=DUE, percent=50, status=analysis.OFF_TRACK)
    assert analysis.disagreement(status=analysis.OFF_TRACK, rag=rag) == "Reported off track, computed green"


def test_matching_report_and_complete_actions_are_not_flagged():
    green = action_rag(today=dt.date(2026, 2, 1), start=START, due=DUE, percent=50, status=analysis.ON_TRACK)
    assert analysis.disagreement(status=analysis.ON_TRACK, rag=green) == ""
    done = action_rag(today=dt.date(2027, 2, 1), start=START, due=DUE, percent=10, status=analysis.COMPLETE)
    assert analysis.disagreement(status=analysis.COMPLETE, rag=done) == ""


def test_an_action_with_no_update_within_its_cycle_is_stale():
    today = dt.date(2026, 5, 1)
    stale = analysis.is_stale(
        today=today, last_update=dt.date(2026, 3, 1), start=START, cycle="monthly", status=analysis.ON_TRACK
    )
    fresh = analysis.is_stale(
        today=today, last_update=dt.date(2026, 4, 20), start=START, cycle="monthly", status=analysis.ON_TRACK
    )
    done = analysis.is_stale(
        today=today, last_update=dt.date(2026, 1, 2), start=START, cycle="monthly", status=analysis.COMPLETE
    )
    assert (stale, fresh, done) == (True, False, False)


def test_an_action_never_updated_is_stale_one_cycle_after_it_starts():
    kwargs = {"last_update": None, "start": START, "cycle": "monthly", "status": analysis.NOT_STARTED}
    assert not analysis.is_stale(today=dt.date(2026, 1, 30), **kwargs)
    assert analysis.is_stale(today=dt.date(2026, 2, 5), **kwargs)


def test_rollup_counts_by_status_and_by_rag_not_one_worst_colour():
    facts = [
        analysis.ActionFacts(status=analysis.ON_TRACK, rag=analysis.GREEN),
        analysis.ActionFacts(status=analysis.ON_TRACK, rag=analysis.RED, disagrees=True),
        analysis.ActionFacts(status=analysis.COMPLETE, rag=analysis.COMPLETE),
        analysis.ActionFacts(status=analysis.ON_TRACK, rag=analysis.GREEN),
    ]
    result = analysis.rollup(facts)
    assert result.total == 4
    assert dict((code, n) for code, _, n in result.status_counts())[analysis.ON_TRACK] == 3
    assert dict((code, n) for code, _, n in result.rag_counts()) == {
        analysis.RED: 1,
        analysis.AMBER: 0,
        analysis.GREEN: 2,
        analysis.NOT_RATED: 0,
        analysis.COMPLETE: 1,
        analysis.CANCELLED: 0,
    }
    assert result.disagreements == 1


@given(
    st.lists(st.tuples(st.sampled_from(list(analysis.STATUS_LABELS)), st.sampled_from(analysis.RAG_ORDER)))
)
def test_rollup_counts_add_up_to_the_total(pairs):
    result = analysis.rollup(analysis.ActionFacts(status=s, rag=r) for s, r in pairs)
    assert result.total == len(pairs)
    assert sum(n for _, _, n in result.status_counts()) == len(pairs)
    assert sum(n for _, _, n in result.rag_counts()) == len(pairs)
