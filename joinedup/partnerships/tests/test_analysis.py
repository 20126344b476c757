from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from joinedup.partnerships.analysis import LeadershipPost, leadership_shares

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
