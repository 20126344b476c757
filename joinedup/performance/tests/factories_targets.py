"""Factories for targets, their changes and commentary (en_GB data), and the persona world's
objects for the targets part (`add_targets_to_world`)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory
from joinedup.performance.models import Commentary, Indicator, Target, TargetChange, TargetType

factory.Faker._DEFAULT_LOCALE = "en_GB"


class LocalIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    partnership = factory.SubFactory(PartnershipFactory)
    code = factory.Sequence(lambda n: f"NI {150 + n}")
    title = factory.Sequence(lambda n: f"Working-age people claiming out-of-work benefits {n}")
    decimal_places = 1


class SharedIndicatorFactory(LocalIndicatorFactory):
    partnership = None
    code = factory.Sequence(lambda n: f"9{n:04d}")
    title = factory.Sequence(lambda n: f"Campylobacter infection rate {n}")


class TargetFactory(DjangoModelFactory):
    """A target with an approved value (made directly: tests of approval go through the services)."""

    class Meta:
        model = Target

    partnership = factory.SubFactory(PartnershipFactory)
    indicator = factory.SubFactory(LocalIndicatorFactory, partnership=factory.SelfAttribute("..partnership"))
    area = factory.SubFactory(AreaFactory)
    period = Period.financial_year(2026)
    target_type = TargetType.LOCAL
    value = 42.0
    approved_at = factory.LazyFunction(timezone.now)


class TargetChangeFactory(DjangoModelFactory):
    """A change waiting for approval."""

    class Meta:
        model = TargetChange

    target = factory.SubFactory(TargetFactory)
    partnership = factory.SelfAttribute("target.partnership")
    proposed = factory.LazyAttribute(
        lambda o: {
            "value": 40.0,
            "target_type": o.target.target_type,
            "baseline_value": None,
            "baseline_period": None,
            "without_intervention": None,
            "tolerance": None,
            "tolerance_kind": "absolute",
        }
    )
    reason = "The new national framework lowered the ambition"


class CommentaryFactory(DjangoModelFactory):
    class Meta:
        model = Commentary

    partnership = factory.SubFactory(PartnershipFactory)
    indicator = factory.SubFactory(LocalIndicatorFactory, partnership=factory.SelfAttribute("..partnership"))
    period = Period.financial_year(2025)
    happening = "Claimant numbers rose over the winter."
    doing = "The employment hub opened in March."
    written_by_label = "Priya Shah"
    written_at = factory.LazyFunction(lambda: dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC))


def add_targets_to_world(world) -> None:
    """world.target_indicator (local to world.partnership), world.target (approved, local
    type), world.target_change (waiting, proposed by world.job_owner: an editor who is none
    of the personas), world.commentary, and world.elsewhere_indicator (local to another
    partnership: hidden from world.partnership's people), and world.target_shared_indicator
    (shared: visible to every partnership)."""
    area = AreaFactory(code="W0TARGET1", name="Targetshire", is_fictional=True, source="demo")
    world.partnership.areas.add(area)
    world.target_indicator = LocalIndicatorFactory(partnership=world.partnership, code="NI 152")
    world.target = TargetFactory(partnership=world.partnership, indicator=world.target_indicator, area=area)
    world.target_change = TargetChangeFactory(target=world.target, proposed_by=world.job_owner)
    world.commentary = CommentaryFactory(partnership=world.partnership, indicator=world.target_indicator)
    world.elsewhere_indicator = LocalIndicatorFactory(partnership=world.elsewhere, code="LOCAL 1")
    world.target_shared_indicator = SharedIndicatorFactory(code="TARGETS 1")
