"""A partnership with indicators, values, targets, a comparator group, commentary and bodies,
for the dashboards, exception views and escalations (the insight part); and the persona
world's insight objects (`add_insight_to_world`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from joinedup.core.periods import Period
from joinedup.partnerships.models import Layer
from joinedup.partnerships.tests.factories import AreaFactory, BodyFactory
from joinedup.performance.models import ComparatorKind, Polarity, ValueType
from joinedup.performance.tests.factories_library import (
    ComparatorGroupFactory,
    LinkFactory,
    LocalIndicatorFactory,
    ObservationFactory,
    add_member,
)
from joinedup.performance.tests.factories_targets import CommentaryFactory, TargetFactory

YEARS = range(2016, 2024)  # eight calendar years: enough for a forecast


@dataclass
class Scene:
    partnership: Any
    area: Any
    benchmark: Any
    group: Any
    links: list[Any] = field(default_factory=list)


def add_indicators(
    partnership: Any,
    count: int,
    *,
    outcome: Any = None,
    area: Any = None,
    benchmark: Any = None,
    neighbours: tuple[Any, ...] = (),
    worsening: bool = True,
) -> list[Any]:
    """`count` local indicators used by the partnership, higher is better, each with a value
    per year for `area` (falling when `worsening`), a benchmark and neighbours' values, a target
    for the last year and for 2026, and commentary. Returns the links."""
    links = []
    for _ in range(count):
        indicator = LocalIndicatorFactory(
            partnership=partnership, polarity=Polarity.HIGHER_IS_BETTER, value_type=ValueType.OTHER
        )
        link = LinkFactory(partnership=partnership, indicator=indicator)
        if outcome is not None:
            link.outcomes.add(outcome)
        for i, year in enumerate(YEARS):
            value = (80 - 3 * i) if worsening else (60 + 3 * i)
            if area is not None:
                ObservationFactory(
                    indicator=indicator,
                    partnership=partnership,
                    area=area,
                    period=Period.calendar_year(year),
                    value=value,
                    lower_95=value - 1,
                    upper_95=value + 1,
                )
            if benchmark is not None:
                ObservationFactory(
                    indicator=indicator,
                    partnership=partnership,
                    area=benchmark,
                    period=Period.calendar_year(year),
                    value=75.0,
                )
            for n, neighbour in enumerate(neighbours):
                ObservationFactory(
                    indicator=indicator,
                    partnership=partnership,
                    area=neighbour,
                    period=Period.calendar_year(year),
                    value=70.0 + n,
                )
        if area is not None:
            TargetFactory(
                partnership=partnership,
                indicator=indicator,
                area=area,
                period=Period.calendar_year(YEARS[-1]),
                value=75.0,
                tolerance=2.0,
            )
            TargetFactory(
                partnership=partnership,
                indicator=indicator,
                area=area,
                period=Period.calendar_year(2026),
                value=80.0,
            )
        CommentaryFactory(
            partnership=partnership,
            indicator=indicator,
            period=Period.calendar_year(YEARS[-1]),
            happening="Fewer people are reached.",
            doing="A recovery plan starts in May.",
        )
        links.append(link)
    return links


def scene(partnership: Any, count: int = 3, *, outcome: Any = None, worsening: bool = True) -> Scene:
    area = partnership.areas.order_by("name").first()
    if area is None:
        area = AreaFactory(name="Aardvark District")
        partnership.areas.add(area)
    benchmark = AreaFactory(name="England (test)", code=f"E9200{partnership.pk:04d}")
    neighbours = tuple(AreaFactory(name=f"Neighbour {n}") for n in range(4))
    group = ComparatorGroupFactory(
        partnership=partnership,
        name="Nearest neighbours",
        subject_area=area,
        benchmark_area=benchmark,
        kind=ComparatorKind.NEAREST_NEIGHBOURS,
    )
    for rank, neighbour in enumerate(neighbours, start=1):
        add_member(group, neighbour, rank)
    links = add_indicators(
        partnership,
        count,
        outcome=outcome,
        area=area,
        benchmark=benchmark,
        neighbours=neighbours,
        worsening=worsening,
    )
    return Scene(partnership, area, benchmark, group, links)


def bodies(partnership: Any) -> tuple[Any, Any, Any]:
    """A strategic forum, an executive board reporting to it and a thematic group reporting to
    the board."""
    forum = BodyFactory(partnership=partnership, name="Strategic forum", layer=Layer.STRATEGIC)
    board = BodyFactory(partnership=partnership, name="Executive board", layer=Layer.EXECUTIVE, parent=forum)
    group = BodyFactory(partnership=partnership, name="Housing group", layer=Layer.THEMATIC, parent=board)
    return forum, board, group


def add_insight_to_world(world: Any) -> None:
    """world.insight_link (a worsening indicator with values, targets and commentary, serving
    world.outcome), world.escalation (from world.child_body to world.body, raised by the admin)
    and world.elsewhere_escalation (in world.elsewhere)."""
    from joinedup.performance.models import Escalation

    world.insight_link = add_indicators(
        world.partnership, 1, outcome=world.outcome, area=world.partnership.areas.order_by("name").first()
    )[0]
    world.escalation = Escalation.objects.create(
        partnership=world.partnership,
        indicator=world.insight_link.indicator,
        period=Period.calendar_year(YEARS[-1]),
        variance="59.0: 16.0 below the target of 75.0",
        reason="Needs the board's decision on funding",
        from_body=world.child_body,
        to_body=world.body,
        raised_by=world.users["admin"],
    )
    elsewhere_link = add_indicators(world.elsewhere, 1)[0]
    world.elsewhere_escalation = Escalation.objects.create(
        partnership=world.elsewhere,
        indicator=elsewhere_link.indicator,
        period=Period.calendar_year(YEARS[-1]),
        variance="n/a",
        reason="Elsewhere's own",
        to_body=world.elsewhere_body,
    )
