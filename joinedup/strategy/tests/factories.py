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


# --- the persona walker's world (joinedup/tests/world.py calls this) --------------------------


def add_strategy_to_world(world) -> None:
    """world.strategy with two adopted versions; world.priority led by the `theme_lead`
    persona (a viewer of the partnership) and world.other_priority led by nobody; under
    each an outcome, an objective and a piece of evidence (world.evidence has a PDF)."""
    from joinedup.accounts.models import User
    from joinedup.core.uploads import store_upload
    from joinedup.partnerships.models import PartnershipRole
    from joinedup.strategy.services.strategy import snapshot_strategy

    lead = User.objects.create_user(email="theme.lead@world.example", password=None, full_name="Theme Lead")
    PartnershipRole.objects.create(partnership=world.partnership, user=lead, role="viewer")
    world.users["theme_lead"] = lead
    world.strategy = StrategyFactory(partnership=world.partnership, title="World Community Strategy")
    world.priority = PriorityFactory(strategy=world.strategy, title="Low Carbon")
    world.priority.theme_leads.add(lead)
    world.other_priority = PriorityFactory(strategy=world.strategy, title="Affordable Housing")
    world.outcome = OutcomeFactory(priority=world.priority, title="Carbon emissions fall")
    world.other_outcome = OutcomeFactory(priority=world.other_priority, title="More affordable homes")
    world.objective = ObjectiveFactory(outcome=world.outcome, title="Retrofit council homes")
    world.other_objective = ObjectiveFactory(outcome=world.other_outcome, title="Build on brownfield land")
    document = store_upload(
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        allowed={"pdf"},
        partnership_id=world.partnership.pk,
        original_name="needs.pdf",
    )
    world.evidence = EvidenceFactory(outcome=world.outcome, document=document)
    world.other_evidence = EvidenceFactory(outcome=world.other_outcome)
    StrategyVersionFactory(strategy=world.strategy, number=1, snapshot=snapshot_strategy(world.strategy))
    StrategyVersionFactory(strategy=world.strategy, number=2, snapshot=snapshot_strategy(world.strategy))
