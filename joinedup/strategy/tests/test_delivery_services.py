"""Delivery services: programmes, actions, milestones, progress updates, the improvement plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from joinedup.core.audit import Actor
from joinedup.core.conflicts import EditConflict
from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from joinedup.strategy.models import ActionStatus
from joinedup.strategy.services import delivery as services
from joinedup.strategy.tests.delivery_factories import ActionFactory, MilestoneFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, "editor")


def test_creating_a_programme_is_audited(partnership, editor):
    lead = OrganisationFactory(partnership=partnership)
    programme = services.create_programme(
        partnership=partnership,
        user=editor,
        fields={"title": "Regeneration Framework", "lead_organisation": lead, "update_cycle": "monthly"},
    )
    entry = AuditEntry.objects.get(action="strategy.programme.created")
    assert entry.target_id == str(programme.pk)
    assert entry.summary == "Added the programme Regeneration Framework."


def test_a_programme_cannot_be_led_by_another_partnerships_organisation(partnership, editor):
    other = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        services.create_programme(
            partnership=partnership, user=editor, fields={"title": "Plan", "lead_organisation": other}
        )
    assert "lead_organisation" in error.value.message_dict


def test_improvement_plan_is_created_once_and_then_found(partnership):
    first = services.improvement_plan_for(partnership)
    second = services.improvement_plan_for(partnership)
    assert first.pk == second.pk
    assert first.title == "Partnership improvement plan"
    assert first.is_improvement_plan
    assert partnership.programmes.filter(is_improvement_plan=True).count() == 1
    assert AuditEntry.objects.filter(action="strategy.programme.created").count() == 1


def test_improvement_plans_are_per_partnership(partnership):
    other = PartnershipFactory(slug="other")
    assert services.improvement_plan_for(partnership).pk != services.improvement_plan_for(other).pk


def test_closing_a_programme_needs_lessons_learned(partnership, editor):
    programme = ProgrammeFactory(partnership=partnership)
    with pytest.raises(ValidationError):
        services.close_programme(
            programme=programme,
            user=editor,
            expected_version=1,
            closed_on=dt.date(2026, 3, 1),
            lessons_learned=" ",
        )
    services.close_programme(
        programme=programme,
        user=editor,
        expected_version=1,
        closed_on=dt.date(2026, 3, 1),
        lessons_learned="Start the land assembly earlier.",
    )
    programme.refresh_from_db()
    assert programme.closed_on == dt.date(2026, 3, 1)
    assert AuditEntry.objects.filter(action="strategy.programme.closed", target_id=str(programme.pk)).exists()


def test_editing_a_programme_someone_else_saved_raises_a_conflict(partnership, editor):
    programme = ProgrammeFactory(partnership=partnership)
    services.update_programme(programme=programme, user=editor, expected_version=1, fields={"title": "First"})
    stale = ProgrammeFactory._meta.model.objects.get(pk=programme.pk)
    stale.version = 1
    with pytest.raises(EditConflict):
        services.update_programme(
            programme=stale, user=editor, expected_version=1, fields={"title": "Second"}
        )


def test_an_action_due_before_it_starts_is_refused(partnership, editor):
    programme = ProgrammeFactory(partnership=partnership)
    with pytest.raises(ValidationError) as error:
        services.create_action(
            programme=programme,
            user=editor,
            fields={
                "title": "Open the hub",
                "start_date": dt.date(2026, 5, 1),
                "due_date": dt.date(2026, 4, 1),
            },
        )
    assert error.value.message_dict["due_date"] == ["Due date must be on or after the start date"]


def test_completing_an_action_sets_100_percent_and_the_completion_date(partnership, editor):
    action = ActionFactory(programme__partnership=partnership, percent_complete=60)
    services.update_action(
        action=action, user=editor, expected_version=1, fields={"status": ActionStatus.COMPLETE}
    )
    action.refresh_from_db()
    assert action.percent_complete == 100
    assert action.completed_on is not None
    assert AuditEntry.objects.filter(action="strategy.action.updated").count() == 1


def test_recording_an_update_moves_the_action_and_keeps_the_update(partnership, editor):
    action = ActionFactory(programme__partnership=partnership)
    update = services.record_action_update(
        action=action,
        status=ActionStatus.AT_RISK,
        percent_complete=30,
        commentary="Contractor late.",
        user=editor,
    )
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == (ActionStatus.AT_RISK, 30)
    assert action.last_update_at == update.at
    assert update.by_user == editor and not update.via_link
    entry = AuditEntry.objects.get(action="strategy.action_update.recorded")
    assert entry.actor_user == editor
    assert "reported" in entry.summary and "at risk, 30% complete" in entry.summary


def test_a_link_holders_update_is_attributed_to_the_person(partnership):
    person = PersonFactory(partnership=partnership, full_name="Priya Shah")
    action = ActionFactory(programme__partnership=partnership, lead_person=person)
    update = services.record_action_update(
        action=action, status=ActionStatus.ON_TRACK, percent_complete=40, person=person, via_link=True
    )
    assert update.by_person == person and update.via_link and update.by_user is None
    entry = AuditEntry.objects.get(action="strategy.action_update.recorded")
    assert entry.actor_kind == Actor.for_link("x").kind
    assert entry.actor_label == "Priya Shah"
    assert entry.summary.endswith("(using a signed link).")


def test_an_update_with_an_old_version_conflicts(partnership, editor):
    action = ActionFactory(programme__partnership=partnership)
    services.record_action_update(
        action=action, status="on_track", percent_complete=20, user=editor, expected_version=1
    )
    with pytest.raises(EditConflict):
        services.record_action_update(
            action=action, status="off_track", percent_complete=10, user=editor, expected_version=1
        )
    assert action.updates.count() == 1


def test_the_lead_person_may_update_their_action_whatever_their_role(partnership):
    viewer = user_with_role(partnership, "viewer")
    person = PersonFactory(partnership=partnership, user=viewer)
    led = ActionFactory(programme__partnership=partnership, lead_person=person)
    other = ActionFactory(programme=led.programme)
    assert services.may_update_action(viewer, led)
    assert not services.may_update_action(viewer, other)
    assert not services.may_edit_programme(viewer, led.programme, partnership=partnership)


def test_outsiders_may_not_edit_programmes(partnership):
    programme = ProgrammeFactory(partnership=partnership)
    assert not services.may_edit_programme(UserFactory(), programme, partnership=partnership)


def test_milestones_are_added_and_completed_once(partnership, editor):
    action = ActionFactory(programme__partnership=partnership)
    milestone = services.add_milestone(
        action=action, user=editor, title="Planning approved", due_date=dt.date(2026, 6, 1)
    )
    services.complete_milestone(milestone=milestone, user=editor)
    assert milestone.completed_on is not None
    with pytest.raises(ValidationError):
        services.complete_milestone(milestone=milestone, user=editor)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"strategy.milestone.added", "strategy.milestone.completed"} <= actions


def test_milestone_factory_belongs_to_its_actions_partnership():
    milestone = MilestoneFactory()
    assert (
        milestone.partnership_id
        == milestone.action.partnership_id
        == milestone.action.programme.partnership_id
    )
