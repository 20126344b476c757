"""Meetings, agendas, minutes, papers and clerks: the only way they are changed.

Every function is one transaction and writes one audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.audit import Actor
from joinedup.core.conflicts import save_versioned
from joinedup.core.models import StoredFile
from joinedup.governance import analysis_meetings as analysis
from joinedup.governance.models import (
    AgendaItem,
    BodyClerk,
    Meeting,
    MeetingStatus,
    MinutesAmendment,
    NoticeRule,
    StandingItem,
)
from joinedup.partnerships.models import Body, Partnership

MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "online_link")
ITEM_FIELDS = (
    "title",
    "presenter",
    "presenter_organisation",
    "purpose",
    "data_kind",
    "minutes_allotted",
    "is_key_decision",
    "is_exempt",
    "exempt_reason",
)

# The golden thread: what an item discusses (exceptions escalated to the body it considers).
ITEM_LINKS = ("indicators", "actions", "risks", "programmes", "escalations", "decisions_reported")

# Status changes made by hand; papers published and minutes approved have their own steps.
STATUS_CHANGES: dict[str, tuple[str, ...]] = {
    MeetingStatus.PLANNED: (MeetingStatus.HELD, MeetingStatus.POSTPONED, MeetingStatus.CANCELLED),
    MeetingStatus.PAPERS_PUBLISHED: (MeetingStatus.HELD, MeetingStatus.POSTPONED, MeetingStatus.CANCELLED),
    MeetingStatus.POSTPONED: (MeetingStatus.PLANNED, MeetingStatus.CANCELLED),
    MeetingStatus.CANCELLED: (MeetingStatus.PLANNED,),
    MeetingStatus.HELD: (),
    MeetingStatus.MINUTES_APPROVED: (),
}

MINUTES_LOCKED = (
    "The minutes of this meeting were approved, so they can no longer be changed. "
    "Record a correction as an amendment at a later meeting."
)


def _actor(user: Any) -> Actor:
    return Actor.for_user(user)


def _label(meeting: Meeting) -> str:
    return str(meeting)


# --- clerks -----------------------------------------------------------------------------------


def add_clerk(*, body: Body, clerk_user: Any, user: Any) -> BodyClerk:
    partnership = body.partnership
    if not partnership.roles.filter(user=clerk_user).exists():
        raise ValidationError({"user": "Choose someone who uses this partnership"})
    if body.clerks.filter(user=clerk_user).exists():
        raise ValidationError(
            {"user": f"{clerk_user.get_full_name() or clerk_user.email} already clerks {body.name}"}
        )
    with transaction.atomic():
        clerk = BodyClerk.objects.create(partnership=partnership, body=body, user=clerk_user)
        audit.record(
            action="governance.clerk.added",
            actor=_actor(user),
            partnership_id=partnership.pk,
            target=body,
            summary=f"Made {clerk_user.get_full_name() or clerk_user.email} a clerk of {body.name}.",
        )
    return clerk


def remove_clerk(*, clerk: BodyClerk, user: Any) -> None:
    with transaction.atomic():
        who = clerk.user.get_full_name() or clerk.user.email
        body = clerk.body
        clerk.delete()
        audit.record(
            action="governance.clerk.removed",
            actor=_actor(user),
            partnership_id=body.partnership_id,
            target=body,
            summary=f"{who} no longer clerks {body.name}.",
        )


def set_notice_rule(*, body: Body, clear_days: int, working_days: bool, user: Any) -> NoticeRule:
    with transaction.atomic():
        found = NoticeRule.objects.filter(body=body).first()
        before = audit.snapshot(found, ["clear_days", "working_days"]) if found else None
        rule = found or NoticeRule(partnership_id=body.partnership_id, body=body)
        rule.clear_days = clear_days
        rule.working_days = working_days
        rule.full_clean()
        rule.save()
        audit.record(
            action="governance.notice_rule.set",
            actor=_actor(user),
            partnership_id=body.partnership_id,
            target=body,
            summary=f"Set the notice rule of {body.name} to {analysis.describe_rule(rule)}.",
            before=before,
            after=audit.snapshot(rule, ["clear_days", "working_days"]),
        )
    return rule


def notice_rule_for(body: Body) -> analysis.Rule:
    """The body's notice rule, or the default (five clear working days). Reads a rule that was
    loaded with the body (`select_related("body__notice_rule")`) without another query."""
    try:
        rule: NoticeRule = body.notice_rule
    except NoticeRule.DoesNotExist:
        return analysis.DEFAULT_RULE
    return rule


# --- meetings ---------------------------------------------------------------------------------


def _check_meeting(meeting: Meeting) -> None:
    if meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": "The end time must be after the start time"})
    if not meeting.place and not meeting.online_link:
        raise ValidationError({"place": "Enter where the meeting is held, an online link, or both"})


def create_meeting(*, body: Body, user: Any, fields: Mapping[str, Any]) -> Meeting:
    """Plan a meeting; its agenda starts with the three standing items."""
    with transaction.atomic():
        meeting = Meeting(partnership_id=body.partnership_id, body=body)
        for name in MEETING_FIELDS:
            if name in fields:
                setattr(meeting, name, fields[name])
        _check_meeting(meeting)
        meeting.full_clean()
        meeting.save()
        for position, standing in enumerate(StandingItem, start=1):
            AgendaItem.objects.create(
                partnership_id=body.partnership_id,
                meeting=meeting,
                position=position,
                standing=standing.value,
                title=standing.label,
                purpose="information" if standing != StandingItem.MINUTES else "decision",
            )
        audit.record(
            action="governance.meeting.planned",
            actor=_actor(user),
            partnership_id=body.partnership_id,
            target=meeting,
            summary=f"Planned {_label(meeting)}.",
            after=audit.snapshot(meeting, MEETING_FIELDS),
        )
    return meeting


def update_meeting(
    *, meeting: Meeting, user: Any, expected_version: int, fields: Mapping[str, Any]
) -> Meeting:
    with transaction.atomic():
        before = audit.snapshot(meeting, MEETING_FIELDS)
        names = [n for n in MEETING_FIELDS if n in fields]
        for name in names:
            setattr(meeting, name, fields[name])
        _check_meeting(meeting)
        meeting.full_clean()
        save_versioned(meeting, expected_version=expected_version, fields=names)
        audit.record(
            action="governance.meeting.updated",
            actor=_actor(user),
            partnership_id=meeting.partnership_id,
            target=meeting,
            summary=f"Changed the details of {_label(meeting)}.",
            before=before,
            after=audit.snapshot(meeting, MEETING_FIELDS),
        )
    return meeting


def change_status(*, meeting: Meeting, user: Any, status: str) -> Meeting:
    allowed = STATUS_CHANGES.get(meeting.status, ())
    if status not in allowed:
        raise ValidationError(
            {"status": f"A meeting that is {meeting.get_status_display().lower()} cannot be changed to that"}
        )
    with transaction.atomic():
        before = meeting.get_status_display()
        Meeting.objects.filter(pk=meeting.pk).update(status=status, version=meeting.version + 1)
        meeting.status = status
        meeting.version += 1
        considered = _consider_escalations(meeting) if status == MeetingStatus.HELD else 0
        audit.record(
            action="governance.meeting.status_changed",
            actor=_actor(user),
            partnership_id=meeting.partnership_id,
            target=meeting,
            summary=f"{_label(meeting)}: {before} → {meeting.get_status_display()}."
            + (f" {considered} escalated exception(s) recorded as considered." if considered else ""),
            before={"status": before},
            after={"status": meeting.get_status_display(), "escalations_considered": considered},
        )
    return meeting


def _consider_escalations(meeting: Meeting) -> int:
    """The open escalations the meeting's items considered are now considered, at the meeting's
    start (when the body considered them)."""
    from joinedup.performance.models import Escalation

    return (
        meeting.partnership.escalations.filter(
            agenda_items__meeting=meeting, status=Escalation.Status.OPEN, to_body_id=meeting.body_id
        )
        .distinct()
        .update(status=Escalation.Status.CONSIDERED, considered_at=meeting.starts_at)
    )


def holidays_for(*dates: dt.datetime | dt.date | None) -> frozenset[dt.date]:
    years = sorted({d.year for d in dates if d is not None} or {timezone.localdate().year})
    return analysis.england_and_wales_holidays(range(years[0] - 1, years[-1] + 1))


def papers_late(meeting: Meeting) -> bool | None:
    """Whether the meeting's papers were published later than its body's rule (None: not published)."""
    if meeting.papers_published_at is None:
        return None
    rule = notice_rule_for(meeting.body)
    return analysis.papers_late(
        meeting.starts_at,
        meeting.papers_published_at,
        rule,
        holidays_for(meeting.starts_at, meeting.papers_published_at),
    )


def publish_papers(*, meeting: Meeting, user: Any, now: dt.datetime | None = None) -> bool:
    """Publish the papers; returns whether they are late by the body's notice rule."""
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(
            "Papers can only be published for a planned meeting whose papers are not out yet"
        )
    now = now or timezone.now()
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(
            status=MeetingStatus.PAPERS_PUBLISHED, papers_published_at=now, version=meeting.version + 1
        )
        meeting.status = MeetingStatus.PAPERS_PUBLISHED
        meeting.papers_published_at = now
        meeting.version += 1
        late = bool(papers_late(meeting))
        rule = analysis.describe_rule(notice_rule_for(meeting.body))
        audit.record(
            action="governance.meeting.papers_published",
            actor=_actor(user),
            partnership_id=meeting.partnership_id,
            target=meeting,
            summary=f"Published the papers for {_label(meeting)}"
            + (f", later than the notice rule ({rule})." if late else "."),
        )
    return late


