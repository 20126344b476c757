"""iCalendar feeds of meetings, per body and per person, reached by a secret, revocable URL.

The URL is a signed link (joinedup.core.signed_links, ADR 0011 and ADR 0024) with the purpose
`governance.calendar`: long-lived, revocable, never completed. Events are in Europe/London time
(TZID with a VTIMEZONE), and never carry an exempt item's title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from joinedup.core import audit, signed_links
from joinedup.core.audit import Actor
from joinedup.core.models import SignedLink
from joinedup.governance.models import Meeting, MeetingStatus
from joinedup.partnerships.models import Body, Partnership, Person

PURPOSE = "governance.calendar"
LIFETIME = dt.timedelta(days=365 * 5)
LONDON = ZoneInfo("Europe/London")
PRODID = "-//Joined Up//Governance meetings//EN"


def issue_feed(*, partnership: Partnership, target: Body | Person, user: Any) -> signed_links.IssuedLink:
    label = f"Calendar of {target.name if isinstance(target, Body) else target.full_name}"
    with transaction.atomic():
        issued = signed_links.issue_link(
            purpose=PURPOSE,
            target=target,
            partnership_id=partnership.pk,
            holder_label=label,
            lifetime=LIFETIME,
            created_by=user,
        )
        audit.record(
            action="governance.calendar.created",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=target,
            summary=f"Created a calendar feed: {label}.",
        )
    return issued


def feeds_of(*, partnership: Partnership, user: Any) -> list[SignedLink]:
    """The user's own feed links in this partnership, newest first (revoked ones included)."""
    return list(
        SignedLink.objects.filter(partnership_id=partnership.pk, purpose=PURPOSE, created_by=user).order_by(
            "-created_at"
        )
    )


def revoke_feed(*, partnership: Partnership, user: Any, link_id: int) -> SignedLink | None:
    link = SignedLink.objects.filter(
        pk=link_id, partnership_id=partnership.pk, purpose=PURPOSE, created_by=user
    ).first()
    if link is None:
        return None
    with transaction.atomic():
        signed_links.revoke_link(link)
        audit.record(
            action="governance.calendar.revoked",
            actor=Actor.for_user(user),
            partnership_id=partnership.pk,
            target=link.target if link.target is not None else None,
            summary=f"Revoked a calendar feed: {link.holder_label}.",
        )
    return link


def meetings_for_feed(target: Body | Person) -> list[Meeting]:
    since = timezone.now() - dt.timedelta(days=366)
    if isinstance(target, Body):
        qs = target.meetings.all()
    else:
        today = timezone.localdate()
        body_ids = target.memberships.exclude(end_date__lt=today).values_list("body_id", flat=True)
        qs = Meeting.objects.filter(partnership_id=target.partnership_id, body_id__in=body_ids)
    return list(qs.filter(starts_at__gte=since).select_related("body").prefetch_related("items"))


def _description(meeting: Meeting) -> str:
    lines = []
    for item in meeting.items.all():
        title = "Exempt item" if item.is_exempt else item.title
        lines.append(f"{item.position}. {title}")
    if meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    return "\n".join(lines)


def render_feed(
    *, name: str, meetings: Iterable[Meeting], host: str, now: dt.datetime | None = None
) -> bytes:
    """The iCalendar text (RFC 5545) of the meetings, times in Europe/London with a VTIMEZONE."""
    from icalendar import Calendar, Event, Timezone

    now = now or timezone.now()
    meetings = list(meetings)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    if meetings:
        first = min(m.starts_at for m in meetings).astimezone(LONDON)
        last = max(m.ends_at or m.starts_at for m in meetings).astimezone(LONDON)
        calendar.add_component(
            Timezone.from_tzinfo(
                LONDON, first_date=first.date() - dt.timedelta(days=366), last_date=last.date()
            )
        )
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", now.astimezone(dt.UTC))
        start = meeting.starts_at.astimezone(LONDON)
        event.add("dtstart", start)
        event.add("dtend", (meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2)).astimezone(LONDON))
        title = meeting.title or meeting.body.name
        if meeting.status == MeetingStatus.CANCELLED:
            title = f"Cancelled: {title}"
            event.add("status", "CANCELLED")
        elif meeting.status == MeetingStatus.POSTPONED:
            title = f"Postponed: {title}"
            event.add("status", "TENTATIVE")
        else:
            event.add("status", "CONFIRMED")
        event.add("summary", title)
        if meeting.place:
            event.add("location", meeting.place)
        elif meeting.online_link:
            event.add("location", meeting.online_link)
        event.add("description", _description(meeting))
        event.add("sequence", meeting.version)
        calendar.add_component(event)
    return calendar.to_ical()
