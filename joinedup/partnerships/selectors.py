from __future__ import annotations

from django.db.models import QuerySet

from joinedup.partnerships.models import Partnership


def partnerships_for_user(user) -> QuerySet[Partnership]:
    """Partnerships the user holds an active role in (support grants are not listed)."""
    return Partnership.objects.filter(roles__user=user, roles__is_active=True).order_by("name").distinct()