def approve_minutes(*, meeting: Meeting, user: Any, at_meeting: Meeting | None = None) -> Meeting:
    """Approve a held meeting's minutes (at a later meeting of the body, or by the body): locks them."""
    if meeting.minutes_locked:
        raise ValidationError("These minutes were already approved")
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError("Only the minutes of a meeting that was held can be approved")
    if at_meeting is not None and (
        at_meeting.body_id != meeting.body_id or at_meeting.starts_at <= meeting.starts_at
    ):
        raise ValidationError({"at_meeting": "Choose a later meeting of the same body"})
    with transaction.atomic():
        now = timezone.now()
        Meeting.objects.filter(pk=meeting.pk).update(
            status=MeetingStatus.MINUTES_APPROVED,
            minutes_approved_at=now,
            minutes_approved_at_meeting=at_meeting,
            version=meeting.version + 1,
        )
        meeting.status = MeetingStatus.MINUTES_APPROVED
        meeting.minutes_approved_at = now
        meeting.minutes_approved_at_meeting = at_meeting
        meeting.version += 1
        where = f" at {at_meeting}" if at_meeting else ""
        audit.record(
            action="governance.meeting.minutes_approved",
            actor=_actor(user),
            partnership_id=meeting.partnership_id,
            target=meeting,
            summary=f"Approved the minutes of {_label(meeting)}{where}.",
        )
    return meeting


