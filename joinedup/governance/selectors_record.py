"""Reads for what is recorded at and after meetings, always through the partnership."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from joinedup.governance import analysis_record as analysis
from joinedup.governance.models import (
    AgendaItem,
    Attendance,
    Challenge,
    Decision,
    Interest,
    Meeting,
    MeetingAction,
)
from joinedup.governance.selectors_meetings import body_in, item_in, meeting_in  # noqa: F401 - one lookup each
from joinedup.partnerships.models import Body, Partnership, Person, Sector


def _get(queryset: QuerySet, pk: int, what: str) -> Any:
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"No such {what}")
    return obj


def decision_in(partnership: Partnership, decision_id: int) -> Decision:
    return _get(
        partnership.decisions.select_related("item", "item__meeting", "item__meeting__body"),
        decision_id,
        "decision",
    )


def meeting_action_in(partnership: Partnership, action_id: int) -> MeetingAction:
    return _get(
        partnership.meeting_actions.select_related("item", "item__meeting", "item__meeting__body"),
        action_id,
        "action",
    )


def challenge_in(partnership: Partnership, challenge_id: int) -> Challenge:
    return _get(
        partnership.challenges.select_related("item", "item__meeting", "item__meeting__body"),
        challenge_id,
        "challenge",
    )


def interest_in(partnership: Partnership, interest_id: int) -> Interest:
    return _get(partnership.interests.select_related("person", "organisation"), interest_id, "interest")


def person_in(partnership: Partnership, person_id: int) -> Person:
    return _get(partnership.people.all(), person_id, "person")


# --- attendance --------------------------------------------------------------------------------


def seats_for_grid(meeting: Meeting) -> list[dict[str, Any]]:
    """The body's seats with their holder and deputies on the meeting's day, and any saved row."""
    day = timezone.localtime(meeting.starts_at).date()
    saved = {r.seat_id: r for r in meeting.attendance.filter(seat__isnull=False)}
    rows = []
    for seat in meeting.body.seats.select_related("organisation").order_by("position", "label"):
        current = (
            seat.memberships.filter(start_date__lte=day).exclude(end_date__lt=day).select_related("person")
        )
        holder = next((m for m in current if not m.is_deputy), None)
        deputies = [m.person for m in current if m.is_deputy]
        rows.append({"seat": seat, "holder": holder, "deputies": deputies, "saved": saved.get(seat.pk)})
    return rows


def other_attendees(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.filter(seat__isnull=True).select_related("person"))


def attendance_rows(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("seat", "person", "deputy"))


def quorum_for(meeting: Meeting) -> analysis.QuorumResult | None:
    """The meeting's quorum under its body's rule, or None if no attendance is recorded."""
    rows = list(meeting.attendance.all())
    if not rows:
        return None
    body = meeting.body
    rule = analysis.QuorumRule(
        kind=body.quorum_kind,
        value=body.quorum_value,
        required_sectors=tuple(body.quorum_required_sectors or ()),
        remote_counts=body.remote_attendance_counts,
    )
    return analysis.quorum(
        rule,
        [analysis.SeatRow(r.status, r.is_voting, r.seat_id is not None, r.sector) for r in rows],
        sector_labels=dict(Sector.choices),
    )


# --- decisions and actions ---------------------------------------------------------------------


def decisions_for(partnership: Partnership, *, body: Body | None = None) -> QuerySet[Decision]:
    qs = partnership.decisions.select_related(
        "item", "item__meeting", "item__meeting__body", "owner", "report_to"
    )
    if body is not None:
        qs = qs.filter(item__meeting__body=body)
    return qs.prefetch_related("ratifications__organisation").order_by("-item__meeting__starts_at", "id")


def meeting_actions_for(
    partnership: Partnership, *, body: Body | None = None, item_ids: list[int] | None = None
) -> list[MeetingAction]:
    qs = partnership.meeting_actions.select_related("item", "item__meeting", "item__meeting__body", "owner")
    if body is not None:
        qs = qs.filter(item__meeting__body=body)
    if item_ids is not None:
        qs = qs.filter(item_id__in=item_ids)
    return list(qs)


def action_log(actions: list[MeetingAction], today: dt.date) -> list[dict[str, Any]]:
    """The action log: open first with overdue ones flagged at the top, then closed."""
    by_id = {a.pk: a for a in actions}
    tracked = [analysis.Tracked(a.pk, a.status, a.due_date) for a in actions]
    return [
        {"action": by_id[t.id], "overdue": analysis.is_overdue(t, today)}
        for t in analysis.action_log_order(tracked, today)
    ]


def challenges_for(partnership: Partnership, *, meeting: Meeting | None = None) -> QuerySet[Challenge]:
    qs = partnership.challenges.select_related(
        "item",
        "item__meeting",
        "item__meeting__body",
        "challenger",
        "challenged_person",
        "challenged_organisation",
    )
    if meeting is not None:
        qs = qs.filter(item__meeting=meeting)
    return qs.order_by("-item__meeting__starts_at", "item__position", "id")


# --- interests and prompts ---------------------------------------------------------------------


def interests_for(partnership: Partnership) -> QuerySet[Interest]:
    today = timezone.localdate()
    return (
        partnership.interests.select_related("person", "organisation")
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by("person__full_name", "-registered_on")
    )


def members_of(body: Body, day: dt.date) -> list[Person]:
    memberships = (
        body.memberships.filter(start_date__lte=day).exclude(end_date__lt=day).select_related("person")
    )
    return list({m.person.pk: m.person for m in memberships}.values())


def prompts_for_item(item: AgendaItem) -> list[analysis.Prompt]:
    """Members of the item's body who may need to declare an interest on it, and why."""
    concerned = list(item.organisations.values_list("pk", flat=True))
    if not concerned:
        return []
    meeting = item.meeting
    day = timezone.localtime(meeting.starts_at).date()
    memberships = list(
        meeting.body.memberships.filter(start_date__lte=day)
        .exclude(end_date__lt=day)
        .select_related("person", "seat")
    )
    people = {m.person.pk: m.person for m in memberships}
    seat_orgs: dict[int, list[int]] = {}
    for m in memberships:
        if m.seat is not None and m.seat.organisation_id:
            seat_orgs.setdefault(m.person.pk, []).append(m.seat.organisation_id)
    interest_orgs: dict[int, list[int]] = {}
    for interest in item.partnership.interests.filter(
        person_id__in=list(people), organisation__isnull=False
    ).exclude(ended_on__lt=day):
        interest_orgs.setdefault(interest.person_id, []).append(interest.organisation_id)  # type: ignore[arg-type]
    names = dict(item.partnership.organisations.values_list("pk", "name"))
    members = [
        analysis.MemberLinks(
            person.pk,
            person.full_name,
            person.organisation_id,
            tuple(seat_orgs.get(person.pk, ())),
            tuple(interest_orgs.get(person.pk, ())),
        )
        for person in people.values()
    ]
    declared = item.declarations.values_list("person_id", flat=True)
    return analysis.declaration_prompts(concerned, names, members, already_declared=declared)


