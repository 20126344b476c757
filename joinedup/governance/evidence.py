"""The governance room's evidence metrics (core.evidence): what the meetings record shows
about the Staff and skills, Style and Systems elements of the 7S framework. Registered from
GovernanceConfig.ready(); thresholds and reasoning in docs/assessment.md ("Evidence metrics").

The figures are the governance insight page's own (analysis_record, analysis_insight, over
the rows selectors_record and selectors_insight read), so "how was this computed" links there.
Every compute runs a fixed number of queries and returns value None when there is nothing
to measure (no held meetings, no timed items, no presenters).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from joinedup.core import evidence
from joinedup.core.evidence import Reading, Record
from joinedup.governance import analysis_insight as insight
from joinedup.governance import analysis_record as record
from joinedup.governance.models import DataKind, ItemPurpose, MeetingStatus
from joinedup.governance.selectors_insight import HELD
from joinedup.governance.selectors_record import attendance_facts, challenge_points

# Agenda purposes that are the strategic business of a partnership (not reporting detail).
STRATEGIC_PURPOSES = (ItemPurpose.STRATEGIC_DEBATE, ItemPurpose.DECISION)
# Minutes of a meeting held longer ago than this should be approved and published.
MINUTES_DUE_DAYS = 90
# Rhythm verdicts that say a body met as often as its layer expects.
RHYTHM_MET = ("within", "above")
RHYTHM_JUDGED = ("below", "within", "above")


def _insight_url(partnership: Any) -> str:
    return reverse("governance:insight", kwargs={"slug": partnership.slug})


def _body_insight_url(partnership: Any, body_id: int) -> str:
    return reverse("governance:body_insight", kwargs={"slug": partnership.slug, "body_id": body_id})


def _items(partnership: Any) -> list[tuple[int, str, str, str, int | None, str]]:
    """Non-standing agenda items of held meetings: body id, body name, purpose, data kind,
    minutes allotted, presenter's sector. One query."""
    return list(
        partnership.agenda_items.filter(meeting__status__in=HELD, standing="").values_list(
            "meeting__body_id",
            "meeting__body__name",
            "purpose",
            "data_kind",
            "minutes_allotted",
            "presenter_organisation__sector",
        )
    )


def senior_attendance(partnership: Any) -> Reading:
    rate = record.senior_attendance(attendance_facts(partnership))
    return Reading(
        value=rate.rate,
        numerator=rate.attended,
        denominator=rate.expected,
        detail=rate.explanation,
        records=(Record("Governance insight: attendance", _insight_url(partnership)),),
    )


def strategic_agenda_time(partnership: Any) -> Reading:
    items = _items(partnership)
    style = insight.style(
        [insight.ItemTime(i[2], i[3], i[4]) for i in items],
        purpose_labels=dict(ItemPurpose.choices),
        data_kind_labels=dict(DataKind.choices),
    )
    share = style.share_of(*STRATEGIC_PURPOSES)
    strategic = sum(s.minutes for s in style.by_purpose if s.key in STRATEGIC_PURPOSES)
    bodies: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for body_id, name, purpose, _kind, minutes, _sector in items:
        names[body_id] = name
        tally = bodies.setdefault(body_id, [0, 0])
        tally[1] += minutes or 0
        if purpose in STRATEGIC_PURPOSES:
            tally[0] += minutes or 0
    return Reading(
        value=share,
        numerator=strategic,
        denominator=style.total_minutes,
        detail=f"{strategic} of {style.total_minutes} minutes allotted at held meetings went to strategic "
        f"debate and decisions. {style.explanation}",
        records=tuple(
            Record(names[b], _body_insight_url(partnership, b), f"{s} of {t} minutes strategic")
            for b, (s, t) in sorted(bodies.items(), key=lambda kv: names[kv[0]])
        ),
        breakdown=tuple((s.label, s.minutes) for s in style.by_purpose),
    )


def challenges_per_meeting(partnership: Any) -> Reading:
    points = challenge_points(partnership)
    meetings = sum(p.meetings for p in points)
    challenges = sum(p.challenges for p in points)
    url = reverse("governance:challenges", kwargs={"slug": partnership.slug})
    return Reading(
        value=challenges / meetings if meetings else None,
        numerator=challenges,
        denominator=meetings,
        detail=f"{challenges} challenges recorded across {meetings} held meetings.",
        records=tuple(Record(str(p.year), url, p.explanation) for p in points),
        breakdown=tuple((str(p.year), round(p.per_meeting or 0, 2)) for p in points),
    )


def local_government_presenters(partnership: Any) -> Reading:
    voice = insight.voice(i[5] or "" for i in _items(partnership))
    known = voice.local_government + voice.other
    return Reading(
        value=voice.local_share,
        numerator=voice.local_government,
        denominator=known,
        detail=voice.explanation,
        records=(Record("Governance insight: who presents", _insight_url(partnership)),),
        breakdown=voice.by_sector,
    )


