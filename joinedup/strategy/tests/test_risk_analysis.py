import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.strategy import risk_analysis

scores = st.integers(min_value=1, max_value=5)


@given(scores, scores)
def test_score_is_likelihood_times_impact_and_symmetric(likelihood, impact):
    value = risk_analysis.score(likelihood=likelihood, impact=impact)
    assert value == likelihood * impact == risk_analysis.score(likelihood=impact, impact=likelihood)


@given(scores, scores, scores, scores)
def test_a_higher_score_is_never_in_a_lower_band(l1, i1, l2, i2):
    order = {"low": 0, "medium": 1, "high": 2}
    a, b = l1 * i1, l2 * i2
    if a <= b:
        assert order[risk_analysis.band(a)] <= order[risk_analysis.band(b)]


def test_band_edges():
    assert [risk_analysis.band(s) for s in (1, 4, 5, 12, 15, 25)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
    ]


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_scores_outside_one_to_five_are_refused(bad):
    with pytest.raises(ValueError):
        risk_analysis.score(likelihood=bad, impact=3)


@given(st.integers(min_value=1, max_value=25), st.integers(min_value=1, max_value=25))
def test_change_says_up_down_or_no_change_in_words(previous, current):
    moved = risk_analysis.change(previous=previous, current=current)
    expected = "up" if current > previous else "down" if current < previous else "no change"
    assert moved.direction == expected
    assert str(current) in moved.sentence
    if expected != "no change":
        assert moved.sentence == f"{expected.capitalize()} from {previous} to {current}"


def test_a_risk_never_reviewed_is_new():
    assert risk_analysis.change(previous=None, current=9).sentence == "New: 9, not reviewed yet"


@given(st.lists(st.tuples(scores, scores), max_size=60))
def test_matrix_counts_every_risk_once_in_its_cell(positions):
    rows = risk_analysis.matrix(positions)
    assert [r.likelihood for r in rows] == [5, 4, 3, 2, 1]
    assert all([c.impact for c in r.cells] == [1, 2, 3, 4, 5] for r in rows)
    assert sum(c.count for r in rows for c in r.cells) == len(positions)
    for row in rows:
        for cell in row.cells:
            assert cell.count == positions.count((cell.likelihood, cell.impact))
            assert cell.band == risk_analysis.band(cell.likelihood * cell.impact)


def test_review_is_overdue_only_for_open_risks_past_their_date():
    today = dt.date(2026, 11, 25)
    assert risk_analysis.review_overdue(review_on=dt.date(2026, 11, 24), today=today)
    assert not risk_analysis.review_overdue(review_on=today, today=today)
    assert not risk_analysis.review_overdue(review_on=None, today=today)
    assert not risk_analysis.review_overdue(review_on=dt.date(2026, 1, 1), today=today, closed=True)
