"""What the team page shows: members, open invitations and support grants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from joinedup.partnerships.models import Invitation, Partnership, PartnershipRole, SupportGrant
from joinedup.partnerships.selectors_team import open_invitations, support_grants, team_roles


@dataclass(frozen=True)
class InvitationState:
    key: str  # pending, expired, accepted, revoked
    label: str
    colour: str  # GOV.UK tag modifier; the label always carries the meaning too


def invitation_state(invitation: Invitation, *, now: dt.datetime | None = None) -> InvitationState:
    now = now or timezone.now()
    if invitation.accepted_at:
        return InvitationState("accepted", "Accepted", "green")
    if invitation.revoked_at:
        return InvitationState("revoked", "Withdrawn", "grey")
    if invitation.link is None or invitation.link.expires_at <= now:
        return InvitationState("expired", "Expired", "orange")
    return InvitationState("pending", "Waiting", "blue")


def is_support_grant_current(grant: SupportGrant, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return grant.revoked_at is None and grant.expires_at > now


@dataclass(frozen=True)
class MemberRow:
    role: PartnershipRole
    name: str
    email: str
    role_label: str
    status: str  # "Active", "Removed", "Account deactivated"
    status_colour: str
    can_change: bool


def member_rows(partnership: Partnership) -> list[MemberRow]:
    rows = []
    for role in team_roles(partnership):
        if not role.is_active:
            status, colour = "Removed", "grey"
        elif not role.user.is_active:
            status, colour = "Account deactivated", "red"
        else:
            status, colour = "Active", "green"
        rows.append(
            MemberRow(
                role=role,
                name=role.user.full_name or role.user.email,
                email=role.user.email,
                role_label=role.get_role_display(),
                status=status,
                status_colour=colour,
                can_change=role.is_active,
            )
        )
    return rows


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    state: InvitationState
    expires_at: dt.datetime | None


def invitation_rows(partnership: Partnership) -> list[InvitationRow]:
    now = timezone.now()
    return [
        InvitationRow(
            invitation=inv,
            state=invitation_state(inv, now=now),
            expires_at=inv.link.expires_at if inv.link else None,
        )
        for inv in open_invitations(partnership)
    ]


@dataclass(frozen=True)
class SupportRow:
    grant: SupportGrant
    current: bool
    status: str


def support_rows(partnership: Partnership, *, limit: int = 10) -> list[SupportRow]:
    now = timezone.now()
    rows = []
    for grant in support_grants(partnership)[:limit]:
        current = is_support_grant_current(grant, now=now)
        status = "Current" if current else ("Ended" if grant.revoked_at else "Expired")
        rows.append(SupportRow(grant=grant, current=current, status=status))
    return rows
