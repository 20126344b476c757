"""A partnership on the synthetic national data set (generate_national_data), for the
fixed-number-of-queries tests of large dashboards (the scale part)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from joinedup.core.periods import Period
from joinedup.partnerships.models import Area
from joinedup.performance.management.commands import generate_national_data as gen
from joinedup.performance.models import (
    Commentary,
    ComparatorGroup,
    ComparatorMember,
    Indicator,
    PartnershipIndicator,
    Target,
)


def national_data(*, areas: int = 6, indicators: int = 200, periods: int = 8) -> None:
    gen.generate(areas=areas, indicators=indicators, periods=periods, seed=11)


def use_indicators(
    partnership: Any, first: int, last: int, *, outcome: Any = None
) -> list[PartnershipIndicator]:
    """Link synthetic indicators number `first`..`last` to the partnership, each with an approved
    target for the last quarter and commentary; the outcome (if any) on every other one."""
    indicators = list(
        Indicator.objects.filter(code__in=[gen.indicator_code(i) for i in range(first, last + 1)]).order_by(
            "code"
        )
    )
    area = partnership.areas.order_by("name", "pk").first()
    links = PartnershipIndicator.objects.bulk_create(
        [PartnershipIndicator(partnership=partnership, indicator=i) for i in indicators]
    )
    last_quarter = Period.quarter(gen.LAST_YEAR, 4)
    Target.objects.bulk_create(
        [
            Target(partnership=partnership, indicator=i, area=area, period=last_quarter, value=50.0,
                   tolerance=1.0, approved_at=timezone.now())
            for i in indicators
        ]
    )  # fmt: skip
    Commentary.objects.bulk_create(
        [
            Commentary(partnership=partnership, indicator=i, period=last_quarter, happening="Synthetic.")
            for i in indicators
        ]
    )
    if outcome is not None:
        for link in links[::2]:
            link.outcomes.add(outcome)
    return links


def national_partnership(partnership: Any, *, neighbours: int = 5) -> ComparatorGroup:
    """Synthetic area 1 as the partnership's area, compared with the next `neighbours` synthetic
    areas and Synthetic England."""
    area = Area.objects.get(code=gen.area_code(1))
    partnership.areas.add(area)
    group = ComparatorGroup.objects.create(
        partnership=partnership,
        name="Synthetic neighbours",
        subject_area=area,
        benchmark_area=Area.objects.get(code=gen.COUNTRY_CODE),
    )
    others = Area.objects.filter(code__in=[gen.area_code(k) for k in range(2, neighbours + 2)])
    ComparatorMember.objects.bulk_create(
        [ComparatorMember(group=group, area=a, rank=r) for r, a in enumerate(others, start=1)]
    )
    return group
