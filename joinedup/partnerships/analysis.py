"""Pure calculations over the partnership's structure (plain values, no ORM).

`leadership_shares` is the report's "council domination" signal: how many of the chair
and vice-chair posts across all bodies are held by people representing local-government
organisations, in total and per council (Audit Commission 2009, leadership and chair).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

LOCAL_GOVERNMENT = "local_government"
LEADERSHIP_ROLES = frozenset({"chair", "vice_chair"})


@dataclass(frozen=True)
class LeadershipPost:
    """One current chair or vice-chair post.

    `organisation_id` and `sector` describe the organisation the post holder represents
    (None and "" when they represent none).
    """

    membership_id: int
    role: str
    organisation_id: int | None
    sector: str


@dataclass(frozen=True)
class CouncilShare:
    organisation_id: int
    posts: int
    share: Fraction


@dataclass(frozen=True)
class LeadershipShares:
    total_posts: int
    council_posts: int
    share: Fraction | None  # None when there are no posts: no share, rather than 0%
    per_council: tuple[CouncilShare, ...]


def is_council_post(post: LeadershipPost) -> bool:
    return post.role in LEADERSHIP_ROLES and post.sector == LOCAL_GOVERNMENT


def leadership_shares(posts: Iterable[LeadershipPost]) -> LeadershipShares:
    """Share of chair and vice-chair posts held by local-government organisations.

    Posts in other roles are ignored. The share per council is over all leadership
    posts (not over council posts), so the councils' shares add up to the total share.
    Councils are listed with the most posts first, then by id for a stable order.
    """
    leadership = [p for p in posts if p.role in LEADERSHIP_ROLES]
    total = len(leadership)
    counts: dict[int, int] = {}
    council_posts = 0
    for post in leadership:
        if post.sector != LOCAL_GOVERNMENT:
            continue
        council_posts += 1
        if post.organisation_id is not None:
            counts[post.organisation_id] = counts.get(post.organisation_id, 0) + 1
    per_council = tuple(
        CouncilShare(organisation_id=org_id, posts=n, share=Fraction(n, total))
        for org_id, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    return LeadershipShares(
        total_posts=total,
        council_posts=council_posts,
        share=Fraction(council_posts, total) if total else None,
        per_council=per_council,
    )


def reports_to(parents: Mapping[int, int | None], *, start: int, target: int) -> bool:
    """Does the chain of reporting lines from `start` reach `target` (or is it `target`)?

    `parents` maps each body to the body it reports to. Used to refuse a parent that would
    make a cycle: a body may not report to anything that already reports to it. A chain
    that loops without reaching `target` (bad data) ends rather than running forever.
    """
    seen: set[int] = set()
    current: int | None = start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


# --- headline area ------------------------------------------------------------------------------


def headline_first(area_ids: Sequence[int], chosen: int | None) -> list[int]:
    """The partnership's own areas (`area_ids`, by name) with its headline area first.

    The headline area is the one its admins chose (`chosen`) when that is still one of its
    areas; unset (or no longer one of them), it is the partnership's area if it has only one,
    else its first area by name: the order is then left as it is. The other areas keep their
    order. See docs/adr/0028-headline-area.md.
    """
    ids = list(area_ids)
    if chosen is None or chosen not in ids:
        return ids
    return [chosen, *(pk for pk in ids if pk != chosen)]


def is_headline_chosen(area_ids: Sequence[int], chosen: int | None) -> bool:
    """Whether the headline area is the admins' choice rather than the default rule's."""
    return chosen is not None and chosen in area_ids
