"""Who may do what in the governance room: plain functions, tested without HTTP."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from joinedup.partnerships.models import Body


# --- meetings ---
def is_clerk(user: Any, body: Body) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return body.clerks.filter(user=user).exists()


def is_body_member(user: Any, body: Body) -> bool:
    """A current member of the body: a Membership of a Person linked to the user."""
    if not getattr(user, "is_authenticated", False):
        return False
    today = timezone.localdate()
    return (
        body.memberships.filter(person__user=user, person__partnership_id=body.partnership_id)
        .exclude(end_date__lt=today)
        .exists()
    )


def may_manage_meetings(access: Any, body: Body) -> bool:
    """Admins, editors and the body's clerks manage its meetings."""
    if body.partnership_id != access.partnership.pk:
        return False
    return access.may_edit or is_clerk(access.user, body)


def may_see_exempt(access: Any, body: Body) -> bool:
    """Exempt items: the body's members and officers (clerks), admins and editors."""
    if body.partnership_id != access.partnership.pk:
        return False
    return access.may_edit or is_clerk(access.user, body) or is_body_member(access.user, body)


def may_manage_clerks(access: Any) -> bool:
    """Admins appoint and remove clerks."""
    return access.may_manage


# --- end meetings ---
