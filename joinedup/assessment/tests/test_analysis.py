"""The rules of a self-assessment (assessment.analysis) as properties: scoring, spread,
perception gaps, suppression of small groups and maturity. Documented in docs/assessment.md
("Scoring and results rules")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.assessment import analysis
from joinedup.assessment.analysis import (
    DISAGREEMENT_AT,
    DONT_KNOW,
    IN_PLACE,
    LEVELS,
    NOT_IN_PLACE,
    PARTLY,
    MaturityRule,
)

scoring_choices = st.sampled_from([IN_PLACE, PARTLY, NOT_IN_PLACE])
any_choices = st.lists(st.sampled_from(analysis.CHOICES), max_size=60)
means = st.floats(min_value=0, max_value=2, allow_nan=False)
group_counts = st.dictionaries(
    st.sampled_from("abcdefgh"), st.integers(min_value=0, max_value=30), max_size=8
)


# --- scoring -------------------------------------------------------------------------------


def test_the_default_scoring_rule():
    s = analysis.score([IN_PLACE, PARTLY, NOT_IN_PLACE, DONT_KNOW])
    assert s.mean == 1.0 and s.answered == 3 and s.responses == 4
    assert s.distribution == {IN_PLACE: 1, PARTLY: 1, NOT_IN_PLACE: 1, DONT_KNOW: 1}


def test_only_dont_know_gives_no_score():
    s = analysis.score([DONT_KNOW, DONT_KNOW])
    assert s.mean is None and s.spread is None and s.answered == 0 and s.responses == 2


def test_an_unknown_answer_is_refused():
    with pytest.raises(ValueError):
        analysis.score(["maybe"])


@given(any_choices, st.integers(min_value=0, max_value=20))
def test_dont_know_is_excluded_not_counted_as_zero(choices, extra_dont_knows):
    with_more = analysis.score(choices + [DONT_KNOW] * extra_dont_knows)
    assert with_more.mean == analysis.score(choices).mean
    assert with_more.answered == analysis.score(choices).answered


@given(any_choices)
def test_mean_is_within_the_scale(choices):
    s = analysis.score(choices)
    assert s.mean is None or 0 <= s.mean <= analysis.MAX_POINTS
    assert s.spread is None or 0 <= s.spread <= 1.0 + 1e-9  # at most half the 0..2 range


@given(any_choices, st.randoms(use_true_random=False))
def test_score_does_not_depend_on_the_order_of_answers(choices, rnd):
    shuffled = list(choices)
    rnd.shuffle(shuffled)
    a, b = analysis.score(choices), analysis.score(shuffled)
    assert a.distribution == b.distribution and a.answered == b.answered
    assert (a.mean is None) == (b.mean is None) and (a.spread is None) == (b.spread is None)
    if a.mean is not None:
        assert a.mean == pytest.approx(b.mean)
    if a.spread is not None:
        assert a.spread == pytest.approx(b.spread)


# --- spread --------------------------------------------------------------------------------


@given(scoring_choices, st.integers(min_value=2, max_value=50))
def test_spread_is_zero_when_everyone_agrees(choice, n):
    s = analysis.score([choice] * n)
    assert s.spread == 0 and not s.disagree


@given(st.integers(min_value=1, max_value=50))
def test_an_even_split_between_in_place_and_not_in_place_is_disagreement(n):
    s = analysis.score([IN_PLACE] * n + [NOT_IN_PLACE] * n)
    assert s.spread is not None and s.spread >= DISAGREEMENT_AT and s.disagree


def test_a_single_answer_has_no_spread():
    assert analysis.score([IN_PLACE]).spread is None


# --- perceived judgement, evidence, contradiction ------------------------------------------


@given(means, means)
def test_perceived_judgement_rises_with_the_mean(a, b):
    low, high = sorted((a, b))
    rank = analysis.JUDGEMENT_RANK
    assert rank[analysis.perceived(low)] <= rank[analysis.perceived(high)]


def test_evidence_judgement_is_the_lower_median_and_ignores_missing_metrics():
    assert analysis.evidence_judgement(["green", "red", "red"]) == "red"
    assert analysis.evidence_judgement(["green", "red"]) == "red"
    assert analysis.evidence_judgement(["green", None]) == "green"
    assert analysis.evidence_judgement([None]) is None


@given(st.sampled_from(["green", "amber", "red", None]), st.sampled_from(["green", "amber", "red", None]))
def test_contradiction_is_two_steps_apart_either_way(p, e):
    assert analysis.contradiction(p, e) == analysis.contradiction(e, p)
    assert analysis.contradiction(p, e) == ({p, e} == {"green", "red"})


# --- perception gaps -----------------------------------------------------------------------


@given(
    st.dictionaries(
        st.sampled_from("abcdef"),
        st.tuples(st.one_of(st.none(), means), st.integers(min_value=0, max_value=20)),
        max_size=6,
    ),
    st.integers(min_value=1, max_value=8),
)
def test_a_gap_is_between_shown_groups_only_and_never_negative(groups, min_size):
    group_means = {g: m for g, (m, _) in groups.items()}
    counts = {g: n for g, (_, n) in groups.items()}
    gap = analysis.perception_gap(group_means, counts, min_size)
    hidden = analysis.hidden_groups(counts, min_size)
    if gap is None:
        shown = [g for g in groups if g not in hidden and counts[g] > 0 and group_means[g] is not None]
        assert len(shown) < 2
        return
    assert gap.size >= 0
    assert gap.low_group not in hidden and gap.high_group not in hidden
    assert counts[gap.low_group] >= min_size and counts[gap.high_group] >= min_size


def test_the_gap_names_the_lowest_and_highest_groups():
    gap = analysis.perception_gap({"a": 0.5, "b": 1.9, "c": 1.0}, {"a": 6, "b": 7, "c": 8}, 5)
    assert (gap.low_group, gap.high_group) == ("a", "b")
    assert gap.size == pytest.approx(1.4)


# --- suppression ---------------------------------------------------------------------------


@given(group_counts, st.integers(min_value=1, max_value=10))
def test_no_shown_group_is_below_the_minimum(counts, min_size):
    hidden = analysis.hidden_groups(counts, min_size)
    assert all(n == 0 or n >= min_size for g, n in counts.items() if g not in hidden)


@given(group_counts, st.integers(min_value=1, max_value=10))
def test_hidden_groups_cannot_be_worked_out_by_subtraction(counts, min_size):
    """Total minus the shown groups is the hidden groups' total. That must never be one
    group's count, nor a total below the minimum, unless every group with respondents is
    hidden (then it is the breakdown's total, which is shown anyway)."""
    hidden = analysis.hidden_groups(counts, min_size)
    with_respondents = {g for g, n in counts.items() if n > 0}
    if not hidden or hidden >= with_respondents:
        return
    hidden_with_respondents = [g for g in hidden if counts[g] > 0]
    assert len(hidden_with_respondents) >= 2
    assert sum(counts[g] for g in hidden) >= min_size


@given(group_counts, st.integers(min_value=1, max_value=10))
def test_a_shown_breakdown_never_reveals_a_group_below_the_minimum(counts, min_size):
    """With the whole-round minimum, the case the subtraction property leaves out (every group
    hidden, so the total is the hidden groups' total) is safe too: a breakdown is shown only
    where its total reaches the minimum, so the hidden groups together always do."""
    total = sum(counts.values())
    shown = not analysis.results_withheld(total, min_size, anonymous=True, closed=True)
    hidden = [g for g in analysis.hidden_groups(counts, min_size) if counts[g] > 0]
    if shown and hidden:
        assert len(hidden) >= 2 and sum(counts[g] for g in hidden) >= min_size
    if not shown:
        assert total < min_size


def test_results_are_withheld_below_the_minimum_and_while_an_anonymous_round_is_open():
    assert analysis.results_withheld(4, 5, anonymous=False, closed=True) == analysis.TOO_FEW.format(n=5)
    assert analysis.results_withheld(5, 5, anonymous=False, closed=True) == ""
    assert analysis.results_withheld(5, 5, anonymous=False, closed=False) == ""
    assert analysis.results_withheld(50, 5, anonymous=True, closed=False) == analysis.NOT_CLOSED
    assert analysis.results_withheld(50, 5, anonymous=True, closed=True) == ""
    assert analysis.too_few(4, 5) and not analysis.too_few(5, 5)


def test_one_small_group_takes_the_next_smallest_with_it():
    assert analysis.hidden_groups({"a": 2, "b": 6, "c": 9}, 5) == {"a", "b"}


def test_groups_at_the_minimum_are_shown():
    assert analysis.hidden_groups({"a": 5, "b": 5}, 5) == set()


# --- maturity ------------------------------------------------------------------------------


question_means = st.lists(st.one_of(st.none(), means), min_size=1, max_size=8)


@given(question_means, st.lists(st.floats(min_value=0, max_value=2), min_size=8, max_size=8))
def test_maturity_never_falls_when_answers_improve(before, rises):
    after = [None if m is None else min(2.0, m + r) for m, r in zip(before, rises, strict=False)]
    a, b = analysis.maturity(before), analysis.maturity(after)
    if a is None:
        assert b is None
        return
    assert LEVELS.index(a) <= LEVELS.index(b)


@given(question_means)
def test_never_collaboration_while_a_question_is_not_in_place(ms):
    level = analysis.maturity(ms)
    if any(m is not None and analysis.perceived(m) == analysis.RED for m in ms):
        assert level != "collaboration"


def test_the_default_maturity_bounds():
    assert analysis.maturity([0.4]) == "networking"
    assert analysis.maturity([0.5]) == "coordination"
    assert analysis.maturity([1.0]) == "cooperation"
    assert analysis.maturity([1.5]) == "collaboration"
    assert analysis.maturity([2.0, 2.0, 2.0, 0.4]) == "cooperation"  # mean 1.6, capped
    assert analysis.maturity([None]) is None


def test_a_configured_rule_moves_the_bounds_and_the_cap():
    rule = MaturityRule.from_data({"bounds": [0.2, 0.4, 0.6], "cap_level": "coordination"})
    assert analysis.maturity([0.7], rule) == "collaboration"
    assert analysis.maturity([2.0, 0.3], rule) == "coordination"
    assert MaturityRule.from_data(rule.to_data()) == rule


@pytest.mark.parametrize(
    "data", [{"bounds": [1.0, 0.5, 1.5]}, {"bounds": [0.5, 1.0]}, {"cap_level": "partnership"}]
)
def test_a_malformed_maturity_rule_is_refused(data):
    with pytest.raises(ValueError):
        MaturityRule.from_data(data)


# --- shares --------------------------------------------------------------------------------


@given(any_choices)
def test_share_in_place_counts_only_scoring_answers(choices):
    share = analysis.share_in_place(choices)
    assert share.of == analysis.score(choices).answered
    assert share.value is None or 0 <= share.value <= 1
