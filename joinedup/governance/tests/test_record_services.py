"""Attendance grid saves, decisions, ratifications, actions, challenges, interests and
declarations: the services and the permission rules, without HTTP."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from joinedup.core.models import AuditEntry
from joinedup.governance import rules
from joinedup.governance import selectors_record as selectors
from joinedup.governance.models import Attendance, BodyClerk, Ratification
from joinedup.governance.services import record as services
from joinedup.governance.tests.factories_record import (
    InterestFactory,
    RecordItemFactory,
    RecordMeetingFactory,
)
from joinedup.partnerships.access import PartnershipAccess
from joinedup.partnerships.models import Sector
from joinedup.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    SeatFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    partnership = PartnershipFactory()
    body = BodyFactory(partnership=partnership, quorum_value=2, remote_attendance_counts=False)
    health = OrganisationFactory(partnership=partnership, sector=Sector.HEALTH, name="Hospital Trust")
    seats = [SeatFactory(body=body, label=f"Seat {i}", organisation=health, position=i) for i in range(3)]
    holders = [
        MembershipFactory(body=body, seat=s, seniority="director", start_date="2020-01-01") for s in seats
    ]
    meeting = RecordMeetingFactory(body=body, partnership=partnership)
    editor = user_with_role(partnership, "editor")
    return partnership, body, seats, holders, meeting, editor


def test_attendance_is_saved_with_snapshots_and_audited(board):
    partnership, _body, seats, holders, meeting, editor = board
    deputy = PersonFactory(partnership=partnership)
    guest = PersonFactory(partnership=partnership)
    services.save_attendance(
        meeting=meeting,
        user=editor,
        seats=[
            services.SeatEntry(seats[0], "present"),
            services.SeatEntry(seats[1], "remote"),
            services.SeatEntry(seats[2], "deputy", deputy),
        ],
        others=[services.OtherEntry(guest, "present")],
        fingerprint=services.attendance_fingerprint(meeting),
    )
    rows = {r.seat_id: r for r in Attendance.objects.filter(meeting=meeting)}
    assert rows[seats[0].pk].person == holders[0].person
    assert rows[seats[0].pk].sector == Sector.HEALTH
    assert rows[seats[0].pk].seniority == "director"
    assert rows[seats[2].pk].deputy == deputy
    assert rows[None].is_voting is False
    assert AuditEntry.objects.filter(action="governance.attendance.recorded").count() == 1
    quorum = selectors.quorum_for(meeting)
    assert quorum.quorate is True  # in person and the deputy make two; remote does not count
    assert "remote attendance does not count" in quorum.explanation


def test_attendance_is_all_or_nothing(board):
    _partnership, _body, seats, _holders, meeting, editor = board
    with pytest.raises(ValidationError):
        services.save_attendance(
            meeting=meeting,
            user=editor,
            seats=[services.SeatEntry(seats[0], "present"), services.SeatEntry(seats[1], "deputy")],
            others=[],
            fingerprint=services.attendance_fingerprint(meeting),
        )
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_a_stale_attendance_grid_does_not_overwrite(board):
    _partnership, _body, seats, _holders, meeting, editor = board
    opened = services.attendance_fingerprint(meeting)
    services.save_attendance(
        meeting=meeting,
        user=editor,
        seats=[services.SeatEntry(seats[0], "present")],
        others=[],
        fingerprint=opened,
    )
    with pytest.raises(services.AttendanceConflict):
        services.save_attendance(
            meeting=meeting,
            user=editor,
            seats=[services.SeatEntry(seats[0], "absent")],
            others=[],
            fingerprint=opened,
        )
    assert Attendance.objects.get(meeting=meeting).status == "present"


def test_a_seat_of_another_body_is_refused(board):
    partnership, _body, _seats, _holders, meeting, editor = board
    other_seat = SeatFactory(body=BodyFactory(partnership=partnership))
    with pytest.raises(ValidationError):
        services.save_attendance(
            meeting=meeting,
            user=editor,
            seats=[services.SeatEntry(other_seat, "present")],
            others=[],
            fingerprint=services.attendance_fingerprint(meeting),
        )


def test_decision_links_are_limited_to_the_partnership(board):
    from joinedup.strategy.tests.delivery_factories import ProgrammeFactory

    partnership, _body, _seats, _holders, meeting, editor = board
    item = RecordItemFactory(meeting=meeting)
    elsewhere = ProgrammeFactory(partnership=PartnershipFactory())
    with pytest.raises(ValidationError):
        services.create_decision(
            item=item, user=editor, fields={"text": "Agreed"}, links={"programmes": [elsewhere]}
        )
    own = ProgrammeFactory(partnership=partnership)
    decision = services.create_decision(
        item=item,
        user=editor,
        fields={"text": "Agreed", "needs_ratification": True},
        links={"programmes": [own]},
    )
    assert list(decision.programmes.all()) == [own]


def test_each_partner_ratification_is_recorded_once_and_updated(board):
    partnership, _body, _seats, _holders, meeting, editor = board
    item = RecordItemFactory(meeting=meeting)
    decision = services.create_decision(item=item, user=editor, fields={"text": "Pool budgets"}, links={})
    council = OrganisationFactory(partnership=partnership)
    services.record_ratification(decision=decision, user=editor, organisation=council, outcome="pending")
    with pytest.raises(ValidationError):
        services.record_ratification(decision=decision, user=editor, organisation=council, outcome="ratified")
    services.record_ratification(
        decision=decision, user=editor, organisation=council, outcome="ratified", decided_on="2026-01-05"
    )
    assert Ratification.objects.get(decision=decision).outcome == "ratified"


def test_marking_an_action_done_records_the_done_date(board):
    _partnership, _body, _seats, _holders, meeting, editor = board
    item = RecordItemFactory(meeting=meeting)
    action = services.create_meeting_action(
        item=item, user=editor, fields={"description": "Write to NHS"}, links={}
    )
    services.update_meeting_action(
        action=action, user=editor, expected_version=action.version, fields={"status": "done"}, links={}
    )
    action.refresh_from_db()
    assert action.done_on is not None


def test_a_challenge_names_who_was_challenged(board):
    partnership, _body, _seats, _holders, meeting, editor = board
    item = RecordItemFactory(meeting=meeting)
    challenger = PersonFactory(partnership=partnership)
    with pytest.raises(ValidationError):
        services.create_challenge(
            item=item,
            user=editor,
            fields={"subject": "spending", "challenger": challenger, "about": "Overspend"},
        )
    council = OrganisationFactory(partnership=partnership)
    challenge = services.create_challenge(
        item=item,
        user=editor,
        fields={
            "subject": "spending",
            "challenger": challenger,
            "challenged_organisation": council,
            "about": "Overspend",
        },
    )
    assert challenge.pk


def _access(user, partnership, role):
    return PartnershipAccess(partnership=partnership, user=user, role=role)


def test_clerks_manage_their_body_only(board):
    partnership, body, _seats, _holders, _meeting, editor = board
    clerk = user_with_role(partnership, "viewer")
    BodyClerk.objects.create(partnership=partnership, body=body, user=clerk)
    access = _access(clerk, partnership, "viewer")
    assert rules.may_manage_meetings(access, body)
    assert not rules.may_manage_meetings(access, BodyFactory(partnership=partnership))
    assert rules.may_manage_meetings(_access(editor, partnership, "editor"), body)


def test_members_declare_for_themselves_only(board):
    partnership, body, _seats, holders, _meeting, _editor = board
    user = user_with_role(partnership, "member")
    me = holders[0].person
    me.user = user
    me.save()
    access = _access(user, partnership, "member")
    assert rules.may_declare_for(access, body, me)
    assert not rules.may_declare_for(access, body, holders[1].person)
    outsider = user_with_role(partnership, "viewer")
    assert not rules.may_declare(_access(outsider, partnership, "viewer"), body)


def test_sensitive_interest_details_are_for_the_person_and_editors(board):
    partnership, _body, _seats, _holders, _meeting, editor = board
    owner_user = user_with_role(partnership, "viewer")
    person = PersonFactory(partnership=partnership, user=owner_user)
    interest = InterestFactory(person=person, is_sensitive=True)
    viewer = user_with_role(partnership, "viewer")
    assert rules.may_see_interest_details(_access(owner_user, partnership, "viewer"), interest)
    assert rules.may_see_interest_details(_access(editor, partnership, "editor"), interest)
    assert not rules.may_see_interest_details(_access(viewer, partnership, "viewer"), interest)


def test_a_member_whose_employer_the_item_concerns_is_prompted(board):
    partnership, _body, _seats, holders, meeting, editor = board
    council = OrganisationFactory(partnership=partnership, name="Northshire Council")
    employee = holders[1].person
    employee.organisation = council
    employee.save()
    item = RecordItemFactory(meeting=meeting)
    item.organisations.add(council)
    prompts = selectors.prompts_for_item(item)
    assert [p.person_id for p in prompts] == [employee.pk]
    assert "you work for Northshire Council" in prompts[0].why
    services.create_declaration(item=item, user=editor, person=employee, nature="Employee")
    assert selectors.prompts_for_item(item) == []


def test_a_person_declares_once_per_item(board):
    _partnership, _body, _seats, holders, meeting, editor = board
    item = RecordItemFactory(meeting=meeting)
    person = holders[0].person
    services.create_declaration(item=item, user=editor, person=person, nature="Trustee")
    with pytest.raises(ValidationError):
        services.create_declaration(item=item, user=editor, person=person, nature="Trustee again")


def test_insight_inputs_feed_the_pure_functions(board):
    from joinedup.governance.tests.factories_record import ChallengeFactory, MeetingActionFactory

    partnership, _body, seats, holders, meeting, editor = board
    services.save_attendance(
        meeting=meeting,
        user=editor,
        seats=[services.SeatEntry(seats[0], "present"), services.SeatEntry(seats[1], "apologies")],
        others=[],
        fingerprint=services.attendance_fingerprint(meeting),
    )
    facts = selectors.attendance_facts(partnership)
    assert {(f.person_id, f.status) for f in facts} == {
        (holders[0].person_id, "present"),
        (holders[1].person_id, "apologies"),
    }
    assert selectors.quoracy_for(partnership).judged == 1
    item = RecordItemFactory(meeting=meeting)
    ChallengeFactory(item=item)
    (point,) = selectors.challenge_points(partnership)
    assert (point.meetings, point.challenges) == (1, 1)
    MeetingActionFactory(item=item, due_date="2020-01-01")
    import datetime as dt

    assert selectors.overdue_figures(partnership, dt.date(2026, 1, 1))["actions"].overdue == 1
