"""Reads for the team part of the partnerships room: roles, invitations, support access
and the history of who may do what. Everything is reached through the partnership."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from joinedup.core.audit import partnership_entries
from joinedup.core.models import AuditEntry, SignedLink
from joinedup.partnerships.models import Invitation, Partnership, PartnershipRole, Person, SupportGrant
from joinedup.partnerships.selectors import partnership_of_link

PAGE_VIEWED = "partnerships.support.page_viewed"
TEAM_ACTIONS = ("partnerships.role.", "partnerships.invitation.", "partnerships.support.")


def team_roles(partnership: Partnership) -> QuerySet[PartnershipRole]:
    """Everyone who holds or held a role here: current members first, then removed ones."""
    return partnership.roles.select_related("user").order_by("-is_active", "user__full_name", "user__email")


def role_of(partnership: Partnership, role_id: int) -> PartnershipRole | None:
    return partnership.roles.select_related("user").filter(pk=role_id).first()


def open_invitations(partnership: Partnership) -> QuerySet[Invitation]:
    """Invitations not yet accepted or revoked (expired ones included, so they can be resent)."""
    return (
        partnership.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("link", "person", "invited_by")
        .order_by("email")
    )


def invitation_of(partnership: Partnership, invitation_id: int) -> Invitation | None:
    return partnership.invitations.select_related("link").filter(pk=invitation_id).first()


def invitation_for_link(link: SignedLink) -> Invitation | None:
    """The invitation a signed link was issued for, within the link's partnership."""
    partnership = partnership_of_link(link)
    if partnership is None:
        return None
    return (
        partnership.invitations.select_related("partnership", "person")
        .filter(pk=link.target_id, link=link)
        .first()
    )


def support_grants(partnership: Partnership) -> QuerySet[SupportGrant]:
    """Grants, newest first, each with `pages_read`: the pages its operator read under it."""
    pages = (
        partnership_entries(partnership.pk)
        .filter(
            action=PAGE_VIEWED,
            actor_user=OuterRef("operator"),
            at__gte=OuterRef("granted_at"),
            at__lte=Coalesce(OuterRef("revoked_at"), OuterRef("expires_at")),
        )
        .order_by()
        .values("actor_user")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        partnership.support_grants.select_related("operator", "granted_by")
        .annotate(pages_read=Coalesce(Subquery(pages, output_field=IntegerField()), 0))
        .order_by("-granted_at")
    )


def support_grant_of(partnership: Partnership, grant_id: int) -> SupportGrant | None:
    return partnership.support_grants.select_related("operator").filter(pk=grant_id).first()


def person_choices(partnership: Partnership) -> QuerySet[Person]:
    """People of the partnership an invitation may be linked to (not yet linked to an account)."""
    return partnership.people.filter(user__isnull=True).order_by("full_name")


def team_history(partnership: Partnership, *, limit: int = 20) -> list[AuditEntry]:
    """The latest changes to who may do what here, newest first."""
    condition = Q()
    for prefix in TEAM_ACTIONS:
        condition |= Q(action__startswith=prefix)
    # Pages read under support access are counted per grant on the team page rather than
    # listed here, where they would push changes of role out of sight.
    entries = partnership_entries(partnership.pk).filter(condition).exclude(action=PAGE_VIEWED)
    return list(entries.select_related("actor_user").order_by("-at", "-id")[:limit])
