"""Reads for the governance insight page, always through the partnership, in a bounded
number of queries whatever the number of meetings.

`governance_insight(partnership)` returns plain dataclasses (no model instances) so other
rooms (the assessment room) can read the figures as evidence. Every figure comes from
analysis_record or analysis_insight and carries its explanation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from joinedup.governance import analysis_insight as insight
from joinedup.governance import analysis_record as record
from joinedup.governance.models import Attendance, DataKind, ItemPurpose
from joinedup.governance.selectors_record import attendance_facts, challenge_points, quorum_for
from joinedup.partnerships.models import Body, Layer, Partnership, Sector

HELD = ("held", "minutes_approved")


@dataclass(frozen=True)
class LabelledRate:
    label: str
    attended: int
    expected: int
    rate: float | None
    explanation: str


@dataclass(frozen=True)
class BodyInsight:
    body_id: int
    name: str
    layer: str
    layer_label: str
    style: insight.Style
    flags: tuple[insight.Flag, ...]
    rhythm: tuple[insight.RhythmYear, ...]
    voice: insight.Voice
    quoracy: record.Quoracy


@dataclass(frozen=True)
class GovernanceInsight:
    partnership_id: int
    body_id: int | None  # None: the whole partnership
    today: dt.date
    bodies: tuple[BodyInsight, ...]
    by_member: tuple[LabelledRate, ...]
    by_seat: tuple[LabelledRate, ...]
    by_organisation: tuple[LabelledRate, ...]
    by_sector: tuple[LabelledRate, ...]
    senior: LabelledRate
    quoracy: record.Quoracy
    overdue_decisions: record.Overdue
    overdue_actions: record.Overdue
    challenges: tuple[record.ChallengePoint, ...]
    escalations: insight.EscalationSpeed
    voice: insight.Voice


def _labelled(rates: list[record.Rate], labels: dict, fallback: str) -> tuple[LabelledRate, ...]:
    return tuple(
        LabelledRate(str(labels.get(r.key, fallback)), r.attended, r.expected, r.rate, r.explanation)
        for r in rates
    )


def governance_insight(
    partnership: Partnership, *, body: Body | None = None, today: dt.date | None = None
) -> GovernanceInsight:
    """Every insight figure for a partnership (or one of its bodies)."""
    today = today or timezone.localdate()
    now = timezone.now()
    bodies = list(partnership.bodies.all() if body is None else [body])
    body_ids = [b.pk for b in bodies]

    # Attendance rates (analysis_record), labelled with names.
    facts = attendance_facts(partnership, body=body)
    people = dict(partnership.people.values_list("pk", "full_name"))
    seats = {
        pk: f"{label} ({body_name})"
        for pk, label, body_name in partnership.bodies.filter(pk__in=body_ids).values_list(
            "seats__pk", "seats__label", "name"
        )
        if pk is not None
    }
    organisations = dict(partnership.organisations.values_list("pk", "name"))
    sectors = dict(Sector.choices)
    senior = record.senior_attendance(facts)

    # Meetings (held ones, with their attendance prefetched for quorum).
    meetings = list(
        partnership.meetings.filter(body_id__in=body_ids, status__in=HELD)
        .select_related("body")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.order_by("id")))
        .order_by("starts_at")
    )
    quorate_by_body: dict[int, list[bool | None]] = {}
    held_dates: dict[int, list[dt.date]] = {}
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        held_dates.setdefault(meeting.body_id, []).append(day)
        if meeting.attendance.all():
            result = quorum_for(meeting)
            quorate_by_body.setdefault(meeting.body_id, []).append(
                result.quorate if result is not None else None
            )

    # Agenda items of held meetings, standing items left out.
    items = list(
        partnership.agenda_items.filter(
            meeting__body_id__in=body_ids, meeting__status__in=HELD, standing=""
        ).values_list(
            "meeting__body_id", "purpose", "data_kind", "minutes_allotted", "presenter_organisation__sector"
        )
    )
    purposes = dict(ItemPurpose.choices)
    kinds = dict(DataKind.choices)
    records_from = min((d for ds in held_dates.values() for d in ds), default=None)
    years = range(min(d.year for ds in held_dates.values() for d in ds), today.year + 1) if held_dates else ()

    body_rows = []
    for b in bodies:
        mine = [i for i in items if i[0] == b.pk]
        body_style = insight.style(
            [insight.ItemTime(i[1], i[2], i[3]) for i in mine],
            purpose_labels=purposes,
            data_kind_labels=kinds,
        )
        body_rows.append(
            BodyInsight(
                b.pk,
                b.name,
                b.layer,
                dict(Layer.choices).get(b.layer, b.layer),
                body_style,
                tuple(insight.style_flags(b.layer, body_style)),
                tuple(
                    insight.rhythm(
                        held_dates.get(b.pk, []),
                        b.layer,
                        b.meetings_per_year,
                        years=years,
                        year_to_date=today.year,
                        records_from=records_from,
                    )
                ),
                insight.voice(i[4] or "" for i in mine),
                record.quoracy(quorate_by_body.get(b.pk, [])),
            )
        )

    decisions = partnership.decisions.all()
    actions = partnership.meeting_actions.all()
    escalations = partnership.escalations.all()
    if body is not None:
        decisions = decisions.filter(item__meeting__body=body)
        actions = actions.filter(item__meeting__body=body)
        escalations = escalations.filter(to_body=body)

    return GovernanceInsight(
        partnership_id=partnership.pk,
        body_id=body.pk if body is not None else None,
        today=today,
        bodies=tuple(body_rows),
        by_member=_labelled(record.attendance_by_member(facts), people, "Unknown person"),
        by_seat=_labelled(record.attendance_by_seat(facts), seats, "Unknown seat"),
        by_organisation=_labelled(
            record.attendance_by_organisation(facts), organisations, "Unknown organisation"
        ),
        by_sector=_labelled(record.attendance_by_sector(facts), sectors, "Unknown sector"),
        senior=LabelledRate(
            "Senior members", senior.attended, senior.expected, senior.rate, senior.explanation
        ),
        quoracy=record.quoracy(v for vs in quorate_by_body.values() for v in vs),
        overdue_decisions=record.overdue(
            [
                record.Tracked(pk, status, due)
                for pk, status, due in decisions.values_list("pk", "status", "due_date")
            ],
            today,
            noun="decision",
        ),
        overdue_actions=record.overdue(
            [
                record.Tracked(pk, status, due)
                for pk, status, due in actions.values_list("pk", "status", "due_date")
            ],
            today,
            noun="action",
        ),
        challenges=tuple(challenge_points(partnership, body=body)),
        escalations=insight.escalation_speed(
            [
                insight.EscalationRow(pk, status, raised, considered)
                for pk, status, raised, considered in escalations.values_list(
                    "pk", "status", "raised_at", "considered_at"
                )
            ],
            now,
        ),
        voice=insight.voice(i[4] or "" for i in items),
    )
