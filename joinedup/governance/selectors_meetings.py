"""Reading meetings and agendas, always through the partnership."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone

from joinedup.governance.models import AgendaItem, ItemPurpose, Meeting, MeetingStatus
from joinedup.partnerships.models import Body, Partnership

UPCOMING = (MeetingStatus.PLANNED, MeetingStatus.PAPERS_PUBLISHED, MeetingStatus.POSTPONED)


def body_in(partnership: Partnership, body_id: int) -> Body:
    body = partnership.bodies.filter(pk=body_id).first()
    if body is None:
        raise Http404("No such body")
    return body


def meeting_in(partnership: Partnership, meeting_id: int) -> Meeting:
    meeting = (
        partnership.meetings.select_related("body__notice_rule", "minutes_approved_at_meeting")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def item_in(partnership: Partnership, item_id: int) -> AgendaItem:
    item = (
        partnership.agenda_items.select_related(
            "meeting", "meeting__body", "presenter", "presenter_organisation"
        )
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404("No such agenda item")
    return item


def meetings_of(partnership: Partnership, body: Body | None = None) -> Any:
    qs = partnership.meetings.select_related("body__notice_rule")
    if body is not None:
        qs = qs.filter(body=body)
    return qs.order_by("starts_at")


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.partnership.agenda_items.filter(meeting=meeting)
        .select_related("presenter", "presenter_organisation")
        .prefetch_related("papers", "organisations", "amendments__agreed_at_meeting")
        .order_by("position", "id")
    )


def later_meetings(meeting: Meeting) -> Any:
    return meeting.partnership.meetings.filter(
        body_id=meeting.body_id, starts_at__gt=meeting.starts_at
    ).order_by("starts_at")


def forward_plan(partnership: Partnership, *, now: dt.datetime | None = None) -> list[Meeting]:
    """Coming meetings (not cancelled), soonest first, each with the key decisions it will take
    (`meeting.key_decision_items`: its items marked as a key decision, in agenda order)."""
    from django.db.models import Prefetch

    now = now or timezone.now()
    key_items = partnership.agenda_items.filter(is_key_decision=True).order_by("position", "id")
    return list(
        partnership.meetings.filter(starts_at__gte=now, status__in=UPCOMING)
        .select_related("body__notice_rule")
        .prefetch_related(Prefetch("items", queryset=key_items, to_attr="key_decision_items"))
        .order_by("starts_at")
    )


def decision_items(partnership: Partnership, meetings: list[Meeting]) -> dict[int, list[AgendaItem]]:
    result: dict[int, list[AgendaItem]] = {m.pk: [] for m in meetings}
    items = (
        partnership.agenda_items.filter(meeting__in=meetings, purpose=ItemPurpose.DECISION)
        .exclude(standing__gt="")
        .prefetch_related("decisions")
        .order_by("position")
    )
    for item in items:
        result[item.meeting_id].append(item)
    return result


def clerks_of(body: Body) -> Any:
    return body.clerks.select_related("user").order_by("user__full_name")


def partnership_users(partnership: Partnership) -> Any:
    from django.contrib.auth import get_user_model

    ids = partnership.roles.values_list("user_id", flat=True)
    return get_user_model()._default_manager.filter(pk__in=ids).order_by("full_name", "email")
