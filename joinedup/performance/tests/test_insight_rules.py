"""Which bodies are higher than another, which layers see only exceptions, and how a variance
reads: pure rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from joinedup.performance.escalation_rules import (
    BodyFact,
    ancestors,
    higher_bodies,
    is_higher,
    shows_exceptions_only,
    variance_words,
)

FORUM = BodyFact(1, "strategic")
BOARD = BodyFact(2, "executive", parent_id=1)
GROUP = BodyFact(3, "thematic", parent_id=2)
OTHER_GROUP = BodyFact(4, "thematic", parent_id=None)
SUB_GROUP = BodyFact(5, "thematic", parent_id=3)  # a task group reporting to a thematic group
ALL = [FORUM, BOARD, GROUP, OTHER_GROUP, SUB_GROUP]


def test_the_bodies_a_body_reports_to_are_higher_nearest_first():
    assert ancestors(SUB_GROUP, ALL) == [3, 2, 1]
    assert is_higher(GROUP, SUB_GROUP, ALL)  # same layer, but it reports to it


def test_a_more_senior_layer_is_higher_even_outside_the_chain():
    assert is_higher(BOARD, OTHER_GROUP, ALL)
    assert is_higher(FORUM, BOARD, ALL)


def test_a_peer_or_junior_body_is_not_higher():
    assert not is_higher(OTHER_GROUP, GROUP, ALL)
    assert not is_higher(GROUP, BOARD, ALL)
    assert not is_higher(BOARD, BOARD, ALL)


def test_without_a_from_body_strategic_and_executive_bodies_are_higher():
    assert higher_bodies(None, ALL) == [1, 2]


def test_a_loop_in_the_parent_chain_ends_the_chain():
    a, b = BodyFact(1, "thematic", parent_id=2), BodyFact(2, "thematic", parent_id=1)
    assert ancestors(a, [a, b]) == [2]
    assert not is_higher(a, a, [a, b])


layers = st.sampled_from(["strategic", "executive", "thematic"])


@st.composite
def structures(draw):
    n = draw(st.integers(1, 8))
    bodies = []
    for pk in range(1, n + 1):
        parent = draw(st.one_of(st.none(), st.integers(1, n)))
        bodies.append(BodyFact(pk, draw(layers), parent_id=parent if parent != pk else None))
    return bodies


@given(structures())
def test_no_body_is_ever_higher_than_itself(bodies):
    for body in bodies:
        assert body.pk not in higher_bodies(body, bodies)


@given(structures())
def test_every_body_a_body_reports_to_is_higher_and_strategic_outranks_thematic(bodies):
    for body in bodies:
        higher = higher_bodies(body, bodies)
        assert set(ancestors(body, bodies)) <= set(higher) | {body.pk}
        if body.layer == "thematic":
            assert all(b.pk in higher for b in bodies if b.layer == "strategic")


def test_strategic_and_executive_layers_see_only_exceptions():
    assert shows_exceptions_only("strategic") and shows_exceptions_only("executive")
    assert not shows_exceptions_only("thematic")


def test_variance_against_target_then_benchmark():
    assert variance_words(59.0, 75.0, 1) == "59.0: 16.0 below the target of 75.0"
    assert variance_words(80.25, 75.0, 2) == "80.25: 5.25 above the target of 75.00"
    assert variance_words(70.0, None, 1, ("England", 75.0)) == "70.0: 5.0 below England (75.0)"
    assert variance_words(None, 75.0) == ""