# --- agenda items -----------------------------------------------------------------------------


def _check_item(item: AgendaItem, organisations: Iterable[Any]) -> None:
    partnership_id = item.partnership_id
    if item.presenter and item.presenter.partnership_id != partnership_id:
        raise ValidationError({"presenter": "Choose a person of this partnership"})
    if item.presenter_organisation and item.presenter_organisation.partnership_id != partnership_id:
        raise ValidationError({"presenter_organisation": "Choose an organisation of this partnership"})
    if any(o.partnership_id != partnership_id for o in organisations):
        raise ValidationError({"organisations": "Choose organisations of this partnership"})
    if item.is_exempt and not item.exempt_reason.strip():
        raise ValidationError(
            {"exempt_reason": "Enter why the item is exempt, for example the Schedule 12A paragraph"}
        )
    if not item.is_exempt:
        item.exempt_reason = ""


def _check_item_links(item: AgendaItem, links: Mapping[str, Iterable[Any]]) -> None:
    """Links go to the partnership's own records, its visible indicators (shared or its own) and
    exceptions escalated to the item's body."""
    unknown = set(links) - set(ITEM_LINKS)
    if unknown:
        raise ValueError(f"Unknown links: {sorted(unknown)}")
    partnership_id = item.partnership_id
    for name, objects in links.items():
        for obj in objects:
            owner = getattr(obj, "partnership_id", None)
            if name == "indicators" and owner is None:
                continue
            if owner != partnership_id:
                raise ValidationError({name: "Choose records of this partnership only"})
            if name == "escalations" and obj.to_body_id != item.meeting.body_id:
                raise ValidationError({name: "Choose exceptions escalated to this body"})
            if name == "decisions_reported" and obj.report_to_id != item.meeting.body_id:
                raise ValidationError({name: "Choose decisions due to be reported back to this body"})


def _link_names(links: Mapping[str, Iterable[Any]]) -> dict[str, list[str]]:
    return {name: sorted(str(o) for o in objects) for name, objects in links.items()}


