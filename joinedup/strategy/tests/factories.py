"""Factories for the strategy room (en_GB data). Delivery and risk factories live in their
own modules beside this one."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from joinedup.partnerships.tests.factories import PartnershipFactory
from joinedup.strategy import models

factory.Faker._DEFAULT_LOCALE = "en_GB"

__all__ = [
    "EvidenceFactory",
    "ObjectiveFactory",
    "OutcomeFactory",
    "PriorityFactory",
    "StrategyFactory",
    "StrategyVersionFactory",
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


class StrategyVersionFactory(DjangoModelFactory):
    class Meta:
        model = models.StrategyVersion

    strategy = factory.SubFactory(StrategyFactory)
    partnership = factory.SelfAttribute("strategy.partnership")
    number = factory.Sequence(lambda n: n + 1)
    adopted_on = dt.date(2008, 6, 1)
    snapshot = factory.LazyAttribute(
        lambda o: {"title": o.strategy.title, "vision": o.strategy.vision, "themes": []}
    )


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = models.Priority

    strategy = factory.SubFactory(StrategyFactory)
    partnership = factory.SelfAttribute("strategy.partnership")
    title = factory.Sequence(lambda n: f"Theme {n}")
    position = factory.Sequence(lambda n: n)
    board_role = models.BoardRole.SPONSOR


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = models.Outcome

    priority = factory.SubFactory(PriorityFactory)
    partnership = factory.SelfAttribute("priority.partnership")
    title = factory.Sequence(lambda n: f"Outcome {n}")
    position = factory.Sequence(lambda n: n)
    in_agreement = False


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = models.Objective

    outcome = factory.SubFactory(OutcomeFactory)
    partnership = factory.SelfAttribute("outcome.partnership")
    title = factory.Sequence(lambda n: f"Objective {n}")
    position = factory.Sequence(lambda n: n)


class EvidenceFactory(DjangoModelFactory):
    """Evidence attached to an outcome by default; pass `priority=` (and `outcome=None`) for a theme."""

    class Meta:
        model = models.Evidence

    outcome = factory.SubFactory(OutcomeFactory)
    priority = None
    partnership = factory.LazyAttribute(lambda o: (o.outcome or o.priority).partnership)
    kind = models.EvidenceKind.NEEDS_ASSESSMENT
    title = factory.Sequence(lambda n: f"Joint strategic needs assessment {n}")
    source = "County Council public health team"
    published_on = dt.date(2025, 4, 1)
    url = "https://example.org/jsna"
    what_it_shows = "Where need is greatest and how it is changing."