def reporting_rhythm(partnership: Any) -> Reading:
    today = timezone.localdate()
    bodies = list(partnership.bodies.order_by("name").values_list("pk", "name", "layer", "meetings_per_year"))
    held: dict[int, list[dt.date]] = {}
    for body_id, starts_at in partnership.meetings.filter(status__in=HELD).values_list(
        "body_id", "starts_at"
    ):
        held.setdefault(body_id, []).append(timezone.localtime(starts_at).date())
    days = [d for ds in held.values() for d in ds]
    records_from = min(days, default=None)
    years = range(records_from.year, today.year + 1) if records_from else range(0)
    met = judged = 0
    records = []
    for pk, name, layer, per_year in bodies:
        rows = insight.rhythm(
            held.get(pk, []), layer, per_year, years=years, year_to_date=today.year, records_from=records_from
        )
        last = next((r for r in reversed(rows) if r.verdict in RHYTHM_JUDGED), None)
        if last is None:
            continue
        judged += 1
        ok = last.verdict in RHYTHM_MET
        met += ok
        records.append(Record(name, _body_insight_url(partnership, pk), last.explanation))
    return Reading(
        value=evidence.share(met, judged),
        numerator=met,
        denominator=judged,
        detail=f"{met} of {judged} bodies met at least as often as expected in their latest complete "
        "year of records (the body's own number, or the report's range for its layer).",
        records=tuple(records),
    )


def published_minutes(partnership: Any) -> Reading:
    cutoff = timezone.now() - dt.timedelta(days=MINUTES_DUE_DAYS)
    meetings = list(
        partnership.meetings.filter(status__in=HELD, starts_at__lte=cutoff)
        .select_related("body")
        .order_by("-starts_at")
    )
    approved = [m for m in meetings if m.status == MeetingStatus.MINUTES_APPROVED or m.minutes_approved_at]

    def rec(m: Any) -> Record:
        url = reverse("governance:meeting", kwargs={"slug": partnership.slug, "meeting_id": m.pk})
        ok = m in approved
        return Record(str(m), url, "" if ok else "minutes not approved")

    records = sorted((rec(m) for m in meetings), key=lambda r: r.note == "")
    return Reading(
        value=evidence.share(len(approved), len(meetings)),
        numerator=len(approved),
        denominator=len(meetings),
        detail=f"{len(approved)} of {len(meetings)} meetings held more than {MINUTES_DUE_DAYS} days ago have "
        "approved, published minutes.",
        records=tuple(records),
    )


def register_all() -> None:
    metric = evidence.registrar("governance", records_url=_insight_url)

    metric(
        "senior_attendance",
        "staff_skills",
        "Senior attendance",
        "The attendance rate of senior members (elected members, chief executives and directors) at "
        "held meetings, over the seats they were expected at, as on the governance insight page.",
        senior_attendance,
        green_at=0.75,
        amber_at=0.6,
    )
    metric(
        "strategic_agenda_time",
        "style",
        "Agenda time on strategic items",
        "The share of agenda minutes allotted at held meetings (standing items left out) that went to "
        "strategic debate and decisions rather than performance reports, information and other items.",
        strategic_agenda_time,
        green_at=0.5,
        amber_at=0.3,
    )
    metric(
        "challenges_per_meeting",
        "style",
        "Challenges per meeting",
        "Challenges recorded at held meetings divided by the number of held meetings, over every year "
        "recorded.",
        challenges_per_meeting,
        unit="rate",
        green_at=1.0,
        amber_at=0.5,
        records_url=lambda p: reverse("governance:challenges", kwargs={"slug": p.slug}),
    )
    metric(
        "local_government_presenters",
        "style",
        "Local-government share of presenters",
        "Of the agenda items at held meetings with a presenting organisation (standing items left out), "
        "the share presented by local government. Lower is better: a partnership where the council "
        "presents most items is not shared.",
        local_government_presenters,
        higher_is_better=False,
        green_at=0.5,
        amber_at=0.7,
    )
    metric(
        "reporting_rhythm",
        "systems",
        "Reporting rhythm by layer",
        "Of the bodies with a judged year, the share that held at least as many meetings as expected in "
        "their latest complete year of records: the body's own expected number, otherwise the report's "
        "range for its layer (strategic 3 to 4 a year, executive 6 to 12, thematic 12 or more). The "
        "current year and a part year when records start are not judged.",
        reporting_rhythm,
        green_at=0.8,
        amber_at=0.5,
    )
    metric(
        "published_minutes",
        "systems",
        "Published minutes",
        f"Of the meetings held more than {MINUTES_DUE_DAYS} days ago, the share whose minutes have been "
        "approved (and so published to members).",
        published_minutes,
        green_at=0.9,
        amber_at=0.7,
        records_url=lambda p: reverse("governance:meetings", kwargs={"slug": p.slug}),
    )
