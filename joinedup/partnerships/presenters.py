"""What partnership pages show, built from models. Templates only lay these out.

Grouped by page area; keep each area's functions together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.urls import reverse

from joinedup.partnerships import statutory
from joinedup.partnerships.analysis import LeadershipPost, LeadershipShares, leadership_shares
from joinedup.partnerships.models import (
    Body,
    Layer,
    Membership,
    MembershipRole,
    Partnership,
    Seat,
    Sector,
)

# --- structure ------------------------------------------------------------------------------


def percent(share: Fraction | None) -> str:
    """A share as a whole percentage, or "no posts" when there is nothing to share."""
    if share is None:
        return "no posts"
    return f"{round(share * 100)}%"


def describe_holder(membership: Membership) -> str:
    """ "Jane Smith (Oxford City Council, Local government)", for tables and trees."""
    org = membership.represents
    if org is None:
        return membership.person.full_name
    return f"{membership.person.full_name} ({org.name}, {org.get_sector_display()})"


@dataclass
class TreeNode:
    body: Body
    url: str
    member_count: int
    seat_count: int
    empty_seat_count: int
    chairs: list[str]
    vice_chairs: list[str]
    reports_to: Body | None
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class LayerSection:
    key: str
    label: str
    roots: list[TreeNode]
    body_count: int


def structure_tree(partnership: Partnership, bodies: Sequence[Body]) -> list[LayerSection]:
    """The three layers, each with its bodies nested under the body they report to when
    that body is in the same layer; a body reporting to another layer says so instead.

    `bodies` come from `selectors.structure_bodies` (seats and current memberships loaded).
    """
    nodes: dict[int, TreeNode] = {}
    for body in bodies:
        current = [m for m in body.current_memberships]  # type: ignore[attr-defined]
        held = {m.seat_id for m in current if m.seat_id and not m.is_deputy}
        seats = body.seat_list  # type: ignore[attr-defined]
        nodes[body.pk] = TreeNode(
            body=body,
            url=reverse("partnerships:body_detail", kwargs={"slug": partnership.slug, "body_id": body.pk}),
            member_count=sum(1 for m in current if not m.is_deputy),
            seat_count=len(seats),
            empty_seat_count=sum(1 for s in seats if s.pk not in held),
            chairs=[
                describe_holder(m) for m in current if m.role == MembershipRole.CHAIR and not m.is_deputy
            ],
            vice_chairs=[
                describe_holder(m) for m in current if m.role == MembershipRole.VICE_CHAIR and not m.is_deputy
            ],
            reports_to=body.parent,
        )
    sections = []
    for layer, label in Layer.choices:
        roots = []
        in_layer = [n for n in nodes.values() if n.body.layer == layer]
        for node in sorted(in_layer, key=lambda n: n.body.name.lower()):
            parent = nodes.get(node.body.parent_id) if node.body.parent_id else None
            if parent is not None and parent.body.layer == layer and not _loops(node, nodes):
                parent.children.append(node)
            else:
                roots.append(node)
        sections.append(LayerSection(key=layer, label=label, roots=roots, body_count=len(in_layer)))
    return sections


def _loops(node: TreeNode, nodes: dict[int, TreeNode]) -> bool:
    # Services prevent cycles; this guard keeps a corrupted row from hiding bodies.
    seen = {node.body.pk}
    current = node.body.parent_id
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        parent = nodes.get(current)
        current = parent.body.parent_id if parent else None
    return False


def leadership_posts(memberships: Iterable[Membership]) -> list[LeadershipPost]:
    return [
        LeadershipPost(
            membership_id=m.pk,
            role=m.role,
            organisation_id=m.represents_id,
            sector=m.represents.sector if m.represents is not None else "",
        )
        for m in memberships
        if not m.is_deputy
    ]


@dataclass
class CouncilFigure:
    name: str
    posts: int
    share: str
    url: str


@dataclass
class LeadershipFigures:
    total_posts: int
    council_posts: int
    share: str
    url: str
    per_council: list[CouncilFigure]


def leadership_figures(partnership: Partnership, memberships: Sequence[Membership]) -> LeadershipFigures:
    """The council-domination signal for the structure page, each figure with its source link."""
    result = leadership_shares(leadership_posts(memberships))
    names = {m.represents_id: m.represents.name for m in memberships if m.represents is not None}
    base = reverse("partnerships:structure_leadership", kwargs={"slug": partnership.slug})
    return LeadershipFigures(
        total_posts=result.total_posts,
        council_posts=result.council_posts,
        share=percent(result.share),
        url=base,
        per_council=[
            CouncilFigure(
                name=names.get(c.organisation_id, "Unknown council"),
                posts=c.posts,
                share=percent(c.share),
                url=f"{base}?council={c.organisation_id}",
            )
            for c in result.per_council
        ],
    )


@dataclass
class PostRow:
    body: Body
    body_url: str
    role: str
    person: str
    organisation: str
    sector: str
    counted_as_council: bool


def leadership_rows(partnership: Partnership, memberships: Iterable[Membership]) -> list[PostRow]:
    return [
        PostRow(
            body=m.body,
            body_url=reverse(
                "partnerships:body_detail", kwargs={"slug": partnership.slug, "body_id": m.body_id}
            ),
            role=m.get_role_display(),
            person=m.person.full_name,
            organisation=m.represents.name if m.represents else "None recorded",
            sector=m.represents.get_sector_display() if m.represents else "None recorded",
            counted_as_council=bool(m.represents and m.represents.sector == "local_government"),
        )
        for m in memberships
        if not m.is_deputy
    ]


def leadership_result(memberships: Sequence[Membership]) -> LeadershipShares:
    return leadership_shares(leadership_posts(memberships))


def statutory_gaps(
    partnership: Partnership, bodies: Iterable[Body]
) -> list[tuple[Body, list[statutory.ExpectedSeat]]]:
    """Statutory bodies that lack a seat the law expects, with the missing seats."""
    gaps = []
    for body in bodies:
        if not body.is_statutory_body:
            continue
        roles = [s.statutory_role for s in body.seat_list]  # type: ignore[attr-defined]
        missing = statutory.missing_statutory_seats(partnership.partnership_type, roles)
        if missing:
            gaps.append((body, missing))
    return gaps


@dataclass
class SeatRow:
    seat: Seat
    belongs_to: str
    kind: str
    voting: str
    statutory: str
    holder: Membership | None
    deputies: list[Membership]


@dataclass
class BodyPage:
    seats: list[SeatRow]
    empty_seats: list[Seat]
    current_members: list[Membership]
    deputies: list[Membership]
    past_members: list[Membership]
    missing_statutory: list[statutory.ExpectedSeat]
    statutory_source_type: str
    quorum: str


def body_page(partnership: Partnership, body: Body) -> BodyPage:
    """Seats with their holder and deputies, empty seats, members and any statutory gap.

    `body` comes from `selectors.body_page` (seats and all memberships loaded).
    """
    memberships = body.membership_list  # type: ignore[attr-defined]
    current = [m for m in memberships if m.end_date is None]
    rows = []
    empty = []
    for seat in body.seat_list:  # type: ignore[attr-defined]
        holder = next((m for m in current if m.seat_id == seat.pk and not m.is_deputy), None)
        deputies = [m for m in current if m.seat_id == seat.pk and m.is_deputy]
        if holder is None:
            empty.append(seat)
        statutory_words = ", ".join(
            w
            for w in (
                statutory.statutory_role_label(seat.statutory_role) if seat.statutory_role else "",
                seat.get_statutory_basis_display() if seat.statutory_basis else "",
            )
            if w
        )
        rows.append(
            SeatRow(
                seat=seat,
                belongs_to=seat.organisation.name if seat.organisation else seat.get_sector_display(),
                kind=seat.get_kind_display(),
                voting="Voting" if seat.is_voting else "Non-voting",
                statutory=statutory_words or "None",
                holder=holder,
                deputies=deputies,
            )
        )
    missing: list[statutory.ExpectedSeat] = []
    if body.is_statutory_body:
        missing = statutory.missing_statutory_seats(
            partnership.partnership_type,
            [s.statutory_role for s in body.seat_list],  # type: ignore[attr-defined]
        )
    return BodyPage(
        seats=rows,
        empty_seats=empty,
        current_members=[m for m in current if not m.is_deputy],
        deputies=[m for m in current if m.is_deputy],
        past_members=[m for m in memberships if m.end_date is not None],
        missing_statutory=missing,
        statutory_source_type=partnership.get_partnership_type_display(),
        quorum=describe_quorum(body),
    )


def describe_quorum(body: Body) -> str:
    """The quorum rule in one sentence."""
    if body.quorum_value is None:
        rule = "No quorum recorded."
    elif body.quorum_kind == "share":
        rule = f"{body.quorum_value}% of voting seats must be present."
    else:
        seats = "seat" if body.quorum_value == 1 else "seats"
        rule = f"{body.quorum_value} voting {seats} must be present."
    sectors = body.quorum_required_sectors or []
    if sectors:
        names = [str(dict(Sector.choices).get(s, s)) for s in sectors]
        rule += f" Someone from each of these sectors must attend: {', '.join(names)}."
    rule += (
        " Members attending remotely count."
        if body.remote_attendance_counts
        else " Members attending remotely do not count."
    )
    return rule
