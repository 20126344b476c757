"""Meetings rules and services: who manages and who sees exempt items, standing items,
reordering, status changes, late papers, locked minutes and amendments, clerks. All audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from joinedup.core.models import AuditEntry
from joinedup.governance import rules
from joinedup.governance.models import MeetingStatus, NoticeRule, StandingItem
from joinedup.governance.services import meetings as services
from joinedup.governance.tests.factories_meetings import AgendaItemFactory, MeetingFactory, london
from joinedup.partnerships.access import PartnershipAccess
from joinedup.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place")


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, name="Health and Wellbeing Board")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, "editor")


def access_for(partnership, user):
    role = user.partnership_roles.get(partnership=partnership).role
    return PartnershipAccess(partnership=partnership, user=user, role=role)


def _actions(partnership):
    return list(AuditEntry.objects.filter(partnership_id=partnership.pk).values_list("action", flat=True))


# --- rules ------------------------------------------------------------------------------------


def test_admins_editors_and_the_bodys_clerks_manage_its_meetings(partnership, body):
    other = BodyFactory(partnership=partnership)
    admin = user_with_role(partnership, "admin")
    editor = user_with_role(partnership, "editor")
    viewer = user_with_role(partnership, "viewer")
    member = user_with_role(partnership, "member")
    clerk = user_with_role(partnership, "viewer")
    services.add_clerk(body=body, clerk_user=clerk, user=admin)
    assert rules.may_manage_meetings(access_for(partnership, admin), body)
    assert rules.may_manage_meetings(access_for(partnership, editor), body)
    assert rules.may_manage_meetings(access_for(partnership, clerk), body)
    assert not rules.may_manage_meetings(access_for(partnership, clerk), other)
    assert not rules.may_manage_meetings(access_for(partnership, viewer), body)
    assert not rules.may_manage_meetings(access_for(partnership, member), body)


def test_exempt_items_are_seen_by_members_of_the_body_clerks_editors_and_admins(partnership, body):
    admin = user_with_role(partnership, "admin")
    viewer = user_with_role(partnership, "viewer")
    sitting = user_with_role(partnership, "viewer")
    former = user_with_role(partnership, "viewer")
    MembershipFactory(body=body, person=PersonFactory(partnership=partnership, user=sitting))
    MembershipFactory(
        body=body,
        person=PersonFactory(partnership=partnership, user=former),
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    clerk = user_with_role(partnership, "scrutiny")
    services.add_clerk(body=body, clerk_user=clerk, user=admin)
    assert rules.may_see_exempt(access_for(partnership, admin), body)
    assert rules.may_see_exempt(access_for(partnership, sitting), body)
    assert rules.may_see_exempt(access_for(partnership, clerk), body)
    assert not rules.may_see_exempt(access_for(partnership, viewer), body)
    assert not rules.may_see_exempt(access_for(partnership, former), body)
    assert not rules.may_see_exempt(access_for(partnership, sitting), BodyFactory(partnership=partnership))


def test_only_admins_manage_clerks(partnership):
    assert rules.may_manage_clerks(access_for(partnership, user_with_role(partnership, "admin")))
    assert not rules.may_manage_clerks(access_for(partnership, user_with_role(partnership, "editor")))


# --- clerks -----------------------------------------------------------------------------------


def test_a_clerk_must_use_the_partnership_and_is_added_once(partnership, body, editor):
    admin = user_with_role(partnership, "admin")
    outsider = user_with_role(PartnershipFactory(), "admin")
    with pytest.raises(ValidationError):
        services.add_clerk(body=body, clerk_user=outsider, user=admin)
    clerk = services.add_clerk(body=body, clerk_user=editor, user=admin)
    with pytest.raises(ValidationError):
        services.add_clerk(body=body, clerk_user=editor, user=admin)
    services.remove_clerk(clerk=clerk, user=admin)
    assert not body.clerks.exists()
    assert sorted(_actions(partnership)) == ["governance.clerk.added", "governance.clerk.removed"]


# --- meetings ---------------------------------------------------------------------------------


def test_every_new_agenda_starts_with_the_three_standing_items(body, editor):
    meeting = services.create_meeting(
        body=body, user=editor, fields={"starts_at": london(2026, 5, 12), "place": "Town Hall"}
    )
    items = list(meeting.items.order_by("position"))
    assert [i.standing for i in items] == [
        StandingItem.MINUTES,
        StandingItem.MATTERS_ARISING,
        StandingItem.ACTION_LOG,
    ]
    assert [i.title for i in items] == ["Minutes of the last meeting", "Matters arising", "Action log"]
    assert _actions(body.partnership) == ["governance.meeting.planned"]


def test_a_meeting_needs_a_place_or_an_online_link_and_ends_after_it_starts(body, editor):
    with pytest.raises(ValidationError) as error:
        services.create_meeting(body=body, user=editor, fields={"starts_at": london(2026, 5, 12)})
    assert "place" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.create_meeting(
            body=body,
            user=editor,
            fields={
                "starts_at": london(2026, 5, 12),
                "ends_at": london(2026, 5, 12, 17),
                "online_link": "https://meet.example/x",
            },
        )


def test_items_move_up_and_down_by_swapping_with_their_neighbour(body, editor):
    meeting = services.create_meeting(
        body=body, user=editor, fields={"starts_at": london(2026, 5, 12), "place": "X"}
    )
    item = services.add_item(meeting=meeting, user=editor, fields={"title": "Budget", "purpose": "finance"})
    assert item.position == 4
    assert services.move_item(item=item, user=editor, direction="up")
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles == ["Minutes of the last meeting", "Matters arising", "Budget", "Action log"]
    assert services.move_item(item=item, user=editor, direction="down")
    assert not services.move_item(item=item, user=editor, direction="down")  # already last
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4]
    assert _actions(body.partnership).count("governance.item.moved") == 2


def test_an_exempt_item_needs_its_reason_and_items_name_only_the_partnerships_people(
    partnership, body, editor
):
    meeting = MeetingFactory(body=body)
    with pytest.raises(ValidationError) as error:
        services.add_item(meeting=meeting, user=editor, fields={"title": "Contract", "is_exempt": True})
    assert "exempt_reason" in error.value.error_dict
    stranger = PersonFactory()
    with pytest.raises(ValidationError):
        services.add_item(meeting=meeting, user=editor, fields={"title": "X", "presenter": stranger})


def test_status_changes_follow_the_meeting_lifecycle(body, editor):
    meeting = MeetingFactory(body=body)
    services.change_status(meeting=meeting, user=editor, status=MeetingStatus.POSTPONED)
    with pytest.raises(ValidationError):
        services.change_status(meeting=meeting, user=editor, status=MeetingStatus.HELD)
    services.change_status(meeting=meeting, user=editor, status=MeetingStatus.PLANNED)
    services.change_status(meeting=meeting, user=editor, status=MeetingStatus.HELD)
    with pytest.raises(ValidationError):
        services.change_status(meeting=meeting, user=editor, status=MeetingStatus.CANCELLED)
    assert _actions(body.partnership).count("governance.meeting.status_changed") == 3


def test_papers_published_later_than_the_bodys_rule_are_late(body, editor):
    NoticeRule.objects.create(partnership=body.partnership, body=body, clear_days=5, working_days=True)
    on_time = MeetingFactory(body=body, starts_at=london(2026, 4, 9))
    late = MeetingFactory(body=body, starts_at=london(2026, 4, 9, 10))
    assert services.papers_late(on_time) is None
    assert not services.publish_papers(meeting=on_time, user=editor, now=london(2026, 3, 30, 9))
    assert services.publish_papers(meeting=late, user=editor, now=london(2026, 3, 31, 9))
    late.refresh_from_db()
    assert late.status == MeetingStatus.PAPERS_PUBLISHED and services.papers_late(late)
    entry = AuditEntry.objects.filter(action="governance.meeting.papers_published").latest("pk")
    assert "later than the notice rule (5 clear working days)" in entry.summary


def test_approved_minutes_are_locked_and_corrected_by_amendment_at_a_later_meeting(body, editor):
    held = MeetingFactory(body=body, starts_at=london(2026, 3, 3), status=MeetingStatus.HELD)
    item = AgendaItemFactory(meeting=held, title="Budget")
    services.save_minutes(item=item, user=editor, expected_version=item.version, minutes="Agreed.")
    later = MeetingFactory(body=body, starts_at=london(2026, 4, 3))
    earlier = MeetingFactory(body=body, starts_at=london(2026, 2, 3))
    with pytest.raises(ValidationError):
        services.add_amendment(item=item, user=editor, agreed_at=later, text="Too soon")
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting=held, user=editor, at_meeting=earlier)
    services.approve_minutes(meeting=held, user=editor, at_meeting=later)
    held.refresh_from_db()
    item.refresh_from_db()
    assert held.minutes_locked and held.minutes_approved_at_meeting == later
    with pytest.raises(ValidationError) as error:
        services.save_minutes(item=item, user=editor, expected_version=item.version, minutes="Changed.")
    assert "can no longer be changed" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.add_amendment(item=item, user=editor, agreed_at=earlier, text="Wrong meeting")
    services.add_amendment(item=item, user=editor, agreed_at=later, text="Agreed, with one abstention.")
    assert item.amendments.get().agreed_at_meeting == later
    item.refresh_from_db()
    assert item.minutes == "Agreed."


def test_only_a_held_meetings_minutes_are_approved(body, editor):
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting=MeetingFactory(body=body), user=editor)


def test_a_bodys_notice_rule_defaults_to_five_clear_working_days_and_changes_are_audited(body, editor):
    assert services.notice_rule_for(body).clear_days == 5
    services.set_notice_rule(body=body, clear_days=3, working_days=False, user=editor)
    services.set_notice_rule(body=body, clear_days=2, working_days=False, user=editor)
    body.refresh_from_db()
    rule = services.notice_rule_for(body)
    assert (rule.clear_days, rule.working_days) == (2, False)
    assert NoticeRule.objects.filter(body=body).count() == 1
    assert _actions(body.partnership).count("governance.notice_rule.set") == 2


def test_papers_are_published_once_so_the_first_publication_time_stands(body, editor):
    meeting = MeetingFactory(body=body, starts_at=london(2026, 4, 9))
    services.publish_papers(meeting=meeting, user=editor, now=london(2026, 3, 30, 9))
    with pytest.raises(ValidationError):
        services.publish_papers(meeting=meeting, user=editor, now=london(2026, 4, 8, 9))
    meeting.refresh_from_db()
    assert meeting.papers_published_at == london(2026, 3, 30, 9)
