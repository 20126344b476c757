"""Owners without an account: digests of their due actions, updates through the digest's
signed link, and escalation of missed cycles (ADR 0018).

`send_owner_digests` is safe to run as often as you like (the worker runs it daily): each
person gets at most one digest per update cycle, recorded as an `OwnerDigest`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.core import audit, signed_links
from joinedup.core.audit import Actor
from joinedup.core.mail import send_email
from joinedup.partnerships.models import Partnership, Person
from joinedup.strategy import owner_cycles
from joinedup.strategy import selectors_owners as selectors
from joinedup.strategy.analysis import STATUS_LABELS
from joinedup.strategy.models import Action, ActionUpdate, OwnerDigest
from joinedup.strategy.services.delivery import record_action_update

PURPOSE = "strategy.owner_updates"
CYCLE_LABELS = {"weekly": "week", "fortnightly": "fortnight", "monthly": "month", "quarterly": "quarter"}


@dataclass
class DigestRun:
    """What one run of the sender did, for the owners page and the management command."""

    sent: list[OwnerDigest] = field(default_factory=list)
    already_sent: list[Person] = field(default_factory=list)
    no_email: list[Person] = field(default_factory=list)
    escalated: list[OwnerDigest] = field(default_factory=list)


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _end_of(day: dt.date) -> dt.datetime:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _actor(user: Any | None) -> Actor:
    return Actor.for_user(user) if user is not None else Actor.system("Owners' digest sender")


def send_owner_digests(*, partnership: Partnership, today: dt.date, user: Any | None = None) -> DigestRun:
    """Escalate cycles that ended unanswered, then email every owner with due items who has not
    had a digest this cycle. People with no email address are skipped and returned in
    `no_email` so the owners page can list them."""
    run = DigestRun(escalated=escalate_missed_cycles(partnership=partnership, today=today))
    for owner in selectors.owners_due(partnership, today=today):
        if not owner.items:
            continue
        if not owner.person.email:
            run.no_email.append(owner.person)
            continue
        digest = _send_digest(partnership=partnership, owner=owner, today=today, user=user)
        if digest is None:
            run.already_sent.append(owner.person)
        else:
            run.sent.append(digest)
    return run


def _send_digest(
    *, partnership: Partnership, owner: selectors.OwnerDue, today: dt.date, user: Any | None
) -> OwnerDigest | None:
    period = owner_cycles.cycle_period(owner.cycle, today)
    with transaction.atomic():
        # Lock the person so two runs at once cannot both send this cycle's digest.
        person = partnership.people.select_for_update().get(pk=owner.person.pk)
        if selectors.current_digest(person, today=today) is not None:
            return None
        for previous in person.owner_digests.filter(
            link__revoked_at__isnull=True, link__completed_at__isnull=True
        ).select_related("link"):
            if previous.link is not None:
                signed_links.revoke_link(previous.link)
        issued = signed_links.issue_link(
            purpose=PURPOSE,
            target=person,
            partnership_id=partnership.pk,
            holder_label=person.full_name,
            lifetime=_end_of(period.ends_on) - timezone.now(),
            created_by=user,
        )
        digest = OwnerDigest(
            partnership=partnership,
            person=person,
            cycle_key=period.key,
            cycle_ends_on=period.ends_on,
            sent_on=today,
            email=person.email,
            action_ids=[item.action.pk for item in owner.items],
            link=issued.link,
        )
        digest.full_clean()
        digest.save()
        count = len(owner.items)
        send_email(
            to=[person.email],
            subject=f"{partnership.name}: {count} action{'s' if count != 1 else ''} to update "
            f"by {_day(period.ends_on)}",
            template="strategy/owners/email/digest",
            context={
                "person": person,
                "partnership": partnership,
                "items": [
                    {
                        "title": item.action.title,
                        "programme": item.action.programme.title,
                        "due": _day(item.action.due_date) if item.action.due_date else "no due date",
                        "status": STATUS_LABELS[item.action.status],
                        "percent": item.action.percent_complete,
                        "reason": item.reason,
                    }
                    for item in owner.items
                ],
                "cycle": CYCLE_LABELS[period.cycle],
                "ends_on": _day(period.ends_on),
                "link_path": issued.path,
            },
        )
        audit.record(
            action="strategy.owner_digest.sent",
            actor=_actor(user),
            partnership_id=partnership.pk,
            target=person,
            summary=f"Sent {person.full_name} the digest of {count} action{'s' if count != 1 else ''} "
            f"to update this {CYCLE_LABELS[period.cycle]}.",
            after={"cycle": period.key, "actions": digest.action_ids, "email": person.email},
        )
    return digest


def record_owner_update(
    *, digest: OwnerDigest, action: Action, status: str, percent_complete: int, commentary: str = ""
) -> tuple[ActionUpdate, bool]:
    """An owner's update through their digest's link, attributed to the person and audited as
    a signed-link update. Returns the update and whether every item of the digest has now been
    updated, in which case the link is completed and no longer opens."""
    if action.pk not in digest.action_ids or action.lead_person_id != digest.person_id:
        raise ValueError("That action is not in this digest")
    with transaction.atomic():
        update = record_action_update(
            action=action,
            status=status,
            percent_complete=percent_complete,
            commentary=commentary,
            person=digest.person,
            via_link=True,
        )
        finished = selectors.digest_answered(digest, selectors.digest_actions(digest))
        if finished:
            digest.responded_at = timezone.now()
            digest.save(update_fields=["responded_at"])
            if digest.link is not None:
                signed_links.complete_link(digest.link)
            audit.record(
                action="strategy.owner_digest.answered",
                actor=Actor.for_link(digest.person.full_name),
                partnership_id=digest.partnership_id,
                target=digest.person,
                summary=f"{digest.person.full_name} updated every action in their digest.",
            )
    return update, finished


def escalate_missed_cycles(*, partnership: Partnership, today: dt.date) -> list[OwnerDigest]:
    """Tell the theme leads (or, with none, the admins) about owners whose digest cycle ended
    with no update at all to its actions. Once per digest, so once per person per cycle."""
    escalated = []
    for digest in selectors.digests_to_escalate(partnership, today=today):
        actions = list(
            partnership.actions.filter(pk__in=digest.action_ids).select_related("programme").order_by("title")
        )
        recipients, capacity = selectors.escalation_recipients(partnership, actions)
        with transaction.atomic():
            digest.escalated_on = today
            digest.save(update_fields=["escalated_on"])
            addresses = [user.email for user in recipients if user.email]
            if addresses:
                send_email(
                    to=addresses,
                    subject=f"{partnership.name}: {digest.person.full_name} has not updated their actions",
                    template="strategy/owners/email/escalation",
                    context={
                        "person": digest.person,
                        "partnership": partnership,
                        "capacity": capacity,
                        "sent_on": _day(digest.sent_on),
                        "ends_on": _day(digest.cycle_ends_on),
                        "actions": actions,
                    },
                )
            names = ", ".join(user.get_full_name() or user.email for user in recipients) or "nobody"
            audit.record(
                action="strategy.owner_digest.escalated",
                actor=Actor.system("Owners' digest sender"),
                partnership_id=partnership.pk,
                target=digest.person,
                summary=f"Told {names} ({capacity}{'s' if len(recipients) != 1 else ''}) that "
                f"{digest.person.full_name} sent no update in the cycle ending {_day(digest.cycle_ends_on)}.",
                after={"cycle": digest.cycle_key, "recipients": addresses, "actions": digest.action_ids},
            )
        escalated.append(digest)
    return escalated
