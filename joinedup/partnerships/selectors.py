from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from joinedup.core.audit import history_for
from joinedup.core.models import AuditEntry
from joinedup.partnerships.models import Body, Membership, MembershipRole, Partnership, Seat


def partnerships_for_user(user) -> QuerySet[Partnership]:
    """Partnerships the user holds an active role in (support grants are not listed)."""
    return Partnership.objects.filter(roles__user=user, roles__is_active=True).order_by("name").distinct()


# --- structure: bodies, seats and memberships ----------------------------------------------
# Each selector runs a fixed number of queries, whatever the number of bodies or members.


def structure_bodies(partnership: Partnership) -> list[Body]:
    """Every body of the partnership with its seats (`seat_list`) and current memberships
    (`current_memberships`, with person, organisation represented and seat)."""
    current = (
        Membership.objects.filter(end_date__isnull=True)
        .select_related("person", "represents", "seat")
        .order_by("role", "person__full_name")
    )
    return list(
        partnership.bodies.select_related("parent").prefetch_related(
            Prefetch("seats", queryset=Seat.objects.select_related("organisation"), to_attr="seat_list"),
            Prefetch("memberships", queryset=current, to_attr="current_memberships"),
        )
    )


def current_leadership_posts(partnership: Partnership) -> QuerySet[Membership]:
    """Current chair and vice-chair memberships across all the partnership's bodies."""
    return (
        Membership.objects.filter(
            body__partnership=partnership,
            end_date__isnull=True,
            role__in=[MembershipRole.CHAIR, MembershipRole.VICE_CHAIR],
        )
        .select_related("body", "person", "represents")
        .order_by("body__layer", "body__name", "role", "person__full_name")
    )


def body_in(partnership: Partnership, body_id: int) -> Body:
    return get_object_or_404(partnership.bodies.select_related("parent", "terms_document"), pk=body_id)


def body_page(partnership: Partnership, body_id: int) -> Body:
    """A body with its seats (`seat_list`) and all its memberships, past and present
    (`membership_list`), for the body page."""
    memberships = Membership.objects.select_related("person", "represents", "seat").order_by(
        "end_date", "role", "person__full_name"
    )
    queryset = partnership.bodies.select_related("parent", "terms_document").prefetch_related(
        Prefetch("seats", queryset=Seat.objects.select_related("organisation"), to_attr="seat_list"),
        Prefetch("memberships", queryset=memberships, to_attr="membership_list"),
        Prefetch("children", queryset=Body.objects.order_by("name"), to_attr="child_list"),
    )
    return get_object_or_404(queryset, pk=body_id)


def seat_in(partnership: Partnership, seat_id: int) -> Seat:
    return get_object_or_404(
        Seat.objects.filter(body__partnership=partnership).select_related("body", "organisation"),
        pk=seat_id,
    )


def membership_in(partnership: Partnership, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.filter(body__partnership=partnership).select_related(
            "body", "person", "seat", "represents"
        ),
        pk=membership_id,
    )


def body_history(body: Body) -> QuerySet[AuditEntry]:
    """The audit entries about a body and about its seats and memberships, newest first."""
    own = history_for(body, partnership_id=body.partnership_id)
    seat_ids = [str(pk) for pk in body.seats.values_list("pk", flat=True)]
    membership_ids = [str(pk) for pk in body.memberships.values_list("pk", flat=True)]
    related = AuditEntry.objects.filter(partnership_id=body.partnership_id).filter(
        Q(target_type=ContentType.objects.get_for_model(Seat), target_id__in=seat_ids)
        | Q(target_type=ContentType.objects.get_for_model(Membership), target_id__in=membership_ids)
    )
    return (own | related).select_related("actor_user").order_by("-at", "-id")
