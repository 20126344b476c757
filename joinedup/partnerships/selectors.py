from __future__ import annotations

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone

from joinedup.partnerships.models import Area, Partnership


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
