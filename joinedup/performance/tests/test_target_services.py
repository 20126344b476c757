"""The rules of proposing and approving targets, and of commentary, at the service layer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from joinedup.core.conflicts import EditConflict
from joinedup.core.models import AuditEntry
from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory, user_with_role
from joinedup.performance import selectors_targets as selectors
from joinedup.performance.models import Target, TargetChange, TargetType
from joinedup.performance.services import commentary as commentary_services
from joinedup.performance.services import targets as services
from joinedup.performance.targets import Step, target_applying, target_history
from joinedup.performance.tests.factories_targets import (
    CommentaryFactory,
    LocalIndicatorFactory,
    SharedIndicatorFactory,
)
from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

FY26 = Period.financial_year(2026)


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury")


@pytest.fixture
def indicator(partnership):
    return LocalIndicatorFactory(partnership=partnership, code="NI 152", decimal_places=1)


@pytest.fixture
def area(partnership):
    area = AreaFactory(code="E07000999", name="Isisbury")
    partnership.areas.add(area)
    return area


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, "editor", full_name="Erin Editor")


@pytest.fixture
def other_editor(partnership):
    return user_with_role(partnership, "editor", full_name="Otto Other")


@pytest.fixture
def admin(partnership):
    return user_with_role(partnership, "admin", full_name="Ada Admin")


def values(value=40.0, **extra):
    return {"value": value, "target_type": TargetType.LOCAL, **extra}


def propose(partnership, indicator, area, user, value=40.0, period=FY26, **extra):
    return services.propose_target(
        partnership=partnership,
        indicator=indicator,
        area=area,
        period=period,
        values=values(value, **extra),
        reason="Agreed at the March board",
        user=user,
    )


def approve(change, user, note=""):
    change.target.refresh_from_db()
    return services.decide_change(
        change=change, user=user, approve=True, note=note, expected_version=change.target.version
    )


def test_a_proposed_target_has_no_value_until_it_is_approved(
    partnership, indicator, area, editor, other_editor
):
    change = propose(partnership, indicator, area, editor)
    target = change.target
    assert target.value is None
    assert change.status == TargetChange.Status.PROPOSED
    proposed = AuditEntry.objects.get(action="performance.target.proposed")
    assert "Agreed at the March board" in proposed.summary
    assert proposed.actor_user == editor
    approve(change, other_editor)
    target.refresh_from_db()
    assert target.value == 40.0
    assert target.approved_at is not None


def test_the_proposer_cannot_approve_their_own_change(partnership, indicator, area, editor):
    change = propose(partnership, indicator, area, editor)
    with pytest.raises(ValidationError, match="someone else must approve"):
        approve(change, editor)
    change.target.refresh_from_db()
    assert change.target.value is None


def test_even_an_admin_cannot_approve_their_own_change(partnership, indicator, area, admin):
    change = propose(partnership, indicator, area, admin)
    with pytest.raises(ValidationError, match="someone else must approve"):
        approve(change, admin)


def test_the_proposer_may_reject_their_own_change(partnership, indicator, area, editor):
    change = propose(partnership, indicator, area, editor)
    decided = services.decide_change(
        change=change, user=editor, approve=False, note="Typed the wrong year", expected_version=0
    )
    assert decided.status == TargetChange.Status.REJECTED


def test_designated_targets_need_an_admin_by_default(
    partnership, indicator, area, editor, other_editor, admin
):
    change = propose(partnership, indicator, area, editor, target_type=TargetType.DESIGNATED)
    assert not services.may_decide(other_editor, change)
    with pytest.raises(PermissionDenied):
        approve(change, other_editor)
    approve(change, admin)
    change.target.refresh_from_db()
    assert change.target.value == 40.0


def test_the_partnership_sets_the_approver_role_per_target_type(partnership, indicator, area, editor, admin):
    services.set_approver_roles(partnership=partnership, user=admin, roles={TargetType.LOCAL: "scrutiny"})
    scrutiny = user_with_role(partnership, "scrutiny")
    member = user_with_role(partnership, "member")
    change = propose(partnership, indicator, area, editor)
    assert services.may_decide(scrutiny, change)
    assert not services.may_decide(member, change)
    approve(change, scrutiny)
    assert AuditEntry.objects.filter(action="performance.target_rules.updated").count() == 1
    assert services.approver_role_map(partnership) == {
        "designated": "admin",
        "statutory": "admin",
        "local": "scrutiny",
    }
    assert services.may_decide(scrutiny, change, services.approver_role_map(partnership))


def test_an_approver_role_must_be_a_role(partnership, admin):
    with pytest.raises(ValidationError):
        services.set_approver_roles(partnership=partnership, user=admin, roles={TargetType.LOCAL: "chair"})


def test_admins_may_always_approve(partnership, indicator, area, editor, admin):
    services.set_approver_roles(partnership=partnership, user=admin, roles={TargetType.LOCAL: "scrutiny"})
    change = propose(partnership, indicator, area, editor)
    approve(change, admin)


def test_a_change_of_type_needs_the_approvers_of_both_types(
    partnership, indicator, area, editor, other_editor, admin
):
    change = propose(partnership, indicator, area, editor)
    approve(change, other_editor)
    target = Target.objects.get(pk=change.target.pk)
    to_statutory = services.propose_change(
        target=target, values=values(40.0, target_type=TargetType.STATUTORY), reason="Now a duty", user=editor
    )
    assert not services.may_decide(other_editor, to_statutory)
    assert services.may_decide(admin, to_statutory)


def test_people_outside_the_partnership_cannot_decide(partnership, indicator, area, editor):
    change = propose(partnership, indicator, area, editor)
    stranger = user_with_role(PartnershipFactory(), "admin")
    assert not services.may_decide(stranger, change)


def test_a_rejection_needs_a_note_and_leaves_the_target_as_it_was(
    partnership, indicator, area, editor, other_editor
):
    change = propose(partnership, indicator, area, editor)
    with pytest.raises(ValidationError):
        services.decide_change(change=change, user=other_editor, approve=False, note=" ", expected_version=0)
    services.decide_change(
        change=change, user=other_editor, approve=False, note="Too timid", expected_version=0
    )
    change.refresh_from_db()
    change.target.refresh_from_db()
    assert change.status == TargetChange.Status.REJECTED
    assert change.decision_note == "Too timid"
    assert change.target.value is None


def test_a_decided_change_cannot_be_decided_again(partnership, indicator, area, editor, other_editor, admin):
    change = propose(partnership, indicator, area, editor)
    approve(change, other_editor)
    with pytest.raises(ValidationError, match="already approved"):
        approve(change, admin)


def test_only_one_change_per_target_waits_at_a_time(partnership, indicator, area, editor):
    change = propose(partnership, indicator, area, editor)
    with pytest.raises(ValidationError, match="already waiting"):
        services.propose_change(target=change.target, values=values(30.0), reason="Lower", user=editor)


def test_a_second_target_for_the_same_area_and_period_is_refused(partnership, indicator, area, editor):
    propose(partnership, indicator, area, editor)
    with pytest.raises(ValidationError) as error:
        propose(partnership, indicator, area, editor, value=10.0)
    assert "period" in error.value.error_dict


def test_a_change_needs_a_reason_and_a_difference(partnership, indicator, area, editor, other_editor):
    change = propose(partnership, indicator, area, editor)
    approve(change, other_editor)
    target = Target.objects.get(pk=change.target.pk)
    with pytest.raises(ValidationError):
        services.propose_change(target=target, values=values(30.0), reason="  ", user=editor)
    with pytest.raises(ValidationError, match="Change at least one value"):
        services.propose_change(
            target=target, values=values(40.0, tolerance_kind="absolute"), reason="Same", user=editor
        )


def test_a_baseline_needs_both_its_value_and_its_period(partnership, indicator, area, editor):
    with pytest.raises(ValidationError) as error:
        propose(partnership, indicator, area, editor, baseline_value=50.0)
    assert "baseline_value" in error.value.error_dict


def test_approval_is_conflict_safe(partnership, indicator, area, editor, other_editor, admin):
    change = propose(partnership, indicator, area, editor)
    seen = change.target.version
    Target.objects.filter(pk=change.target.pk).update(version=seen + 1)  # someone saved meanwhile
    with pytest.raises(EditConflict):
        services.decide_change(change=change, user=other_editor, approve=True, note="", expected_version=seen)
    change.refresh_from_db()
    assert change.status == TargetChange.Status.PROPOSED


def test_approval_is_logged_with_reason_approver_and_values(
    partnership, indicator, area, editor, other_editor
):
    change = propose(
        partnership, indicator, area, editor, baseline_value=50.0, baseline_period=Period.financial_year(2024)
    )
    approve(change, other_editor, note="Matches the plan")
    entry = AuditEntry.objects.get(action="performance.target.approved")
    assert entry.actor_user == other_editor
    assert "Agreed at the March board" in entry.summary
    assert "Erin Editor" in entry.summary
    assert entry.after["value"] == 40.0
    assert entry.after["baseline_period"] == "FY2024-25"
    assert entry.partnership_id == partnership.pk
    target = Target.objects.get(pk=change.target.pk)
    assert target.baseline_period == Period.financial_year(2024)
    assert target.baseline_period_start == dt.date(2024, 4, 1)
    change.refresh_from_db()
    assert change.decided_by == other_editor
    assert change.decided_at is not None
    assert change.previous["value"] is None


def test_history_shows_which_target_applied_after_two_approvals_and_a_rejection(
    partnership, indicator, area, editor, other_editor
):
    first = propose(partnership, indicator, area, editor, value=50.0)
    approve(first, other_editor)
    target = Target.objects.get(pk=first.target.pk)
    rejected = services.propose_change(target=target, values=values(10.0), reason="Much lower", user=editor)
    services.decide_change(
        change=rejected, user=other_editor, approve=False, note="Unrealistic", expected_version=target.version
    )
    second = services.propose_change(target=target, values=values(45.0), reason="Slightly lower", user=editor)
    approve(second, other_editor)
    # Spread the decisions out in time, as they would be.
    base = timezone.now() - dt.timedelta(days=30)
    TargetChange.objects.filter(pk=first.pk).update(decided_at=base)
    TargetChange.objects.filter(pk=rejected.pk).update(decided_at=base + dt.timedelta(days=10))
    TargetChange.objects.filter(pk=second.pk).update(decided_at=base + dt.timedelta(days=20))

    facts = selectors.change_facts(target)
    assert target_applying(facts, base - dt.timedelta(days=1)) is None
    assert target_applying(facts, base + dt.timedelta(days=15)).proposed["value"] == 50.0
    assert target_applying(facts, base + dt.timedelta(days=25)).proposed["value"] == 45.0
    lines = target_history(facts)
    assert [(line.value, line.change.reason, line.change.decided_by) for line in lines] == [
        (45.0, "Slightly lower", "Otto Other"),
        (50.0, "Agreed at the March board", "Otto Other"),
    ]
    target.refresh_from_db()
    assert target.value == 45.0


def test_a_trajectory_proposes_one_target_per_period_all_or_nothing(
    partnership, indicator, area, editor, other_editor
):
    existing = propose(partnership, indicator, area, editor, value=99.0, period=Period.financial_year(2027))
    approve(existing, other_editor)
    steps = [Step(Period.financial_year(2026), 45.0), Step(Period.financial_year(2027), 40.0)]
    changes = services.propose_trajectory(
        partnership=partnership,
        indicator=indicator,
        area=area,
        steps=steps,
        values={
            "target_type": TargetType.LOCAL,
            "baseline_value": 50.0,
            "baseline_period": Period.financial_year(2025),
        },
        reason="Ten-year plan",
        user=editor,
    )
    assert [c.proposed["value"] for c in changes] == [45.0, 40.0]
    assert changes[1].target == existing.target  # the existing target gets a proposed change
    assert AuditEntry.objects.filter(action="performance.target.trajectory_proposed").count() == 1
    # A period with a change waiting stops the whole trajectory.
    with pytest.raises(ValidationError):
        services.propose_trajectory(
            partnership=partnership,
            indicator=indicator,
            area=area,
            steps=[Step(Period.financial_year(2028), 35.0), Step(Period.financial_year(2027), 30.0)],
            values={"target_type": TargetType.LOCAL},
            reason="Again",
            user=editor,
        )
    assert not partnership.targets.filter(period=Period.financial_year(2028).code).exists()


def test_targets_are_only_for_indicators_the_partnership_can_see(partnership, area, editor):
    theirs = LocalIndicatorFactory(partnership=PartnershipFactory())
    with pytest.raises(ValidationError):
        propose(partnership, theirs, area, editor)
    shared = SharedIndicatorFactory()
    assert propose(partnership, shared, area, editor).target.indicator == shared


# Commentary ------------------------------------------------------------------------------


def test_commentary_is_written_once_per_period_and_then_edited(partnership, indicator, editor, other_editor):
    programme = ProgrammeFactory(partnership=partnership)
    action = ActionFactory(programme=programme)
    first = commentary_services.save_commentary(
        partnership=partnership,
        indicator=indicator,
        period=FY26,
        user=editor,
        happening="Rising",
        doing="Hub opened",
        actions=[action],
    )
    assert list(first.actions.all()) == [action]
    assert first.written_by == editor
    # A second "new" commentary for the same period is an edit conflict, not a duplicate.
    with pytest.raises(EditConflict):
        commentary_services.save_commentary(
            partnership=partnership,
            indicator=indicator,
            period=FY26,
            user=other_editor,
            happening="x",
            doing="",
        )
    edited = commentary_services.save_commentary(
        partnership=partnership,
        indicator=indicator,
        period=FY26,
        user=other_editor,
        happening="Falling",
        doing="",
        expected_version=first.version,
    )
    assert edited.happening == "Falling"
    assert list(edited.actions.all()) == []
    assert partnership.commentaries.count() == 1
    actions = list(AuditEntry.objects.filter(target_id=str(first.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["performance.commentary.created", "performance.commentary.updated"]


def test_commentary_edits_are_conflict_safe(partnership, indicator, editor):
    commentary = CommentaryFactory(partnership=partnership, indicator=indicator, period=FY26)
    stale = commentary.version
    commentary_services.save_commentary(
        partnership=partnership,
        indicator=indicator,
        period=FY26,
        user=editor,
        happening="A",
        doing="",
        expected_version=stale,
    )
    with pytest.raises(EditConflict):
        commentary_services.save_commentary(
            partnership=partnership,
            indicator=indicator,
            period=FY26,
            user=editor,
            happening="B",
            doing="",
            expected_version=stale,
        )


def test_commentary_links_only_the_partnerships_own_actions(partnership, indicator, editor):
    theirs = ActionFactory()
    with pytest.raises(ValidationError) as error:
        commentary_services.save_commentary(
            partnership=partnership,
            indicator=indicator,
            period=FY26,
            user=editor,
            happening="A",
            doing="",
            actions=[theirs],
        )
    assert "actions" in error.value.error_dict


def test_commentary_needs_some_words(partnership, indicator, editor):
    with pytest.raises(ValidationError):
        commentary_services.save_commentary(
            partnership=partnership, indicator=indicator, period=FY26, user=editor, happening=" ", doing=""
        )
