"""Factories for the team part of the partnerships room (roles, invitations, support).

Kept apart from `factories.py` (the structure engineer's) so the two can be merged
without conflict; `add_team_to_world` gives the persona-table world what the team
rows need.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from joinedup.accounts.tests.factories import OperatorFactory, UserFactory
from joinedup.core.audit import Actor
from joinedup.partnerships import models
from joinedup.partnerships.tests.factories import PartnershipRoleFactory

_invitee_numbers = itertools.count(1)


def make_invitation(partnership, *, email=None, role=models.Role.EDITOR, by=None, person=None):
    """A real invitation, sent through the service (so it has its signed link)."""
    from joinedup.partnerships.services import team as team_services

    inviter = by or PartnershipRoleFactory(partnership=partnership, role=models.Role.ADMIN).user
    email = email or f"invitee{next(_invitee_numbers)}@example.org"
    invitation, issued = team_services.invite(
        partnership=partnership, email=email, role=role, person=person, by=Actor.for_user(inviter)
    )
    return invitation, issued


def make_support_grant(partnership, *, operator=None, by=None, days=1):
    return models.SupportGrant.objects.create(
        partnership=partnership,
        operator=operator or OperatorFactory(),
        granted_by=by,
        reason="Support request 1234: the structure page shows an error",
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


def add_team_to_world(world) -> None:
    """Give the persona-table world what the team rows need.

    Needs `world.partnership` and an admin (`world.users["admin"]`). Sets
    `world.team_role` (a member who is no persona, so rows may change or remove it),
    `world.team_invitation` (open, and not the link holder's invitation, so resending or
    withdrawing it leaves the link holder's link alone) and `world.support_grant`
    (current, for an operator who is not the operator persona).
    """
    admin = world.users["admin"]
    world.team_role = PartnershipRoleFactory(
        partnership=world.partnership,
        role=models.Role.MEMBER,
        user=UserFactory(email="team-member@world.example"),
    )
    world.team_invitation, _ = make_invitation(
        world.partnership, email="team-invitee@world.example", by=admin
    )
    world.support_grant = make_support_grant(
        world.partnership, operator=OperatorFactory(email="support@world.example"), by=admin
    )
