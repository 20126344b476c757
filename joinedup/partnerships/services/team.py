"""Writes for the partnership's team: who holds which role, invitations, and support access.

Every service owns its transaction and audits each change with a
`partnerships.<thing>.<verb>` action. A partnership always keeps at least one active admin.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from joinedup.accounts import services as accounts
from joinedup.accounts.models import User
from joinedup.core import signed_links
from joinedup.core.audit import Actor, record
from joinedup.core.conflicts import save_versioned
from joinedup.core.mail import send_email
from joinedup.partnerships.models import (
    Invitation,
    Partnership,
    PartnershipRole,
    Person,
    Role,
    SupportGrant,
)
from joinedup.partnerships.roles import forget_roles
from joinedup.partnerships.selectors_team import PAGE_VIEWED, open_invitations
from joinedup.partnerships.services import directory

INVITATION_PURPOSE = "partnerships.invitation"
LAST_ADMIN_MESSAGE = "A partnership must keep at least one admin. Make someone else an admin first"
SUPPORT_DURATIONS = {1: "1 day", 3: "3 days", 7: "7 days", 14: "14 days"}


def invitation_lifetime() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "INVITATION_LIFETIME_DAYS", 14))


# ---------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------


def _active_admins(partnership: Partnership) -> QuerySet[PartnershipRole]:
    return partnership.roles.filter(role=Role.ADMIN, is_active=True, user__is_active=True)


def _check_keeps_an_admin(partnership: Partnership, role: PartnershipRole) -> None:
    if (
        role.role == Role.ADMIN
        and role.is_active
        and not _active_admins(partnership).exclude(pk=role.pk).exists()
    ):
        raise ValidationError(LAST_ADMIN_MESSAGE)


def _role_label(value: str) -> str:
    return Role(value).label.lower()


@transaction.atomic
def grant_role(*, partnership: Partnership, user: User, role: str, by: Actor) -> PartnershipRole:
    """Give a user a role here, or restore a removed one. A current role is left alone."""
    existing = partnership.roles.select_for_update().filter(user=user).first()
    if existing is not None and existing.is_active:
        return existing
    if existing is None:
        existing = PartnershipRole(partnership=partnership, user=user)
    else:
        existing.version += 1  # a role form opened before the removal is out of date
    existing.role = role
    existing.is_active = True
    existing.granted_at = timezone.now()
    existing.granted_by = by.user
    existing.full_clean()
    existing.save()
    forget_roles(user)
    record(
        action="partnerships.role.granted",
        actor=by,
        partnership_id=partnership.pk,
        target=existing,
        summary=f"Gave {user} the {_role_label(role)} role.",
        after={"role": role},
    )
    return existing


@transaction.atomic
def change_role(
    *, partnership: Partnership, role: PartnershipRole, new_role: str, expected_version: int, by: Actor
) -> PartnershipRole:
    """Give a current member another role, unless someone changed their role since the
    admin read it at `expected_version` (EditConflict, with the stored role)."""
    role = partnership.roles.select_for_update().select_related("user").get(pk=role.pk)
    if not role.is_active:
        raise ValidationError({"role": "This person no longer has a role here. Invite them again instead"})
    if role.role == new_role:
        return role
    if new_role != Role.ADMIN:
        try:
            _check_keeps_an_admin(partnership, role)
        except ValidationError as error:
            raise ValidationError({"role": error.messages}) from error
    before = {"role": role.role}
    role.role = new_role
    role.full_clean()
    save_versioned(role, expected_version=expected_version, fields=["role"])
    forget_roles(role.user)
    record(
        action="partnerships.role.changed",
        actor=by,
        partnership_id=partnership.pk,
        target=role,
        summary=(
            f"Changed {role.user}'s role from {_role_label(before['role'])} to {_role_label(new_role)}."
        ),
        before=before,
        after={"role": new_role},
    )
    return role


@transaction.atomic
def remove_from_partnership(*, partnership: Partnership, role: PartnershipRole, by: Actor) -> PartnershipRole:
    """End a user's role here. The role row stays (inactive) so history keeps its author."""
    role = partnership.roles.select_for_update().select_related("user").get(pk=role.pk)
    if not role.is_active:
        return role
    _check_keeps_an_admin(partnership, role)
    role.is_active = False
    role.version += 1  # a role form opened before the removal is out of date
    role.save(update_fields=["is_active", "version"])
    forget_roles(role.user)
    record(
        action="partnerships.role.removed",
        actor=by,
        partnership_id=partnership.pk,
        target=role,
        summary=f"Removed {role.user} ({_role_label(role.role)}) from the partnership.",
        before={"is_active": True},
        after={"is_active": False},
    )
    return role


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


