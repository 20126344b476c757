from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from joinedup.partnerships.analysis import LeadershipPost, leadership_shares, reports_to

SECTORS = ["local_government", "police", "health", "voluntary", "business"]


@st.composite
def posts(draw):
    n = draw(st.integers(min_value=0, max_value=40))
    result = []
    for i in range(n):
        org = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=6)))
        # An organisation's sector is fixed: councils are ids 1-3 here.
        sector = (
            "" if org is None else ("local_government" if org <= 3 else draw(st.sampled_from(SECTORS[1:])))
        )
        role = draw(st.sampled_from(["chair", "vice_chair", "member", "adviser", "support_officer"]))
        result.append(LeadershipPost(membership_id=i, role=role, organisation_id=org, sector=sector))
    return result


def test_no_posts_means_no_share_rather_than_zero():
    result = leadership_shares([])
    assert result.total_posts == 0
    assert result.share is None
    assert result.per_council == ()


def test_share_counts_chairs_and_vice_chairs_held_by_councils():
    result = leadership_shares(
        [
            LeadershipPost(1, "chair", 10, "local_government"),
            LeadershipPost(2, "vice_chair", 11, "police"),
            LeadershipPost(3, "chair", 10, "local_government"),
            LeadershipPost(4, "chair", 12, "local_government"),
            LeadershipPost(5, "member", 10, "local_government"),
        ]
    )
    assert (result.total_posts, result.council_posts) == (4, 3)
    assert result.share == Fraction(3, 4)
    assert [(c.organisation_id, c.posts, c.share) for c in result.per_council] == [
        (10, 2, Fraction(1, 2)),
        (12, 1, Fraction(1, 4)),
    ]


@given(posts())
def test_share_is_between_zero_and_one(sample):
    result = leadership_shares(sample)
    if result.total_posts:
        assert 0 <= result.share <= 1
    else:
        assert result.share is None


@given(posts())
def test_council_shares_add_up_to_the_total_share(sample):
    result = leadership_shares(sample)
    assert sum(c.posts for c in result.per_council) == result.council_posts
    if result.total_posts:
        assert sum((c.share for c in result.per_council), Fraction(0)) == result.share


@given(posts())
def test_only_chair_and_vice_chair_posts_are_counted(sample):
    result = leadership_shares(sample)
    assert result.total_posts == sum(1 for p in sample if p.role in {"chair", "vice_chair"})
    others = [p for p in sample if p.role not in {"chair", "vice_chair"}]
    leaders = [p for p in sample if p.role in {"chair", "vice_chair"}]
    assert leadership_shares(leaders + others) == result


@given(posts())
def test_order_of_posts_does_not_change_the_result(sample):
    assert leadership_shares(list(reversed(sample))) == leadership_shares(sample)


@given(posts())
def test_councils_are_listed_with_the_most_posts_first(sample):
    counts = [c.posts for c in leadership_shares(sample).per_council]
    assert counts == sorted(counts, reverse=True)


# --- reporting lines --------------------------------------------------------------------


def _has_cycle(parents):
    for start in parents:
        seen = set()
        current = start
        while current is not None:
            if current in seen:
                return True
            seen.add(current)
            current = parents.get(current)
    return False


@st.composite
def forests(draw):
    """Reporting lines without cycles: each body reports to nothing or to an earlier body."""
    n = draw(st.integers(min_value=1, max_value=12))
    parents = {1: None}
    for body in range(2, n + 1):
        parents[body] = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=body - 1)))
    return parents


@given(forests(), st.data())
def test_refusing_parents_that_reach_the_body_keeps_the_structure_free_of_cycles(parents, data):
    bodies = list(parents)
    for _ in range(10):
        body = data.draw(st.sampled_from(bodies))
        parent = data.draw(st.one_of(st.none(), st.sampled_from(bodies)))
        if parent is not None and reports_to(parents, start=parent, target=body):
            continue  # the service refuses this change
        parents = {**parents, body: parent}
        assert not _has_cycle(parents)


@given(forests())
def test_every_body_reports_to_its_ancestors_and_not_its_descendants(parents):
    for body, parent in parents.items():
        if parent is not None:
            assert reports_to(parents, start=body, target=parent)
            assert not reports_to(parents, start=parent, target=body)


def test_a_looping_chain_ends_without_reaching_an_unrelated_body():
    assert not reports_to({1: 2, 2: 1, 3: None}, start=1, target=3)
