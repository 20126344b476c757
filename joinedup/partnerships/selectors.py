from __future__ import annotations

from django.db.models import Case, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from joinedup.core.audit import history_for_all
from joinedup.partnerships.models import Area, Body, Layer, Membership, MembershipRole, Partnership, Seat


def partnerships_for_user(user) -> QuerySet[Partnership]:
    """Partnerships the user holds an active role in (support grants are not listed)."""
    return Partnership.objects.filter(roles__user=user, roles__is_active=True).order_by("name").distinct()


def search_areas(query: str, limit: int = 20) -> list[Area]:
    """Areas of the reference geography matching a name (start or part), a GSS or mySociety
    code, or an alternative name. Current areas come before ended or planned ones, then
    exact codes, then names that start with the query. Global data: not tenant-scoped."""
    q = " ".join(query.split())
    if not q:
        return []
    today = timezone.localdate()
    matches = (
        Area.objects.filter(
            Q(code__iexact=q)
            | Q(registry_code__iexact=q)
            | Q(name__icontains=q)
            | Q(official_name__icontains=q)
            | Q(alt_names__icontains=q)
        )
        .annotate(
            rank=Case(
                When(Q(code__iexact=q) | Q(registry_code__iexact=q), then=Value(0)),
                When(name__iexact=q, then=Value(1)),
                When(name__istartswith=q, then=Value(2)),
                When(name__icontains=q, then=Value(3)),
                default=Value(4),
            ),
            not_current=Case(
                When(Q(end_date__isnull=False, end_date__lte=today) | Q(start_date__gt=today), then=Value(1)),
                default=Value(0),
            ),
        )
        .select_related("parent")
        .order_by("not_current", "rank", "name", "code")
    )
    return list(matches[:limit])
# --- structure: bodies, seats and memberships ----------------------------------------------
# Each selector runs a fixed number of queries, whatever the number of bodies or members, and
# reaches seats and memberships through the partnership's bodies.


def _current(memberships) -> list[Membership]:
    return [m for m in memberships if m.end_date is None]


def structure_bodies(partnership: Partnership) -> list[Body]:
    """Every body of the partnership with its seats (`seat_list`) and current memberships
    (`current_memberships`, with person, organisation represented and seat)."""
    bodies = list(
        partnership.bodies.select_related("parent").prefetch_related(
            "seats__organisation", "memberships__person", "memberships__represents", "memberships__seat"
        )
    )
    for body in bodies:
        body.seat_list = list(body.seats.all())  # type: ignore[attr-defined]
        body.current_memberships = _current(body.memberships.all())  # type: ignore[attr-defined]
    return bodies


LEADERSHIP_ROLES = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR)


def current_leadership_posts(partnership: Partnership) -> list[Membership]:
    """Current chair and vice-chair memberships across all the partnership's bodies."""
    return leadership_posts_in(structure_bodies(partnership))


def leadership_posts_in(bodies: list[Body]) -> list[Membership]:
    """The current chairs and vice-chairs of bodies from `structure_bodies`, by layer and
    body name (each membership's `body` is set, so reading it runs no query)."""
    posts = []
    for body in bodies:
        for membership in body.current_memberships:  # type: ignore[attr-defined]
            if membership.role in LEADERSHIP_ROLES:
                membership.body = body
                posts.append(membership)
    layer_order = {value: i for i, (value, _label) in enumerate(Layer.choices)}
    posts.sort(
        key=lambda m: (layer_order.get(m.body.layer, 99), m.body.name.lower(), m.role, m.person.full_name)
    )
    return posts


def body_in(partnership: Partnership, body_id: int) -> Body:
    return get_object_or_404(partnership.bodies.select_related("parent", "terms_document"), pk=body_id)


def body_page(partnership: Partnership, body_id: int) -> Body:
    """A body with its seats (`seat_list`), all its memberships, past and present
    (`membership_list`, current first), and the bodies reporting to it (`child_list`)."""
    queryset = partnership.bodies.select_related("parent", "terms_document").prefetch_related(
        "seats__organisation",
        "memberships__person",
        "memberships__represents",
        "memberships__seat",
        "children",
    )
    body = get_object_or_404(queryset, pk=body_id)
    body.seat_list = list(body.seats.all())  # type: ignore[attr-defined]
    memberships = list(body.memberships.all())
    memberships.sort(
        key=lambda m: (m.end_date is not None, m.end_date or m.start_date, m.role, m.person.full_name)
    )
    body.membership_list = memberships  # type: ignore[attr-defined]
    body.child_list = sorted(body.children.all(), key=lambda b: b.name.lower())  # type: ignore[attr-defined]
    return body


def seat_in(partnership: Partnership, seat_id: int) -> Seat:
    body = partnership.bodies.filter(seats__pk=seat_id).first()
    if body is None:
        raise Http404("No such seat")
    return get_object_or_404(body.seats.select_related("body", "organisation"), pk=seat_id)


def membership_in(partnership: Partnership, membership_id: int) -> Membership:
    body = partnership.bodies.filter(memberships__pk=membership_id).first()
    if body is None:
        raise Http404("No such membership")
    return get_object_or_404(
        body.memberships.select_related("body", "person", "seat", "represents"), pk=membership_id
    )


def body_history(body: Body):
    """The audit entries about a body and about its seats and memberships, newest first."""
    targets = [body, *body.seats.all(), *body.memberships.all()]
    return history_for_all(targets, partnership_id=body.partnership_id)
