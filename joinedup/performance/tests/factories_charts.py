"""Helpers for the charts part's tests: values written through the one observation writer,
approved targets, and the persona world's objects (`add_charts_to_world`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from joinedup.core.periods import Period
from joinedup.partnerships.models import AreaType
from joinedup.partnerships.tests.factories import AreaFactory
from joinedup.performance.models import Polarity, Unit, ValueType
from joinedup.performance.services.observations import NewObservation, plan_observations, write_observations
from joinedup.performance.tests.factories_library import LinkFactory, LocalIndicatorFactory
from joinedup.performance.tests.factories_targets import TargetFactory


def write_values(
    indicator: Any,
    area: Any,
    rows: Iterable[tuple[Any, ...]],
    *,
    partnership: Any = None,
    category_type: str = "",
    category: str = "",
) -> None:
    """rows: (period, value) or (period, value, numerator, denominator) or
    (period, value, numerator, denominator, lower, upper)."""
    new = []
    for row in rows:
        period, value, *rest = row
        rest += [None] * (4 - len(rest))
        numerator, denominator, lower, upper = rest
        new.append(
            NewObservation(
                indicator_id=indicator.pk,
                area_id=area.pk,
                period=period,
                value=value,
                numerator=numerator,
                denominator=denominator,
                lower_95=lower,
                upper_95=upper,
                category_type=category_type,
                category=category,
            )
        )
    write_observations(
        plan_observations(new, may_revise=True), partnership_id=partnership.pk if partnership else None
    )


def approve_target(partnership: Any, indicator: Any, area: Any, period: Period, value: float, **kw: Any):
    return TargetFactory(
        partnership=partnership, indicator=indicator, area=area, period=period, value=value, **kw
    )


def months(first: Period, count: int) -> list[Period]:
    return [first.shift(i) for i in range(count)]


def add_charts_to_world(world: Any) -> None:
    """world.charts_indicator: a local monthly count used by world.partnership, owned by
    world.person, with 14 months of values for world.partnership's first area and an approved
    target (so the trend, variation and forecast panels all show)."""
    area = world.partnership.areas.order_by("name").first() or AreaFactory(
        code="E07900902", name="World Charts District", area_type=AreaType.NON_METROPOLITAN_DISTRICT
    )
    if not world.partnership.areas.filter(pk=area.pk).exists():
        world.partnership.areas.add(area)
    indicator = LocalIndicatorFactory(
        partnership=world.partnership,
        code="WORLD-CHARTS-1",
        title="Households helped",
        unit=Unit.NUMBER,
        polarity=Polarity.HIGHER_IS_BETTER,
        value_type=ValueType.COUNT,
        frequency="monthly",
    )
    LinkFactory(partnership=world.partnership, indicator=indicator, owner_person=world.person)
    periods = months(Period.month(2024, 1), 14)
    write_values(
        indicator,
        area,
        [(p, float(20 + i % 5), float(20 + i % 5)) for i, p in enumerate(periods)],
        partnership=world.partnership,
    )
    approve_target(world.partnership, indicator, area, Period.month(2025, 12), 30.0)
    world.charts_indicator = indicator
