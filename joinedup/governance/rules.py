"""Who may do what in the governance room: plain functions, tested without HTTP."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from joinedup.governance.models import Interest
from joinedup.partnerships.models import Body, Person


# --- meetings ---
def is_clerk(user: Any, body: Body) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return body.clerks.filter(user=user).exists()


def may_manage_meetings(access: Any, body: Body) -> bool:
    """Admins, editors and the body's clerks manage its meetings."""
    if body.partnership_id != access.partnership.pk:
        return False
    return access.may_edit or is_clerk(access.user, body)


def may_see_exempt(access: Any, body: Body) -> bool:
    """Exempt items: the body's members and officers (clerks), admins and editors."""
    if body.partnership_id != access.partnership.pk:
        return False
    return access.may_edit or is_clerk(access.user, body) or is_member_of(person_of(access), body)


def require_manage_meetings(access: Any, body: Body) -> None:
    """For views: 403 unless `may_manage_meetings`."""
    if not may_manage_meetings(access, body):
        raise PermissionDenied


def may_manage_clerks(access: Any) -> bool:
    """Admins appoint and remove clerks."""
    return access.may_manage


# --- end meetings ---


# --- record ---
def person_of(access: Any) -> Person | None:
    """The Person the signed-in user is in this partnership, if any."""
    user = access.user
    if not getattr(user, "is_authenticated", False):
        return None
    return access.partnership.people.filter(user_id=getattr(user, "pk", 0)).first()


def is_member_of(person: Person | None, body: Body) -> bool:
    """A current membership (holder or deputy) of the body."""
    if person is None:
        return False
    today = timezone.localdate()
    return body.memberships.filter(person=person, start_date__lte=today).exclude(end_date__lt=today).exists()


def may_declare(access: Any, body: Body) -> bool:
    """May open the declaration form at all: managers (for anyone) or a member (for themself)."""
    return may_manage_meetings(access, body) or is_member_of(person_of(access), body)


def may_declare_for(access: Any, body: Body, person: Person) -> bool:
    if may_manage_meetings(access, body):
        return True
    own = person_of(access)
    return own is not None and own.pk == person.pk and is_member_of(own, body)


def may_manage_interests(access: Any) -> bool:
    """Admins and editors keep the register for anyone."""
    return bool(access.may_edit)


def may_edit_interest_of(access: Any, person: Person) -> bool:
    if may_manage_interests(access):
        return True
    own = person_of(access)
    return own is not None and own.pk == person.pk


def may_see_interest_details(access: Any, interest: Interest) -> bool:
    """Sensitive interests are withheld: only admins, editors and the person see the details."""
    if not interest.is_sensitive:
        return True
    if access.may_edit:
        return True
    own = person_of(access)
    return own is not None and own.pk == interest.person_id


def bodies_with_exempt_access(access: Any) -> list[int]:
    """Ids of the bodies whose exempt items this user may see (one query per kind of link,
    for lists): the rule of `may_see_exempt` for every body at once."""
    if access.may_edit:
        return list(access.partnership.bodies.values_list("pk", flat=True))
    ids = set(
        access.partnership.body_clerks.filter(user_id=getattr(access.user, "pk", 0)).values_list(
            "body_id", flat=True
        )
    )
    person = person_of(access)
    if person is not None:
        today = timezone.localdate()
        ids |= set(
            person.memberships.filter(start_date__lte=today)
            .exclude(end_date__lt=today)
            .values_list("body_id", flat=True)
        )
    return sorted(ids)


# --- end record ---