def _send_invitation(invitation: Invitation, *, created_by: User | None) -> signed_links.IssuedLink:
    issued = signed_links.issue_link(
        purpose=INVITATION_PURPOSE,
        target=invitation,
        partnership_id=invitation.partnership_id,
        holder_label=invitation.email,
        lifetime=invitation_lifetime(),
        created_by=created_by,
    )
    invitation.link = issued.link
    invitation.sent_count += 1
    invitation.last_sent_at = timezone.now()
    invitation.save(update_fields=["link", "sent_count", "last_sent_at"])
    inviter = invitation.invited_by
    send_email(
        to=[invitation.email],
        subject=f"You are invited to join {invitation.partnership.name} on Joined Up",
        template="partnerships/team/email/invitation",
        context={
            "partnership_name": invitation.partnership.name,
            "role": invitation.get_role_display(),
            "inviter": str(inviter) if inviter else "",
            "path": issued.path,
            "expires_at": issued.link.expires_at,
        },
    )
    return issued


@transaction.atomic
def invite(
    *, partnership: Partnership, email: str, role: str, by: Actor, person: Person | None = None
) -> tuple[Invitation, signed_links.IssuedLink]:
    """Invite an email address to hold a role here and email them a signed link.

    Returns the invitation and the issued link (whose token appears only in the email,
    and, for the `create_partnership` command, on the operator's screen).
    """
    email = accounts.normalise_email(email)
    if partnership.roles.filter(user__email__iexact=email, is_active=True).exists():
        raise ValidationError({"email": "This person already has a role in the partnership"})
    if open_invitations(partnership).filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": "This person has already been invited. Resend their invitation instead"}
        )
    if person is not None and person.partnership_id != partnership.pk:
        raise ValidationError({"person": "Select a person from this partnership"})
    existing_user = accounts.find_user(email)
    if existing_user is not None and not existing_user.is_active:
        raise ValidationError(
            {"email": "This person's account has been deactivated. Ask a site operator to reactivate it"}
        )
    invitation = Invitation(
        partnership=partnership, email=email, role=role, person=person, invited_by=by.user
    )
    # invited_by is empty when the `create_partnership` command invites the first admin.
    invitation.full_clean(exclude=["invited_by"])
    invitation.save()
    issued = _send_invitation(invitation, created_by=by.user)
    record(
        action="partnerships.invitation.sent",
        actor=by,
        partnership_id=partnership.pk,
        target=invitation,
        summary=f"Invited {email} to be {_article(role)} {_role_label(role)}.",
        after={"email": email, "role": role, "person": str(person) if person else None},
    )
    return invitation, issued


def _article(role: str) -> str:
    return "an" if _role_label(role)[0] in "aeiou" else "a"


