"""Writes to the strategy: audited, version-checked, deleting only what nothing uses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from joinedup.accounts.tests.factories import UserFactory
from joinedup.core.conflicts import EditConflict
from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import OrganisationFactory, PartnershipFactory, user_with_role
from joinedup.strategy.analysis_versions import compare_versions
from joinedup.strategy.models import Programme, StrategyStatus
from joinedup.strategy.rules import may_edit_outcome, may_edit_priority, may_edit_programme
from joinedup.strategy.services import strategy as services
from joinedup.strategy.tests.factories import (
    EvidenceFactory,
    ObjectiveFactory,
    OutcomeFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy():
    return StrategyFactory(status=StrategyStatus.DRAFT, adopted_on=None)


@pytest.fixture
def editor(strategy):
    return user_with_role(strategy.partnership, "editor")


def actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_adopting_keeps_a_numbered_snapshot_and_marks_the_strategy_adopted(strategy, editor):
    theme = PriorityFactory(strategy=strategy, title="Low Carbon")
    outcome = OutcomeFactory(priority=theme, title="Emissions fall", in_agreement=True)
    ObjectiveFactory(outcome=outcome, title="Retrofit homes")

    first = services.adopt_strategy(strategy=strategy, user=editor, adopted_on=dt.date(2026, 3, 1))
    second = services.adopt_strategy(strategy=strategy, user=editor, adopted_on=dt.date(2026, 9, 1))

    assert (first.number, second.number) == (1, 2)
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.ADOPTED
    assert strategy.adopted_on == dt.date(2026, 9, 1)
    [kept_theme] = first.snapshot["themes"]
    assert kept_theme["title"] == "Low Carbon"
    assert kept_theme["outcomes"][0]["objectives"][0]["title"] == "Retrofit homes"
    assert actions().count("strategy.strategy.adopted") == 2


def test_a_version_keeps_what_was_adopted_after_the_live_records_change(strategy, editor):
    theme = PriorityFactory(strategy=strategy, title="Regeneration")
    first = services.adopt_strategy(strategy=strategy, user=editor, adopted_on=dt.date(2026, 3, 1))
    services.update_priority(
        priority=theme, user=editor, expected_version=theme.version, changes={"title": "Inclusive growth"}
    )
    PriorityFactory(strategy=strategy, title="Affordable Housing")
    second = services.adopt_strategy(strategy=strategy, user=editor, adopted_on=dt.date(2027, 3, 1))

    first.refresh_from_db()
    assert first.snapshot["themes"][0]["title"] == "Regeneration"
    diff = compare_versions(first.snapshot, second.snapshot)
    assert [c.sentence for c in diff.changes] == [
        "Added the theme “Affordable Housing”",
        "Renamed the theme “Regeneration” to “Inclusive growth”",
    ]


def test_editing_a_theme_someone_else_saved_raises_an_edit_conflict(strategy, editor):
    theme = PriorityFactory(strategy=strategy)
    stale = theme.version
    services.update_priority(priority=theme, user=editor, expected_version=stale, changes={"title": "First"})
    with pytest.raises(EditConflict):
        services.update_priority(
            priority=theme, user=editor, expected_version=stale, changes={"title": "Second"}
        )


def test_every_write_is_audited_with_a_dotted_action(strategy, editor):
    theme = services.create_priority(
        strategy=strategy, user=editor, values={"title": "Housing", "board_role": "drive"}
    )
    outcome = services.create_outcome(priority=theme, user=editor, values={"title": "More homes"})
    objective = services.create_objective(outcome=outcome, user=editor, values={"title": "Build"})
    services.update_objective(
        objective=objective, user=editor, expected_version=objective.version, changes={"title": "Build more"}
    )
    services.delete_objective(objective=objective, user=editor)
    services.update_strategy(
        strategy=strategy, user=editor, expected_version=strategy.version, changes={"vision": "Homes for all"}
    )
    assert actions() == [
        "strategy.priority.created",
        "strategy.outcome.created",
        "strategy.objective.created",
        "strategy.objective.updated",
        "strategy.objective.deleted",
        "strategy.strategy.updated",
    ]


def test_moving_a_theme_down_swaps_it_with_the_next(strategy, editor):
    a, _b, c = (PriorityFactory(strategy=strategy, title=t, position=0) for t in "ABC")
    assert services.move_priority(priority=a, user=editor, direction="down")
    order = list(strategy.priorities.order_by("position").values_list("title", flat=True))
    assert order == ["B", "A", "C"]
    assert not services.move_priority(
        priority=PriorityFactory._meta.model.objects.get(pk=c.pk), user=editor, direction="down"
    )


def test_a_theme_with_outcomes_cannot_be_deleted(strategy, editor):
    theme = PriorityFactory(strategy=strategy)
    OutcomeFactory(priority=theme)
    with pytest.raises(services.InUse) as raised:
        services.delete_priority(priority=theme, user=editor)
    assert raised.value.reasons == ["it has 1 outcome"]


def test_an_outcome_delivered_by_a_programme_cannot_be_deleted(strategy, editor):
    outcome = OutcomeFactory(priority=PriorityFactory(strategy=strategy))
    programme = Programme.objects.create(partnership=strategy.partnership, title="Regeneration Framework")
    programme.outcomes.add(outcome)
    with pytest.raises(services.InUse):
        services.delete_outcome(outcome=outcome, user=editor)
    programme.outcomes.clear()
    services.delete_outcome(outcome=outcome, user=editor)
    assert not strategy.partnership.outcomes.exists()


def test_a_lead_organisation_from_another_partnership_is_refused(strategy, editor):
    theme = PriorityFactory(strategy=strategy)
    foreign = OrganisationFactory(partnership=PartnershipFactory())
    with pytest.raises(ValidationError):
        services.create_outcome(
            priority=theme, user=editor, values={"title": "X", "lead_organisation": foreign}
        )


def test_theme_leads_must_be_users_of_the_partnership(strategy, editor):
    with pytest.raises(ValidationError):
        services.create_priority(
            strategy=strategy, user=editor, values={"title": "Housing"}, theme_leads=[UserFactory()]
        )


def test_evidence_needs_a_link_or_a_file(strategy, editor):
    outcome = OutcomeFactory(priority=PriorityFactory(strategy=strategy))
    values = {
        "kind": "dataset",
        "title": "House prices",
        "source": "ONS",
        "published_on": dt.date(2025, 1, 1),
        "url": "",
        "what_it_shows": "Prices rose",
    }
    with pytest.raises(ValidationError):
        services.add_evidence(user=editor, values=values, outcome=outcome)
    evidence = services.add_evidence(
        user=editor, values=values, outcome=outcome, upload=b"year,price\n2025,300000\n"
    )
    assert evidence.document.kind == "csv"
    assert "strategy.evidence.created" in actions()


def test_replacing_only_the_file_of_evidence_is_audited(strategy, editor):
    outcome = OutcomeFactory(priority=PriorityFactory(strategy=strategy))
    values = {
        "kind": "dataset",
        "title": "House prices",
        "source": "ONS",
        "published_on": dt.date(2025, 1, 1),
        "url": "",
        "what_it_shows": "Prices rose",
    }
    evidence = services.add_evidence(
        user=editor, values=values, outcome=outcome, upload=b"year,price\n2025,300000\n"
    )
    first = evidence.document_id
    services.update_evidence(
        evidence=evidence,
        user=editor,
        expected_version=evidence.version,
        changes={},
        upload=b"year,price\n2026,310000\n",
    )
    evidence.refresh_from_db()
    assert evidence.document_id != first
    entries = AuditEntry.objects.filter(action="strategy.evidence.updated")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.before["document"] != entry.after["document"]


def test_a_theme_lead_may_edit_their_theme_its_outcomes_and_linked_programmes_only(strategy):
    lead = user_with_role(strategy.partnership, "viewer")
    viewer = user_with_role(strategy.partnership, "viewer")
    theirs, other = PriorityFactory(strategy=strategy), PriorityFactory(strategy=strategy)
    theirs.theme_leads.add(lead)
    outcome = OutcomeFactory(priority=theirs)
    programme = Programme.objects.create(partnership=strategy.partnership, title="Retrofit")
    unlinked = Programme.objects.create(partnership=strategy.partnership, title="Elsewhere")
    programme.outcomes.add(outcome)

    assert may_edit_priority(lead, theirs) and may_edit_outcome(lead, outcome)
    assert may_edit_programme(lead, programme)
    assert not may_edit_priority(lead, other)
    assert not may_edit_programme(lead, unlinked)
    assert not may_edit_priority(viewer, theirs)


def test_a_theme_lead_who_leaves_the_partnership_loses_the_theme(strategy):
    lead = user_with_role(strategy.partnership, "viewer")
    theme = PriorityFactory(strategy=strategy)
    theme.theme_leads.add(lead)
    lead.partnership_roles.update(is_active=False)
    from joinedup.partnerships.roles import forget_roles

    forget_roles(lead)
    assert not may_edit_priority(lead, theme)


def test_editors_edit_every_theme_and_scrutiny_none(strategy, editor):
    scrutiny = user_with_role(strategy.partnership, "scrutiny")
    theme = PriorityFactory(strategy=strategy)
    evidence = EvidenceFactory(outcome=OutcomeFactory(priority=theme))
    assert may_edit_priority(editor, theme)
    assert may_edit_outcome(editor, evidence.outcome)
    assert not may_edit_priority(scrutiny, theme)


def test_a_programmes_theme_leads_are_the_leads_of_its_outcomes_themes(strategy):
    from joinedup.strategy.selectors import theme_leads_of_programme

    lead, other_lead = (user_with_role(strategy.partnership, "viewer") for _ in range(2))
    theme, other = PriorityFactory(strategy=strategy), PriorityFactory(strategy=strategy)
    theme.theme_leads.add(lead)
    other.theme_leads.add(other_lead)
    programme = Programme.objects.create(partnership=strategy.partnership, title="Retrofit")
    programme.outcomes.add(OutcomeFactory(priority=theme), OutcomeFactory(priority=theme))
    assert theme_leads_of_programme(programme) == [lead]
