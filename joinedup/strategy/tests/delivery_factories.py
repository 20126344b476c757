"""Factories for delivery (programmes, actions, milestones, updates) and the persona world's
delivery objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from joinedup.partnerships.tests.factories import PartnershipFactory
from joinedup.strategy.models import Action, ActionStatus, ActionUpdate, Milestone, Programme

factory.Faker._DEFAULT_LOCALE = "en_GB"


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Regeneration Framework {n}")
    description = factory.Faker("sentence")
    start_date = dt.date(2026, 1, 1)
    end_date = dt.date(2028, 12, 31)

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if create and extracted:
            self.outcomes.set(extracted)


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    programme = factory.SubFactory(ProgrammeFactory)
    partnership = factory.SelfAttribute("programme.partnership")
    title = factory.Sequence(lambda n: f"Bring empty shop unit {n} back into use")
    description = factory.Faker("sentence")
    start_date = dt.date(2026, 1, 1)
    due_date = dt.date(2026, 12, 31)
    status = ActionStatus.ON_TRACK
    percent_complete = 0


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    partnership = factory.SelfAttribute("action.partnership")
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = dt.date(2026, 6, 30)


class ActionUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    partnership = factory.SelfAttribute("action.partnership")
    status = ActionStatus.ON_TRACK
    percent_complete = 10
    commentary = factory.Faker("sentence")


def add_delivery_to_world(world: Any) -> None:
    """world.programme with world.action (led by world.person) and world.milestone; and
    world.elsewhere_action in the other partnership, which no URL of this one may reach."""
    world.programme = ProgrammeFactory(partnership=world.partnership, title="World Regeneration Framework")
    world.action = ActionFactory(
        programme=world.programme, title="Reopen the market hall", lead_person=world.person
    )
    world.milestone = MilestoneFactory(action=world.action, title="Lease signed")
    world.elsewhere_programme = ProgrammeFactory(partnership=world.elsewhere, title="Elsewhere plan")
    world.elsewhere_action = ActionFactory(programme=world.elsewhere_programme)