def _open_invitation_for_update(partnership: Partnership, invitation: Invitation) -> Invitation:
    invitation = (
        partnership.invitations.select_for_update(of=("self",)).select_related("link").get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation has already been accepted")
    if invitation.revoked_at is not None:
        raise ValidationError("This invitation has been withdrawn")
    return invitation


@transaction.atomic
def resend_invitation(
    *, partnership: Partnership, invitation: Invitation, by: Actor
) -> tuple[Invitation, signed_links.IssuedLink]:
    """Send a fresh link (with a fresh expiry); the link sent before stops working."""
    invitation = _open_invitation_for_update(partnership, invitation)
    if invitation.link is not None:
        signed_links.revoke_link(invitation.link)
    issued = _send_invitation(invitation, created_by=by.user)
    record(
        action="partnerships.invitation.resent",
        actor=by,
        partnership_id=partnership.pk,
        target=invitation,
        summary=f"Sent the invitation to {invitation.email} again.",
    )
    return invitation, issued


@transaction.atomic
def revoke_invitation(*, partnership: Partnership, invitation: Invitation, by: Actor) -> Invitation:
    invitation = _open_invitation_for_update(partnership, invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    if invitation.link is not None:
        signed_links.revoke_link(invitation.link)
    record(
        action="partnerships.invitation.revoked",
        actor=by,
        partnership_id=partnership.pk,
        target=invitation,
        summary=f"Withdrew the invitation to {invitation.email}.",
    )
    return invitation


def invitation_matches(invitation: Invitation, user: User) -> bool:
    return accounts.normalise_email(user.email) == accounts.normalise_email(invitation.email)


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> PartnershipRole:
    """The invited person, signed in with the invited email address, takes up the role.

    Grants the role (a role they already hold here is left as it is), links the
    invitation's Person to their account if it is not linked yet, and completes the
    link so it no longer opens.
    """
    partnership = invitation.partnership
    invitation = _open_invitation_for_update(partnership, invitation)
    if not invitation_matches(invitation, user):
        raise ValidationError("This invitation was sent to a different email address")
    if invitation.link is None or invitation.link.expires_at <= timezone.now():
        raise ValidationError("This invitation has expired")
    actor = Actor.for_user(user)
    role = grant_role(partnership=partnership, user=user, role=invitation.role, by=actor)
    person = invitation.person
    if person is not None and person.user_id is None and not partnership.people.filter(user=user).exists():
        directory.link_person_to_account(person=person, account=user, actor=actor)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    signed_links.complete_link(invitation.link)
    record(
        action="partnerships.invitation.accepted",
        actor=actor,
        partnership_id=partnership.pk,
        target=invitation,
        summary=(
            f"{user} accepted the invitation and became {_article(role.role)} {_role_label(role.role)}."
        ),
    )
    return role


# ---------------------------------------------------------------------------
# Support access for site operators
# ---------------------------------------------------------------------------


@transaction.atomic
def grant_support_access(
    *, partnership: Partnership, operator_email: str, reason: str, days: int, by: Actor
) -> SupportGrant:
    """Let a named site operator read this partnership (not its exempt business) for a while."""
    operator = accounts.find_user(operator_email)
    if operator is None or not operator.is_superuser or not operator.is_active:
        raise ValidationError({"operator_email": "Enter the email address of a site operator"})
    if days not in SUPPORT_DURATIONS:
        raise ValidationError({"days": "Select how long the access lasts"})
    grant = SupportGrant(
        partnership=partnership,
        operator=operator,
        granted_by=by.user,
        reason=reason.strip(),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    grant.full_clean(exclude=["granted_by"])
    grant.save()
    forget_roles(operator)
    record(
        action="partnerships.support.granted",
        actor=by,
        partnership_id=partnership.pk,
        target=grant,
        summary=f"Gave {operator} support access for {SUPPORT_DURATIONS[days]}: {grant.reason}",
        after={"operator": operator.email, "reason": grant.reason, "expires_at": grant.expires_at},
    )
    return grant


@transaction.atomic
def revoke_support_access(*, partnership: Partnership, grant: SupportGrant, by: Actor) -> SupportGrant:
    grant = partnership.support_grants.select_for_update().select_related("operator").get(pk=grant.pk)
    if grant.revoked_at is not None:
        return grant
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    forget_roles(grant.operator)
    record(
        action="partnerships.support.revoked",
        actor=by,
        partnership_id=partnership.pk,
        target=grant,
        summary=f"Ended {grant.operator}'s support access.",
    )
    return grant


def record_support_page_view(*, partnership_id: int, operator: User, path: str) -> None:
    """Audit one page an operator read under support access."""
    record(
        action=PAGE_VIEWED,
        actor=Actor.for_user(operator),
        partnership_id=partnership_id,
        summary=f"Read {path} under support access.",
        after={"path": path},
    )
