"""Factories for the risk register, contribution claims and the strategy map (en_GB data),
and the persona world's risk objects (`add_risks_to_world`).

The strategy, theme, outcome, evidence, programme and action factories here are the few the
risk, map and import tests need; where the strategy-core and delivery factories exist they
build the same records.
"""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from joinedup.partnerships.tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory
from joinedup.strategy import models

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


class StrategyFactory(DjangoModelFactory):
    class Meta:
        model = models.Strategy

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Sustainable Community Strategy {n}")
    vision = "A prosperous, low-carbon place where everyone has a decent home."
    start_year = 2008
    end_year = 2028
    status = models.StrategyStatus.ADOPTED
    adopted_on = dt.date(2008, 6, 1)


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = models.Priority

    strategy = factory.SubFactory(StrategyFactory)
    partnership = factory.SelfAttribute("strategy.partnership")
    title = factory.Sequence(lambda n: f"Theme {n}")
    position = factory.Sequence(lambda n: n)


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = models.Outcome

    priority = factory.SubFactory(PriorityFactory)
    partnership = factory.SelfAttribute("priority.partnership")
    title = factory.Sequence(lambda n: f"Outcome {n}")
    position = factory.Sequence(lambda n: n)


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = models.Evidence

    outcome = factory.SubFactory(OutcomeFactory)
    priority = None
    partnership = factory.LazyAttribute(lambda o: (o.outcome or o.priority).partnership)
    kind = models.EvidenceKind.NEEDS_ASSESSMENT
    title = factory.Sequence(lambda n: f"Housing needs assessment {n}")
    source = "City council housing team"
    published_on = dt.date(2025, 4, 1)
    url = "https://example.org/housing-needs"
    what_it_shows = "Where need is greatest and how it is changing."


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = models.Programme
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Programme {n}")
    start_date = dt.date(2025, 4, 1)
    end_date = dt.date(2028, 3, 31)

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if create and extracted:
            self.outcomes.set(extracted)


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = models.Action

    programme = factory.SubFactory(ProgrammeFactory)
    partnership = factory.SelfAttribute("programme.partnership")
    title = factory.Sequence(lambda n: f"Action {n}")
    start_date = dt.date(2025, 4, 1)
    due_date = dt.date(2026, 3, 31)
    status = models.ActionStatus.ON_TRACK
    percent_complete = 30


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
