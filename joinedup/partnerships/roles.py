"""Looking up a user's role in a partnership, once per request."""

from __future__ import annotations

from django.utils import timezone

from joinedup.partnerships.models import PartnershipRole, SupportGrant

_CACHE_ATTR = "_joinedup_roles"


def role_in(user, partnership) -> str | None:
    """The user's active role in the partnership: a Role value, "support" for an
    operator with a current support grant, or None for an outsider."""
    if partnership is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if partnership.pk in cache:
        return cache[partnership.pk]
    role = (
        PartnershipRole.objects.filter(partnership_id=partnership.pk, user=user, is_active=True)
        .values_list("role", flat=True)
        .first()
    )
    if role is None and user.is_superuser:
        now = timezone.now()
        granted = SupportGrant.objects.filter(
            partnership_id=partnership.pk, operator=user, revoked_at__isnull=True, expires_at__gt=now
        ).exists()
        role = "support" if granted else None
    cache[partnership.pk] = role
    return role


def forget_roles(user) -> None:
    user.__dict__.pop(_CACHE_ATTR, None)
