"""Factories for indicators, a partnership's use of them, observations and comparator
groups (the library part), and the persona world's library objects."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory
from joinedup.performance.models import (
    ComparatorGroup,
    ComparatorKind,
    ComparatorMember,
    Indicator,
    Observation,
    PartnershipIndicator,
    Polarity,
    Unit,
)


class SharedIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    partnership = None
    code = factory.Sequence(lambda n: f"S{n:05d}")
    title = factory.Sequence(lambda n: f"Shared indicator {n}")
    definition = "A published definition."
    unit = Unit.RATE_100000
    polarity = Polarity.LOWER_IS_BETTER
    decimal_places = 1
    source = "Office for Health Improvement and Disparities"


class LocalIndicatorFactory(SharedIndicatorFactory):
    partnership = factory.SubFactory(PartnershipFactory)
    code = factory.Sequence(lambda n: f"LOCAL {n}")
    title = factory.Sequence(lambda n: f"Local indicator {n}")
    unit = Unit.NUMBER
    polarity = Polarity.HIGHER_IS_BETTER
    decimal_places = 0
    source = "The partnership"


class LinkFactory(DjangoModelFactory):
    class Meta:
        model = PartnershipIndicator

    partnership = factory.SubFactory(PartnershipFactory)
    indicator = factory.SubFactory(SharedIndicatorFactory)


class ObservationFactory(DjangoModelFactory):
    """Only for reads in tests: values are written by services.observations everywhere else."""

    class Meta:
        model = Observation

    indicator = factory.SubFactory(SharedIndicatorFactory)
    partnership = None
    area = factory.SubFactory(AreaFactory)
    period = Period.calendar_year(2022)
    value = 12.5


class ComparatorGroupFactory(DjangoModelFactory):
    class Meta:
        model = ComparatorGroup

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Comparator group {n}")
    kind = ComparatorKind.CUSTOM


def add_member(group: ComparatorGroup, area, rank: int | None = None) -> ComparatorMember:
    return ComparatorMember.objects.create(group=group, area=area, rank=rank)


def add_library_to_world(world) -> None:
    """world.shared_indicator (shared, not used by world.partnership, with a shared value),
    world.local_indicator (world.partnership's own, used: world.indicator_link),
    world.elsewhere_indicator (world.elsewhere's own), world.comparator_group (world.partnership's),
    world.shared_comparator_group and world.elsewhere_comparator_group."""
    area = AreaFactory(code="E07900901", name="World District")
    world.partnership.areas.add(area)
    world.shared_indicator = SharedIndicatorFactory(code="WORLD-SHARED-1", title="Campylobacter cases")
    ObservationFactory(indicator=world.shared_indicator, area=area, value=95.2)
    world.local_indicator = LocalIndicatorFactory(
        partnership=world.partnership, code="WORLD-LOCAL-1", title="Net additional homes"
    )
    world.indicator_link = LinkFactory(partnership=world.partnership, indicator=world.local_indicator)
    world.indicator_link.outcomes.add(world.outcome)
    world.elsewhere_indicator = LocalIndicatorFactory(
        partnership=world.elsewhere, code="ELSEWHERE-1", title="Elsewhere's own count"
    )
    world.comparator_group = ComparatorGroupFactory(partnership=world.partnership, name="World neighbours")
    add_member(world.comparator_group, area, 1)
    world.shared_comparator_group = ComparatorGroupFactory(
        partnership=None, name="England", kind=ComparatorKind.ENGLAND
    )
    world.elsewhere_comparator_group = ComparatorGroupFactory(
        partnership=world.elsewhere, name="Elsewhere's group"
    )
