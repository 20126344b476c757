"""Factories for the risk register, contribution claims and the strategy map (en_GB data),
and the persona world's risk objects (`add_risks_to_world`).

The strategy, theme, outcome, evidence, programme and action factories are the room's own
(`factories.py`, `delivery_factories.py`), re-exported for the risk, map and import tests.
"""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from joinedup.partnerships.tests.factories import OrganisationFactory, PersonFactory
from joinedup.strategy import models
from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory
from joinedup.strategy.tests.factories import (
    EvidenceFactory,
    OutcomeFactory,
    PriorityFactory,
    StrategyFactory,
)

factory.Faker._DEFAULT_LOCALE = "en_GB"

__all__ = [
    "ActionFactory",
    "ContributionClaimFactory",
    "EvidenceFactory",
    "OutcomeFactory",
    "PriorityFactory",
    "ProgrammeFactory",
    "RiskFactory",
    "StrategyFactory",
    "add_risks_to_world",
]


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = models.Risk

    outcome = factory.SubFactory(OutcomeFactory)
    partnership = factory.SelfAttribute("outcome.partnership")
    title = factory.Sequence(lambda n: f"Risk {n}")
    cause = "Construction costs keep rising."
    effect = "Fewer affordable homes are started."
    likelihood = 3
    impact = 4
    target_likelihood = 2
    target_impact = 3
    review_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=60))


class ContributionClaimFactory(DjangoModelFactory):
    class Meta:
        model = models.ContributionClaim

    priority = factory.SubFactory(PriorityFactory)
    partnership = factory.SelfAttribute("priority.partnership")
    what_changed = "Empty homes brought back into use rose by a third."
    what_we_did = "Pooled the councils' empty homes officers into one team."
    counterfactual = "Each council alone lacked the enforcement capacity."
    confidence = models.Confidence.MEDIUM


def add_risks_to_world(world) -> None:
    """The persona world's objects for the risk register, contribution claims and map:
    `world.risk` (to an outcome of `world.risk_priority`), `world.contribution_claim` (of
    that priority) and `world.risk_organisation`. Call after `world.partnership` exists."""
    partnership = world.partnership
    strategy = StrategyFactory(partnership=partnership, title="World Community Strategy")
    world.risk_priority = PriorityFactory(strategy=strategy, partnership=partnership, title="Low Carbon")
    outcome = OutcomeFactory(priority=world.risk_priority, partnership=partnership, title="Lower emissions")
    world.risk_organisation = OrganisationFactory(partnership=partnership, name="World Housing Association")
    programme = ProgrammeFactory(partnership=partnership, title="Retrofit programme", outcomes=[outcome])
    ActionFactory(
        programme=programme,
        partnership=partnership,
        lead_organisation=world.risk_organisation,
        lead_person=PersonFactory(partnership=partnership, email="", full_name="Sam Owner"),
    )
    world.risk = RiskFactory(
        outcome=outcome,
        partnership=partnership,
        programme=programme,
        owner_organisation=world.risk_organisation,
    )
    world.contribution_claim = ContributionClaimFactory(priority=world.risk_priority, partnership=partnership)
