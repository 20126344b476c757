from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from joinedup.core.audit import history_for_all
from joinedup.core.models import SignedLink
from joinedup.partnerships import sharing
from joinedup.partnerships.models import (
    Area,
    Body,
    Layer,
    Membership,
    MembershipRole,
    Organisation,
    Partnership,
    Person,
    Seat,
)


def partnerships_for_user(user) -> QuerySet[Partnership]:
    """Partnerships the user holds an active role in (support grants are not listed)."""
    return Partnership.objects.filter(roles__user=user, roles__is_active=True).order_by("name").distinct()


def partnership_of_link(link: SignedLink) -> Partnership | None:
    """The partnership a signed link was issued in. The link itself was found by the hash
    of the token its holder presents, so this is the tenant its holder may reach."""
    if link.partnership_id is None:
        return None
    return Partnership.objects.filter(pk=link.partnership_id).first()


def support_access_for(user) -> list:
    """Current support grants of a site operator, with their partnerships (ADR 0008)."""
    if not getattr(user, "is_superuser", False):
        return []
    return list(
        user.support_grants.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("partnership")
        .order_by("partnership__name")
    )


def parent_choices(user, partnership: Partnership) -> QuerySet[Partnership]:
    """Partnerships that may be chosen as `partnership`'s parent by `user`: those the user
    is an admin of (ADR 0010), plus the current parent so an unchanged form stays valid."""
    allowed = Q(roles__user=user, roles__is_active=True, roles__role="admin")
    if partnership.parent_id:
        allowed |= Q(pk=partnership.parent_id)
    return Partnership.objects.filter(allowed).exclude(pk=partnership.pk).distinct().order_by("name")


# ---------------------------------------------------------------------------
# Reference geography (global data: no tenant)
# ---------------------------------------------------------------------------

_ALT_NAME_SEPARATORS = re.compile(r"[,;|\n]")
_NAME_WITH_CODE = re.compile(r"^(?P<name>.*)\((?P<code>[^()\s]+)\)\s*$")


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


def _names_of(area: Area) -> set[str]:
    names = {area.name, area.official_name, *_ALT_NAME_SEPARATORS.split(area.alt_names or "")}
    return {n.strip().casefold() for n in names if n and n.strip()}


@dataclass(frozen=True)
class AreaResolution:
    """What typed text resolves to: one area, several candidates, or nothing."""

    area: Area | None = None
    candidates: list[Area] = field(default_factory=list)

    @property
    def is_ambiguous(self) -> bool:
        return self.area is None and bool(self.candidates)


def resolve_area(text: str, *, limit: int = 10) -> AreaResolution:
    """Turn what someone typed ("Oxford", "E07000178", "OXO", "Oxford (E07000178)") into an area.

    A GSS or mySociety code, or a name that exactly matches only one area, resolves to that area; a
    single search hit does too. Otherwise the best matches come back as candidates for
    the person to choose from.
    """
    text = (text or "").strip()
    if not text:
        return AreaResolution()
    labelled = _NAME_WITH_CODE.match(text)
    codes = [labelled.group("code"), text] if labelled else [text]
    by_code = list(
        Area.objects.filter(
            Q(code__in=[c.upper() for c in codes]) | Q(registry_code__in=[c.upper() for c in codes])
        ).select_related("parent")[:2]
    )
    if len(by_code) == 1:
        return AreaResolution(area=by_code[0])
    if labelled:
        text = labelled.group("name").strip()
    found = search_areas(text, limit=limit)
    wanted = text.casefold()
    exact = [a for a in found if wanted in _names_of(a)]
    if len(exact) == 1:
        return AreaResolution(area=exact[0])
    if len(exact) > 1:
        return AreaResolution(candidates=exact)
    if len(found) == 1:
        return AreaResolution(area=found[0])
    return AreaResolution(candidates=found)


def area_by_id(area_id: int) -> Area | None:
    return Area.objects.filter(pk=area_id).first()


# ---------------------------------------------------------------------------
# The directory: organisations and people of one partnership
# ---------------------------------------------------------------------------


def _current_memberships() -> Q:
    today = timezone.localdate()
    return Q(end_date__isnull=True) | Q(end_date__gte=today)


def organisations_for_list(partnership: Partnership, *, sector: str = "") -> QuerySet[Organisation]:
    """Organisations with how many people, seats and current memberships each has."""
    today = timezone.localdate()
    qs = partnership.organisations.all()
    if sector:
        qs = qs.filter(sector=sector)
    return qs.annotate(
        people_count=Count("people", distinct=True),
        seat_count=Count("seats", distinct=True),
        membership_count=Count(
            "memberships",
            filter=Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today),
            distinct=True,
        ),
    ).order_by("sector", "name")


def organisation_in(partnership: Partnership, pk: int) -> Organisation | None:
    return partnership.organisations.select_related("area").filter(pk=pk).first()


@dataclass(frozen=True)
class OrganisationUses:
    people: int
    seats: int
    memberships: int

    @property
    def in_use(self) -> bool:
        return bool(self.people or self.seats or self.memberships)


def organisation_uses(organisation: Organisation) -> OrganisationUses:
    """What still points at an organisation: it may only be deleted when nothing does."""
    counts = (
        organisation.partnership.organisations.filter(pk=organisation.pk)
        .annotate(
            n_people=Count("people", distinct=True),
            n_seats=Count("seats", distinct=True),
            n_memberships=Count("memberships", distinct=True),
        )
        .values("n_people", "n_seats", "n_memberships")
        .get()
    )
    return OrganisationUses(counts["n_people"], counts["n_seats"], counts["n_memberships"])


