"""The evidence metrics every room below assessment registers (core.evidence): each gives the
right value on a small partnership, lists the records behind it, is None when there is
nothing to measure, and runs the same number of queries however many rows there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.core.evidence import registry
from joinedup.core.periods import parse
from joinedup.governance.models import AgendaItem, Attendance, Challenge, Meeting
from joinedup.partnerships.models import Layer, MembershipRole, Seniority
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    SeatFactory,
    TrainingRecordFactory,
)
from joinedup.performance.models import Escalation, Indicator, Observation, PartnershipIndicator, Target
from joinedup.strategy.models import Action, Programme, Risk
from joinedup.strategy.tests.factories import (
    EvidenceFactory,
    OutcomeFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

# Every key the frameworks helper's shipped 7S framework names, apart from resources.* (that
# room does not exist: those keys must stay unregistered and read "no evidence recorded").
EXPECTED_KEYS = {
    "strategy.outcomes_with_evidence",
    "performance.outcomes_with_indicators",
    "strategy.outcomes_with_owner",
    "strategy.strategy_reviewed",
    "partnerships.chairs_by_sector",
    "partnerships.shared_leadership",
    "partnerships.collaboration_training",
    "governance.senior_attendance",
    "governance.strategic_agenda_time",
    "governance.challenges_per_meeting",
    "governance.local_government_presenters",
    "strategy.joint_actions",
    "partnerships.deputies_for_gatekeepers",
    "strategy.outcomes_with_action_plan",
    "performance.indicators_with_definitions",
    "performance.indicators_with_targets",
    "performance.fresh_validated_data",
    "performance.benchmarking",
    "governance.reporting_rhythm",
    "strategy.risk_register_coverage",
    "performance.exceptions_escalated_considered",
    "governance.published_minutes",
}


class Small:
    """A small partnership: a council and a police force, a strategic and an executive body."""

    def __init__(self) -> None:
        self.partnership = PartnershipFactory()
        self.area = AreaFactory()
        self.partnership.areas.add(self.area)
        self.council = OrganisationFactory(partnership=self.partnership, sector="local_government")
        self.police = OrganisationFactory(partnership=self.partnership, sector="police")
        self.board = BodyFactory(partnership=self.partnership, layer=Layer.STRATEGIC, meetings_per_year=None)
        self.executive = BodyFactory(partnership=self.partnership, layer=Layer.EXECUTIVE)
        self.strategy = StrategyFactory(
            partnership=self.partnership, next_review_on=timezone.localdate() + dt.timedelta(days=200)
        )
        self.priority = PriorityFactory(strategy=self.strategy)
        self.n = 0

    def grow(self) -> None:
        """One more of everything each metric counts."""
        self.n += 1
        p, n = self.partnership, self.n
        # Structure: a police chair on the executive, a council vice-chair; a seat with a
        # holder and a deputy; a board member with collaboration training.
        chair = MembershipFactory(body=self.executive, role=MembershipRole.CHAIR, represents=self.police)
        MembershipFactory(body=self.executive, role=MembershipRole.VICE_CHAIR, represents=self.council)
        seat = SeatFactory(body=self.board, organisation=self.council)
        holder = MembershipFactory(
            body=self.board, seat=seat, represents=self.council, seniority=Seniority.DIRECTOR
        )
        MembershipFactory(body=self.board, seat=seat, is_deputy=True, represents=self.council)
        TrainingRecordFactory(person=holder.person, covers_collaboration=True)
        TrainingRecordFactory(person=chair.person, covers_collaboration=False)
        # Strategy: an owned outcome with evidence, a programme with a joint action, a live risk.
        outcome = OutcomeFactory(priority=self.priority, lead_organisation=self.council)
        EvidenceFactory(outcome=outcome)
        programme = Programme.objects.create(partnership=p, title=f"Programme {n}")
        programme.outcomes.add(outcome)
        action = Action.objects.create(
            partnership=p, programme=programme, title=f"Action {n}", lead_organisation=self.council
        )
        action.contributing_organisations.add(self.police)
        Risk.objects.create(
            partnership=p,
            outcome=outcome,
            title=f"Risk {n}",
            likelihood=3,
            impact=3,
            target_likelihood=2,
            target_impact=2,
        )
        # Performance: a defined indicator measuring the outcome, with a target and a value.
        indicator = Indicator.objects.create(
            partnership=p, code=f"L{n}", title=f"Indicator {n}", definition="How"
        )
        link = PartnershipIndicator.objects.create(partnership=p, indicator=indicator)
        link.outcomes.add(outcome)
        year = parse(str(timezone.localdate().year - 1))
        Target.objects.create(partnership=p, indicator=indicator, area=self.area, period=year, value=10)
        Observation.objects.create(indicator=indicator, partnership=p, area=self.area, period=year, value=8)
        # Governance: a held meeting with approved minutes, a strategic item by the police, a challenge.
        meeting = Meeting.objects.create(
            partnership=p,
            body=self.board,
            starts_at=timezone.now() - dt.timedelta(days=100 + n),
            status="minutes_approved",
            minutes_approved_at=timezone.now(),
        )
        item = AgendaItem.objects.create(
            partnership=p,
            meeting=meeting,
            title=f"Item {n}",
            purpose="strategic_debate",
            minutes_allotted=30,
            presenter_organisation=self.police,
        )
        Challenge.objects.create(partnership=p, item=item, subject="performance", about="Why?")
        Attendance.objects.create(
            partnership=p,
            meeting=meeting,
            seat=seat,
            person=holder.person,
            status="present",
            seniority=Seniority.DIRECTOR,
        )
        Escalation.objects.create(
            partnership=p,
            indicator=indicator,
            period=year,
            variance="2 below",
            reason="Late",
            to_body=self.board,
            status=Escalation.Status.CONSIDERED,
            considered_at=timezone.now(),
        )


@pytest.fixture
def small() -> Small:
    return Small()


def _read(key: str, partnership):
    metric = registry.get(key)
    assert metric is not None, f"{key} is not registered"
    return metric.compute(partnership)


def test_every_key_the_shipped_framework_names_is_registered_and_no_resources_key_is():
    keys = {m.key for m in registry.all()}
    assert keys >= EXPECTED_KEYS
    assert not [k for k in keys if k.startswith("resources.")]


@pytest.mark.parametrize("key", sorted(EXPECTED_KEYS))
def test_a_metric_is_no_evidence_when_the_partnership_has_nothing_to_measure(key):
    partnership = PartnershipFactory()
    assert _read(key, partnership).value is None


@pytest.mark.parametrize("key", sorted(EXPECTED_KEYS))
def test_a_metric_runs_the_same_number_of_queries_however_many_rows(key, small):
    small.grow()
    with CaptureQueriesContext(connection) as one:
        _read(key, small.partnership)
    for _ in range(3):
        small.grow()
    with CaptureQueriesContext(connection) as four:
        reading = _read(key, small.partnership)
    assert len(four) == len(one), [q["sql"] for q in four.captured_queries]
    assert reading.value is not None or key == "performance.benchmarking"


def test_outcomes_with_evidence_counts_only_outcomes_with_their_own_evidence_and_links_them(small):
    small.grow()
    bare = OutcomeFactory(priority=small.priority, title="Outcome without evidence")
    reading = _read("strategy.outcomes_with_evidence", small.partnership)
    assert (reading.value, reading.numerator, reading.denominator) == (0.5, 1, 2)
    first = reading.records[0]
    assert (first.label, first.note) == ("Outcome without evidence", "no evidence")
    assert first.url.endswith(f"/outcomes/{bare.pk}/")


def test_chairs_by_sector_is_the_share_of_chairs_not_from_local_government_with_a_breakdown(small):
    small.grow()
    MembershipFactory(body=small.board, role=MembershipRole.CHAIR, represents=small.council)
    reading = _read("partnerships.chairs_by_sector", small.partnership)
    assert (reading.value, reading.numerator, reading.denominator) == (0.5, 1, 2)
    assert dict(reading.breakdown) == {"Local government": 1, "Police": 1}
    assert all("/structure/bodies/" in r.url for r in reading.records)


def test_shared_leadership_counts_executive_and_thematic_chairs_and_vice_chairs_only(small):
    small.grow()  # executive: police chair, council vice-chair
    MembershipFactory(body=small.board, role=MembershipRole.CHAIR, represents=small.police)  # strategic
    reading = _read("partnerships.shared_leadership", small.partnership)
    assert (reading.numerator, reading.denominator) == (1, 2)


def test_collaboration_training_counts_board_members_with_a_collaboration_course(small):
    small.grow()  # board: holder trained; executive: chair untrained, vice-chair none
    reading = _read("partnerships.collaboration_training", small.partnership)
    assert (reading.numerator, reading.denominator) == (1, 3)
    assert sum(1 for r in reading.records if r.note) == 2


def test_deputies_cover_seats_with_a_deputy_and_chairs_with_a_vice_chair(small):
    small.grow()
    SeatFactory(body=small.board, organisation=small.police)  # no holder: not counted
    other = SeatFactory(body=small.board, organisation=small.police)
    MembershipFactory(body=small.board, seat=other, represents=small.police)  # holder, no deputy
    reading = _read("partnerships.deputies_for_gatekeepers", small.partnership)
    assert (reading.numerator, reading.denominator) == (2, 3)
    assert reading.records[0].note == "no deputy"


def test_joint_actions_need_two_partner_organisations(small):
    small.grow()
    Action.objects.create(
        partnership=small.partnership,
        programme=Programme.objects.create(partnership=small.partnership, title="Solo"),
        title="Council alone",
        lead_organisation=small.council,
    )
    reading = _read("strategy.joint_actions", small.partnership)
    assert (reading.numerator, reading.denominator) == (1, 2)
    assert reading.records[0].label == "Council alone"


def test_strategy_reviewed_is_no_once_the_review_date_has_passed(small):
    assert _read("strategy.strategy_reviewed", small.partnership).value == 1.0
    small.strategy.next_review_on = timezone.localdate() - dt.timedelta(days=1)
    small.strategy.save()
    reading = _read("strategy.strategy_reviewed", small.partnership)
    assert reading.value == 0.0
    assert "has passed" in reading.detail


def test_challenges_per_meeting_is_a_rate(small):
    small.grow()
    small.grow()
    Challenge.objects.create(
        partnership=small.partnership, item=AgendaItem.objects.first(), subject="spending", about="Cost?"
    )
    metric = registry.get("governance.challenges_per_meeting")
    assert metric is not None and metric.unit == "rate"
    assert _read("governance.challenges_per_meeting", small.partnership).value == 1.5


def test_local_government_presenters_is_lower_is_better(small):
    small.grow()
    metric = registry.get("governance.local_government_presenters")
    assert metric is not None and not metric.higher_is_better
    assert _read("governance.local_government_presenters", small.partnership).value == 0.0


def test_published_minutes_counts_meetings_whose_minutes_are_not_approved(small):
    small.grow()
    Meeting.objects.create(
        partnership=small.partnership,
        body=small.board,
        starts_at=timezone.now() - dt.timedelta(days=120),
        status="held",
    )
    reading = _read("governance.published_minutes", small.partnership)
    assert (reading.numerator, reading.denominator) == (1, 2)
    assert reading.records[0].note == "minutes not approved"


def test_indicator_metrics_name_the_indicators_missing_a_definition_or_target(small):
    small.grow()
    bare = Indicator.objects.create(partnership=small.partnership, code="L99", title="Bare")
    PartnershipIndicator.objects.create(partnership=small.partnership, indicator=bare)
    for key, note in (
        ("performance.indicators_with_definitions", "no definition"),
        ("performance.indicators_with_targets", "no approved target"),
    ):
        reading = _read(key, small.partnership)
        assert (reading.numerator, reading.denominator) == (1, 2)
        assert (reading.records[0].label, reading.records[0].note) == ("L99 Bare", note)


def test_fresh_validated_data_leaves_out_provisional_latest_values(small):
    small.grow()
    assert _read("performance.fresh_validated_data", small.partnership).value == 1.0
    Observation.objects.update(quality="provisional")
    assert _read("performance.fresh_validated_data", small.partnership).value == 0.0


def test_escalations_considered_leave_out_withdrawn_ones(small):
    small.grow()
    indicator = Indicator.objects.get(code="L1")
    for status in (Escalation.Status.OPEN, Escalation.Status.WITHDRAWN):
        Escalation.objects.create(
            partnership=small.partnership,
            indicator=indicator,
            period=parse("2024"),
            variance="x",
            reason="y",
            to_body=small.board,
            status=status,
        )
    reading = _read("performance.exceptions_escalated_considered", small.partnership)
    assert (reading.numerator, reading.denominator) == (1, 2)


def test_risk_coverage_counts_a_risk_on_a_programme_serving_the_outcome(small):
    small.grow()
    outcome = OutcomeFactory(priority=small.priority)
    programme = Programme.objects.create(partnership=small.partnership, title="Covered through me")
    programme.outcomes.add(outcome)
    Risk.objects.create(
        partnership=small.partnership,
        programme=programme,
        title="Programme risk",
        likelihood=2,
        impact=2,
        target_likelihood=1,
        target_impact=1,
    )
    Risk.objects.create(
        partnership=small.partnership,
        outcome=OutcomeFactory(priority=small.priority),
        title="Closed",
        likelihood=2,
        impact=2,
        target_likelihood=1,
        target_impact=1,
        closed_on=timezone.localdate(),
    )
    reading = _read("strategy.risk_register_coverage", small.partnership)
    assert (reading.numerator, reading.denominator) == (2, 3)


def test_outcomes_with_indicators_and_action_plans(small):
    small.grow()
    OutcomeFactory(priority=small.priority)
    assert _read("performance.outcomes_with_indicators", small.partnership).value == 0.5
    assert _read("strategy.outcomes_with_action_plan", small.partnership).value == 0.5


def test_senior_attendance_and_agenda_time_come_from_held_meetings(small):
    small.grow()
    assert _read("governance.senior_attendance", small.partnership).value == 1.0
    assert _read("governance.strategic_agenda_time", small.partnership).value == 1.0
