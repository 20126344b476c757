"""Who may record what at and after meetings (the "record" part of the governance room).

Until the room's rules.py lands these helpers live here: admins, editors and a body's
clerks (BodyClerk) manage its meetings' records; members add their own declarations and
interests; sensitive interests are shown in detail only to admins, editors and the person.
"""

from __future__ import annotations

from django.utils import timezone

from joinedup.governance.models import Interest
from joinedup.partnerships.access import PartnershipAccess
from joinedup.partnerships.models import Body, Person


def is_clerk_of(access: PartnershipAccess, body: Body) -> bool:
    user = access.user
    if not getattr(user, "is_authenticated", False):
        return False
    return access.partnership.body_clerks.filter(body=body, user_id=getattr(user, "pk", 0)).exists()


def may_manage_meetings(access: PartnershipAccess, body: Body) -> bool:
    """Admins, editors and the body's clerks manage its meetings and what is recorded at them."""
    return access.may_edit or is_clerk_of(access, body)


def person_of(access: PartnershipAccess) -> Person | None:
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


def may_declare(access: PartnershipAccess, body: Body) -> bool:
    """May open the declaration form at all: managers (for anyone) or a member (for themself)."""
    return may_manage_meetings(access, body) or is_member_of(person_of(access), body)


def may_declare_for(access: PartnershipAccess, body: Body, person: Person) -> bool:
    if may_manage_meetings(access, body):
        return True
    own = person_of(access)
    return own is not None and own.pk == person.pk and is_member_of(own, body)


def may_manage_interests(access: PartnershipAccess) -> bool:
    """Admins and editors keep the register for anyone."""
    return access.may_edit


def may_edit_interest_of(access: PartnershipAccess, person: Person) -> bool:
    if may_manage_interests(access):
        return True
    own = person_of(access)
    return own is not None and own.pk == person.pk


def may_see_interest_details(access: PartnershipAccess, interest: Interest) -> bool:
    """Sensitive interests are withheld: only admins, editors and the person see the details."""
    if not interest.is_sensitive:
        return True
    if access.may_edit:
        return True
    own = person_of(access)
    return own is not None and own.pk == interest.person_id


def may_see_exempt(access: PartnershipAccess, body: Body) -> bool:
    """Exempt items (and what is recorded on them) are for the body's members and officers
    (clerks), admins and editors."""
    return may_manage_meetings(access, body) or is_member_of(person_of(access), body)


def bodies_with_exempt_access(access: PartnershipAccess) -> list[int]:
    """Ids of the bodies whose exempt items this user may see."""
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
