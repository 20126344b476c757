"""Reads for owners' digests, always through the partnership (or the signed link's person)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from joinedup.core.models import SignedLink
from joinedup.partnerships.models import Partnership, Person
from joinedup.strategy import owner_cycles
from joinedup.strategy.analysis import CLOSED_STATUSES
from joinedup.strategy.models import Action, OwnerDigest
from joinedup.strategy.selectors import theme_leads_of_programme


@dataclass(frozen=True)
class DueItem:
    action: Action
    reason: str


@dataclass
class OwnerDue:
    """A person who leads open actions, and those of them due an update this cycle."""

    person: Person
    open_actions: int = 0
    items: list[DueItem] = field(default_factory=list)

    @property
    def cycle(self) -> str:
        return owner_cycles.shortest_cycle(i.action.programme.update_cycle for i in self.items)


def _open_led_actions(partnership: Partnership):
    return (
        partnership.actions.filter(lead_person__isnull=False, programme__closed_on__isnull=True)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("programme", "lead_person", "lead_person__organisation")
        .order_by("lead_person__full_name", "lead_person_id", "due_date", "title")
    )


def owners_due(partnership: Partnership, *, today: dt.date) -> list[OwnerDue]:
    """Everyone who leads open actions in open programmes, with their items due an update
    (see `owner_cycles.due_reason`), in one query."""
    owners: dict[int, OwnerDue] = {}
    tz = timezone.get_current_timezone()
    for action in _open_led_actions(partnership):
        owner = owners.setdefault(action.lead_person_id, OwnerDue(person=action.lead_person))
        owner.open_actions += 1
        last = action.last_update_at.astimezone(tz).date() if action.last_update_at else None
        reason = owner_cycles.due_reason(
            today=today,
            cycle=action.programme.update_cycle,
            status=action.status,
            start=action.start_date,
            due=action.due_date,
            last_update=last,
        )
        if reason:
            owner.items.append(DueItem(action=action, reason=reason))
    return list(owners.values())


def current_digest(person: Person, *, today: dt.date) -> OwnerDigest | None:
    """The digest already sent to this person for a cycle that has not ended."""
    return person.owner_digests.filter(cycle_ends_on__gte=today).order_by("-sent_at").first()


def latest_digests(partnership: Partnership) -> dict[int, OwnerDigest]:
    """Per person id, the last digest sent to them."""
    latest: dict[int, OwnerDigest] = {}
    for digest in partnership.owner_digests.order_by("person_id", "-sent_at"):
        latest.setdefault(digest.person_id, digest)
    return latest


def digest_for_link(link: SignedLink) -> OwnerDigest | None:
    """The digest a signed link was sent with, through the person it was issued for."""
    person = link.target
    if not isinstance(person, Person) or person.partnership_id != link.partnership_id:
        return None
    return (
        person.owner_digests.filter(link_id=link.pk)
        .select_related("partnership", "person", "person__organisation")
        .first()
    )


def digest_actions(digest: OwnerDigest) -> list[Action]:
    """The digest's actions that the person still leads, in due-date order."""
    return list(
        digest.partnership.actions.filter(pk__in=digest.action_ids, lead_person_id=digest.person_id)
        .select_related("programme")
        .order_by("due_date", "title")
    )


def digest_answered(digest: OwnerDigest, actions: list[Action]) -> bool:
    """Every item has had an update since the digest went (or has been closed)."""
    return all(
        a.status in CLOSED_STATUSES or (a.last_update_at is not None and a.last_update_at >= digest.sent_at)
        for a in actions
    )


def digest_had_any_update(digest: OwnerDigest) -> bool:
    """Did any of the digest's actions get an update between its sending and its cycle's end?"""
    tz = timezone.get_current_timezone()
    end = dt.datetime.combine(digest.cycle_ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return (
        digest.partnership.actions.filter(pk__in=digest.action_ids)
        .filter(Q(updates__at__gte=digest.sent_at) & Q(updates__at__lt=end))
        .exists()
    )


def digests_to_escalate(partnership: Partnership, *, today: dt.date) -> list[OwnerDigest]:
    """Digests whose cycle has ended, not answered and not yet escalated, with no update at all
    to their items during the cycle."""
    candidates = partnership.owner_digests.filter(
        cycle_ends_on__lt=today, responded_at__isnull=True, escalated_on__isnull=True
    ).select_related("partnership", "person")
    return [d for d in candidates if not digest_had_any_update(d)]


def escalation_recipients(partnership: Partnership, actions: list[Action]) -> tuple[list, str]:
    """Who hears of a missed cycle, and in what capacity: the theme leads of the priorities whose
    outcomes the actions' programmes are linked to, or, when there are none, the admins."""
    programmes = {a.programme_id: a.programme for a in actions}
    leads = {
        user.pk: user
        for programme in programmes.values()
        for user in theme_leads_of_programme(programme)
        if user.is_active
    }
    if leads:
        return sorted(leads.values(), key=lambda u: u.email), "theme lead"
    roles = partnership.roles.filter(role="admin", is_active=True, user__is_active=True).select_related(
        "user"
    )
    return sorted((r.user for r in roles), key=lambda u: u.email), "admin"


@dataclass(frozen=True)
class OwnerRow:
    person: Person
    open_actions: int
    items: list[DueItem]
    last_digest: OwnerDigest | None
    responded: str  # words for the owners page


def owners_overview(partnership: Partnership, *, today: dt.date) -> tuple[list[OwnerRow], list[OwnerDue]]:
    """Rows for the owners page, and the owners with due items but no email address."""
    latest = latest_digests(partnership)
    rows: list[OwnerRow] = []
    no_email: list[OwnerDue] = []
    for owner in owners_due(partnership, today=today):
        digest = latest.get(owner.person.pk)
        rows.append(
            OwnerRow(
                person=owner.person,
                open_actions=owner.open_actions,
                items=owner.items,
                last_digest=digest,
                responded=_responded(digest, today=today),
            )
        )
        if owner.items and not owner.person.email:
            no_email.append(owner)
    return rows, no_email


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _responded(digest: OwnerDigest | None, *, today: dt.date) -> str:
    if digest is None:
        return "No digest sent yet"
    if digest.responded_at is not None:
        return f"Yes, updated every item on {_day(timezone.localtime(digest.responded_at).date())}"
    if digest.escalated_on is not None:
        return f"No: escalated on {_day(digest.escalated_on)}"
    if digest.cycle_ends_on < today:
        return "No: the cycle ended without every item updated"
    return "Not yet"