def add_item(
    *,
    meeting: Meeting,
    user: Any,
    fields: Mapping[str, Any],
    organisations: Iterable[Any] = (),
    links: Mapping[str, Iterable[Any]] | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda, with the records it discusses (`links`: see
    ITEM_LINKS)."""
    organisations = list(organisations)
    links = {name: list(objects) for name, objects in (links or {}).items()}
    with transaction.atomic():
        last = meeting.items.aggregate(m=Max("position"))["m"] or 0
        item = AgendaItem(partnership_id=meeting.partnership_id, meeting=meeting, position=last + 1)
        for name in ITEM_FIELDS:
            if name in fields:
                setattr(item, name, fields[name])
        _check_item(item, organisations)
        _check_item_links(item, links)
        item.full_clean()
        item.save()
        item.organisations.set(organisations)
        for name, objects in links.items():
            getattr(item, name).set(objects)
        audit.record(
            action="governance.item.added",
            actor=_actor(user),
            partnership_id=meeting.partnership_id,
            target=item,
            summary=f"Added item {item.position}, {item.title}, to the agenda of {_label(meeting)}.",
            after=audit.snapshot(item, ITEM_FIELDS) | _link_names(links),
        )
    return item


def update_item(
    *,
    item: AgendaItem,
    user: Any,
    expected_version: int,
    fields: Mapping[str, Any],
    organisations: Iterable[Any] | None = None,
    links: Mapping[str, Iterable[Any]] | None = None,
) -> AgendaItem:
    links = {name: list(objects) for name, objects in (links or {}).items()}
    with transaction.atomic():
        before = audit.snapshot(item, ITEM_FIELDS) | _link_names(
            {name: list(getattr(item, name).all()) for name in links}
        )
        names = [n for n in ITEM_FIELDS if n in fields]
        for name in names:
            setattr(item, name, fields[name])
        orgs = list(organisations) if organisations is not None else list(item.organisations.all())
        _check_item(item, orgs)
        _check_item_links(item, links)
        item.full_clean()
        save_versioned(item, expected_version=expected_version, fields=[*names, "exempt_reason"])
        if organisations is not None:
            item.organisations.set(orgs)
        for name, objects in links.items():
            getattr(item, name).set(objects)
        audit.record(
            action="governance.item.updated",
            actor=_actor(user),
            partnership_id=item.partnership_id,
            target=item,
            summary=f"Changed agenda item {item.title}.",
            before=before,
            after=audit.snapshot(item, ITEM_FIELDS) | _link_names(links),
        )
    return item


def move_item(*, item: AgendaItem, user: Any, direction: str) -> bool:
    """Swap an item with its neighbour above ("up") or below ("down"). False if it cannot move."""
    if direction not in ("up", "down"):
        raise ValidationError("Choose up or down")
    with transaction.atomic():
        items = list(
            AgendaItem.objects.select_for_update()
            .filter(meeting_id=item.meeting_id)
            .order_by("position", "id")
        )
        index = next(i for i, it in enumerate(items) if it.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if other < 0 or other >= len(items):
            return False
        items[index], items[other] = items[other], items[index]
        for position, it in enumerate(items, start=1):
            if it.position != position:
                AgendaItem.objects.filter(pk=it.pk).update(position=position)
        audit.record(
            action="governance.item.moved",
            actor=_actor(user),
            partnership_id=item.partnership_id,
            target=item,
            summary=f"Moved {item.title} {direction} to item {other + 1}.",
        )
    return True


def save_minutes(*, item: AgendaItem, user: Any, expected_version: int, minutes: str) -> AgendaItem:
    if item.meeting.minutes_locked:
        raise ValidationError(MINUTES_LOCKED)
    with transaction.atomic():
        before = {"minutes": item.minutes}
        item.minutes = minutes
        save_versioned(item, expected_version=expected_version, fields=["minutes"])
        audit.record(
            action="governance.item.minutes_written",
            actor=_actor(user),
            partnership_id=item.partnership_id,
            target=item,
            summary=f"Wrote the minutes of {item.title}.",
            before=before,
            after={"minutes": minutes},
        )
    return item


def add_amendment(*, item: AgendaItem, user: Any, agreed_at: Meeting, text: str) -> MinutesAmendment:
    meeting = item.meeting
    if not meeting.minutes_locked:
        raise ValidationError("These minutes are not approved yet: change them directly")
    if agreed_at.body_id != meeting.body_id or agreed_at.starts_at <= meeting.starts_at:
        raise ValidationError({"agreed_at_meeting": "Choose a later meeting of the same body"})
    if not text.strip():
        raise ValidationError({"text": "Enter the correction"})
    with transaction.atomic():
        amendment = MinutesAmendment.objects.create(
            partnership_id=item.partnership_id,
            item=item,
            agreed_at_meeting=agreed_at,
            text=text,
            recorded_by=user,
        )
        audit.record(
            action="governance.minutes.amended",
            actor=_actor(user),
            partnership_id=item.partnership_id,
            target=item,
            summary=f"Recorded a correction to the minutes of {item.title}, agreed at {agreed_at}.",
            after={"text": text},
        )
    return amendment


def attach_paper(*, item: AgendaItem, user: Any, stored_file: StoredFile) -> None:
    with transaction.atomic():
        item.papers.add(stored_file)
        audit.record(
            action="governance.item.paper_attached",
            actor=_actor(user),
            partnership_id=item.partnership_id,
            target=item,
            summary=f"Attached {stored_file.original_name} to {item.title}.",
        )


def meeting_partnership(meeting: Meeting) -> Partnership:
    return meeting.partnership