def organisation_detail(organisation: Organisation) -> dict:
    """People employed, seats held and memberships representing the organisation."""
    return {
        "people": list(organisation.people.order_by("full_name")),
        "seats": list(
            organisation.seats.select_related("body")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.filter(_current_memberships()).select_related("person"),
                    to_attr="current_memberships",
                )
            )
            .order_by("body__name", "position", "label")
        ),
        "memberships": list(
            organisation.memberships.select_related("person", "body", "seat").order_by(
                "body__name", "person__full_name"
            )
        ),
    }


def people_for_list(partnership: Partnership, *, query: str = "") -> QuerySet[Person]:
    """People of a partnership, optionally matching a search, with their organisation."""
    qs = partnership.people.select_related("organisation", "user")
    text = (query or "").strip()
    if text:
        qs = qs.filter(
            Q(full_name__icontains=text)
            | Q(job_title__icontains=text)
            | Q(email__icontains=text)
            | Q(organisation__name__icontains=text)
            | Q(organisation__short_name__icontains=text)
        )
    return qs.annotate(
        membership_count=Count("memberships", filter=_prefixed_current("memberships__"), distinct=True)
    ).order_by("full_name")


def _prefixed_current(prefix: str) -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})


def person_in(partnership: Partnership, pk: int) -> Person | None:
    return partnership.people.select_related("organisation", "user").filter(pk=pk).first()


def person_detail(person: Person) -> dict:
    """A person's memberships (with the other holders and deputies of their seats) and training."""
    seat_people = Prefetch(
        "seat__memberships",
        queryset=Membership.objects.filter(_current_memberships()).select_related("person"),
        to_attr="current_memberships",
    )
    return {
        "memberships": list(
            person.memberships.select_related("body", "seat", "represents")
            .prefetch_related(seat_people)
            # Current memberships first (no end date), then the most recently ended.
            .order_by(F("end_date").desc(nulls_first=True), "body__name")
        ),
        "training": list(person.training_records.order_by("-completed_on", "title")),
    }


def training_record_of(person: Person, pk: int):
    return person.training_records.filter(pk=pk).first()


def users_linkable_to(partnership: Partnership):
    """Users with an active role in the partnership: the only accounts a person may be linked to."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(partnership_roles__partnership=partnership, partnership_roles__is_active=True)
        .order_by("full_name", "email")
    )


# ---------------------------------------------------------------------------
# Home page: the set-up checklist's counts
# ---------------------------------------------------------------------------


def setup_counts(partnership: Partnership) -> dict[str, int]:
    """How far the partnership has got with setting itself up (three queries)."""
    today = timezone.localdate()
    structure = partnership.bodies.aggregate(
        bodies=Count("id", distinct=True),
        seats=Count("seats", distinct=True),
        members=Count(
            "memberships",
            filter=Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today),
            distinct=True,
        ),
    )
    return {
        "organisations": partnership.organisations.count(),
        "bodies": structure["bodies"] or 0,
        "seats": structure["seats"] or 0,
        "members": structure["members"] or 0,
        # The admin who set the partnership up is its first user; anyone else counts.
        "users": max(partnership.roles.filter(is_active=True).count() - 1, 0)
        + partnership.invitations.count(),
    }


# ---------------------------------------------------------------------------
# Parents and children (docs/adr/0010-parent-and-child-partnerships.md)
# ---------------------------------------------------------------------------


# Strategic forum, executive board, thematic groups: the order of the three layers, not
# the alphabetical order of their stored values.
_LAYER_ORDER = Case(
    *[When(layer=value, then=Value(i)) for i, value in enumerate(Layer.values)],
    default=Value(len(Layer.values)),
    output_field=IntegerField(),
)


def shared_with_parent(child: Partnership, what: str) -> bool:
    """Whether `child` lets its parent see `what` (a key registered in partnerships.sharing).

    False when the child has no parent, so callers never need to check that separately.
    """
    return child.parent_id is not None and what in (child.shares_with_parent or [])


def children_of(parent: Partnership) -> list[Partnership]:
    """A parent's children with, for those sharing their structure summary, their bodies
    and current chairs prefetched. A fixed number of queries whatever the number of children."""
    chairs = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(_current_memberships(), role=MembershipRole.CHAIR, is_deputy=False)
        .select_related("person", "represents")
        .order_by("person__full_name"),
        to_attr="current_chairs",
    )
    children = list(parent.children.order_by("name"))
    sharing_structure = [c.pk for c in children if shared_with_parent(c, sharing.STRUCTURE_SUMMARY)]
    bodies_of: dict[int, list[Body]] = {}
    if sharing_structure:
        # Bodies are fetched only for children that share their structure, so nothing
        # else of a child is ever loaded into a parent's page.
        for child in parent.children.filter(pk__in=sharing_structure).prefetch_related(
            Prefetch("bodies", queryset=Body.objects.order_by(_LAYER_ORDER, "name").prefetch_related(chairs))
        ):
            bodies_of[child.pk] = list(child.bodies.all())
    for child in children:
        child.shares_structure = child.pk in bodies_of  # type: ignore[attr-defined]
        child.shared_bodies = bodies_of.get(child.pk, [])  # type: ignore[attr-defined]
    return children