# --- insight inputs (for the insight page; every figure comes from analysis_record) ------------


def attendance_facts(partnership: Partnership, *, body: Body | None = None) -> list[analysis.AttendanceRow]:
    """Seat rows of held meetings as plain values for the attendance-rate functions."""
    qs = partnership.attendances.filter(seat__isnull=False).select_related("seat")
    if body is not None:
        qs = qs.filter(meeting__body=body)
    return [
        analysis.AttendanceRow(
            meeting_id=r.meeting_id,
            status=r.status,
            seat_id=r.seat_id,
            person_id=r.person_id,
            organisation_id=r.seat.organisation_id if r.seat is not None else None,
            sector=r.sector,
            seniority=r.seniority,
        )
        for r in qs
    ]


def quoracy_for(partnership: Partnership, *, body: Body | None = None) -> analysis.Quoracy:
    """Quoracy across the meetings with recorded attendance."""
    meetings = partnership.meetings.filter(attendance__isnull=False).distinct().select_related("body")
    if body is not None:
        meetings = meetings.filter(body=body)
    results = []
    for meeting in meetings:
        result = quorum_for(meeting)
        results.append(result.quorate if result is not None else None)
    return analysis.quoracy(results)


def overdue_figures(partnership: Partnership, today: dt.date) -> dict[str, analysis.Overdue]:
    return {
        "decisions": analysis.overdue(
            [analysis.Tracked(d.pk, d.status, d.due_date) for d in partnership.decisions.all()],
            today,
            noun="decision",
        ),
        "actions": analysis.overdue(
            [analysis.Tracked(a.pk, a.status, a.due_date) for a in partnership.meeting_actions.all()],
            today,
            noun="action",
        ),
    }


def challenge_points(partnership: Partnership, *, body: Body | None = None) -> list[analysis.ChallengePoint]:
    """Challenges per held meeting, by calendar year."""
    from django.db.models import Count

    meetings = partnership.meetings.filter(status__in=["held", "minutes_approved"])
    if body is not None:
        meetings = meetings.filter(body=body)
    counted = meetings.annotate(n=Count("items__challenges"))
    return analysis.challenges_per_meeting((timezone.localtime(m.starts_at).date(), m.n) for m in counted)


def record_history(record: Any, limit: int = 30) -> Any:
    """Audit entries about one decision, action, challenge or interest, newest first."""
    from joinedup.core.audit import history_for

    return history_for(record, partnership_id=record.partnership_id)[:limit]
