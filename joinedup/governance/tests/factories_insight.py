"""A small recorded history for the insight page: a strategic forum that spends its time on
performance detail and never discusses money, an executive board, held meetings with
attendance, items, a decision, an action, a challenge and an escalated exception."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from joinedup.core.periods import Period
from joinedup.governance import models
from joinedup.governance.tests.factories_record import (
    ChallengeFactory,
    DecisionFactory,
    MeetingActionFactory,
    RecordItemFactory,
    RecordMeetingFactory,
)
from joinedup.partnerships.models import Layer, Sector, Seniority
from joinedup.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    SeatFactory,
)
from joinedup.performance.models import Escalation
from joinedup.performance.tests.factories_library import LocalIndicatorFactory


def insight_history(partnership: Any, *, meetings: int = 3) -> dict[str, Any]:
    """`meetings` held meetings of a strategic forum, one a year back from last month."""
    council = OrganisationFactory(
        partnership=partnership, name="Insight Council", sector=Sector.LOCAL_GOVERNMENT
    )
    nhs = OrganisationFactory(partnership=partnership, name="Insight NHS Trust", sector=Sector.HEALTH)
    forum = BodyFactory(
        partnership=partnership,
        name="Insight Forum",
        layer=Layer.STRATEGIC,
        meetings_per_year=None,
        quorum_value=2,
    )
    board = BodyFactory(partnership=partnership, name="Insight Board", layer=Layer.EXECUTIVE)
    council_seat = SeatFactory(
        body=forum, label="Council leader", organisation=council, sector=Sector.LOCAL_GOVERNMENT
    )
    nhs_seat = SeatFactory(body=forum, label="NHS chief executive", organisation=nhs, sector=Sector.HEALTH)
    leader = MembershipFactory(
        body=forum, seat=council_seat, seniority=Seniority.ELECTED_MEMBER, start_date="2015-01-01"
    )
    chief = MembershipFactory(
        body=forum, seat=nhs_seat, seniority=Seniority.CHIEF_EXECUTIVE, start_date="2015-01-01"
    )
    held = []
    now = timezone.now()
    for n in range(meetings):
        meeting = RecordMeetingFactory(
            body=forum, partnership=partnership, starts_at=now - dt.timedelta(days=30 + 365 * n)
        )
        held.append(meeting)
        RecordItemFactory(
            meeting=meeting, standing=models.StandingItem.MINUTES, title="Minutes", minutes_allotted=5
        )
        perf = RecordItemFactory(
            meeting=meeting,
            purpose=models.ItemPurpose.PERFORMANCE,
            data_kind=models.DataKind.OUTPUT,
            minutes_allotted=45,
            presenter_organisation=council,
        )
        RecordItemFactory(
            meeting=meeting,
            purpose=models.ItemPurpose.STRATEGIC_DEBATE,
            data_kind=models.DataKind.OUTCOME,
            minutes_allotted=15,
            presenter_organisation=nhs,
        )
        models.Attendance.objects.create(
            partnership=partnership,
            meeting=meeting,
            seat=council_seat,
            person=leader.person,
            status="present",
            sector=Sector.LOCAL_GOVERNMENT,
            seniority=Seniority.ELECTED_MEMBER,
        )
        models.Attendance.objects.create(
            partnership=partnership,
            meeting=meeting,
            seat=nhs_seat,
            person=chief.person,
            status="apologies" if n == 0 else "present",
            sector=Sector.HEALTH,
            seniority=Seniority.CHIEF_EXECUTIVE,
        )
        ChallengeFactory(item=perf)
    decision = DecisionFactory(item=perf, due_date=dt.date(2020, 1, 1))
    action = MeetingActionFactory(item=perf, due_date=dt.date(2020, 1, 1))
    indicator = LocalIndicatorFactory(partnership=partnership)
    escalation = Escalation.objects.create(
        partnership=partnership,
        indicator=indicator,
        period=_period("2024"),
        variance="12 above target",
        reason="Rising",
        from_body=forum,
        to_body=board,
        raised_at=now - dt.timedelta(days=40),
        status=Escalation.Status.CONSIDERED,
        considered_at=now - dt.timedelta(days=26),
    )
    return {
        "forum": forum,
        "board": board,
        "meetings": held,
        "decision": decision,
        "action": action,
        "escalation": escalation,
        "leader": leader.person,
        "chief": chief.person,
    }


def _period(text: str) -> Period:
    from joinedup.core.periods import parse

    return parse(text)


def add_insight_to_world(world: Any) -> None:
    """world.insight_body: a body of world.partnership with a recorded history."""
    history = insight_history(world.partnership, meetings=2)
    world.insight_body = history["forum"]
