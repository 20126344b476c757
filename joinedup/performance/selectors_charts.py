"""Reads for the indicator page's analysis panels and the completeness page (charts part).

Every function runs a fixed number of queries whatever the number of areas, periods or
indicators (tested with django_assert_max_num_queries). Shared indicators' values have no
partnership, so observations are reached through the manager, always narrowed to one
partnership's visible indicators and to shared or that partnership's own values (the
GLOBAL_MODELS entries in scripts/check_scoping.py name this file). Everything else goes
through the partnership or the library's selectors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from joinedup.core.periods import Period, parse
from joinedup.partnerships.models import Area, AreaType, Partnership
from joinedup.performance.models import (
    DEFAULT_AGE,
    DEFAULT_SEX,
    ComparatorKind,
    Indicator,
    PartnershipIndicator,
    Target,
)
from joinedup.performance.selectors import comparator_groups, visible_observations

# Upper-tier councils: the "counties and unitary authorities" of a region.
COUNTY_UA_TYPES = (
    AreaType.COUNTY,
    AreaType.UNITARY,
    AreaType.METROPOLITAN_DISTRICT,
    AreaType.LONDON_BOROUGH,
)
ENGLAND_CODE = "E92000001"


def _period(value: Any) -> Period:
    return value if isinstance(value, Period) else parse(str(value))


@dataclass(frozen=True)
class Value:
    """One current default-breakdown (or category) value, as plain data for the analysis."""

    area_id: int
    period: Period
    value: float | None
    numerator: float | None
    denominator: float | None
    lower: float | None
    upper: float | None
    note: str = ""
    category_type: str = ""
    category: str = ""


_FIELDS = (
    "area_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "lower_95",
    "upper_95",
    "note",
    "category_type",
    "category",
)


def _values(rows: Iterable[tuple[Any, ...]]) -> list[Value]:
    out = [
        Value(area, _period(period), value, num, den, low, high, note, ctype, cat)
        for area, period, value, num, den, low, high, note, ctype, cat in rows
    ]
    out.sort(key=lambda v: (v.area_id, v.period.sort_key, v.category_type, v.category))
    return out


def _current(partnership: Partnership, indicator_ids: Sequence[int]):
    return visible_observations(partnership, indicator_ids).filter(
        superseded_at__isnull=True,
        sex=DEFAULT_SEX,
        age=DEFAULT_AGE,
    )


def series_for_areas(partnership: Partnership, indicator: Indicator, area_ids: Sequence[int]) -> list[Value]:
    """Every current default-breakdown value of the indicator for these areas, by area and
    period. One query."""
    if not area_ids:
        return []
    rows = (
        _current(partnership, [indicator.pk])
        .filter(category_type="", category="", area_id__in=list(area_ids))
        .values_list(*_FIELDS)
    )
    return _values(rows)


def values_in_period(
    partnership: Partnership, indicator: Indicator, area_ids: Sequence[int], period: Period
) -> dict[int, Value]:
    """The current default-breakdown value of each of these areas for one period. One query."""
    if not area_ids:
        return {}
    rows = (
        _current(partnership, [indicator.pk])
        .filter(category_type="", category="", area_id__in=list(area_ids), period=period.code)
        .values_list(*_FIELDS)
    )
    return {v.area_id: v for v in _values(rows)}


def deprivation_extremes(partnership: Partnership, indicator: Indicator) -> list[Value]:
    """The most and least deprived categories of every deprivation breakdown of the indicator,
    for every area that has them (e.g. England's rows in a Fingertips export). One query."""
    rows = (
        _current(partnership, [indicator.pk])
        .filter(Q(category_type__icontains="depriv") | Q(category_type__icontains="decile"))
        .filter(Q(category__istartswith="most deprived") | Q(category__istartswith="least deprived"))
        .values_list(*_FIELDS)
    )
    return _values(rows)


def approved_targets(partnership: Partnership, indicator: Indicator, area: Area) -> list[Target]:
    """The approved targets (one per period) of the indicator for an area. One query."""
    rows = partnership.targets.filter(
        indicator=indicator, area=area, value__isnull=False, approved_at__isnull=False
    )
    return sorted(rows, key=lambda t: _period(t.period).sort_key)


def areas_by_id(area_ids: Iterable[int]) -> dict[int, Area]:
    """One query."""
    return {a.pk: a for a in Area.objects.filter(pk__in=list(set(area_ids)))}


# --- comparator groups --------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupChoice:
    """A comparator group the page may compare with: a stored group or the region's counties
    and unitary authorities (key "region")."""

    key: str
    name: str
    area_ids: tuple[int, ...]
    benchmark_area_id: int | None
    benchmark_name: str
    kind: str


def comparator_choices(partnership: Partnership, headline: Area | None) -> list[GroupChoice]:
    """The partnership's own groups, then the shared ones, then the headline area's region's
    counties and unitary authorities (when the area has a region). Three queries."""
    groups = sorted(
        comparator_groups(partnership),
        key=lambda g: (g.partnership_id is None, g.name, g.pk),  # own groups before shared ones
    )
    members = {
        g.pk: [
            m.area_id
            for m in sorted(g.memberships.all(), key=lambda m: (m.rank is None, m.rank or 0, m.area.name))
        ]
        for g in groups
    }
    choices = [
        GroupChoice(
            key=str(g.pk),
            name=g.name if g.partnership_id else f"{g.name} (shared)",
            area_ids=tuple(members.get(g.pk, [])),
            benchmark_area_id=g.benchmark_area_id,
            benchmark_name=g.benchmark_area.name if g.benchmark_area else "",
            kind=g.kind,
        )
        for g in groups
    ]
    if headline is not None and headline.region_name:
        region = list(
            Area.objects.filter(region_name=headline.region_name, area_type__in=COUNTY_UA_TYPES)
            .filter(Q(end_date__isnull=True))
            .order_by("name")
            .values_list("pk", flat=True)
        )
        if region:
            choices.append(
                GroupChoice(
                    key="region",
                    name=f"Counties and unitary authorities in {headline.region_name}",
                    area_ids=tuple(region),
                    benchmark_area_id=None,
                    benchmark_name="",
                    kind=ComparatorKind.REGION,
                )
            )
    return [c for c in choices if c.area_ids]


def default_choice(choices: Sequence[GroupChoice], headline: Area | None) -> GroupChoice | None:
    """Nearest neighbours if any (those of the headline area first), else the region's
    counties and unitary authorities, else the first group."""
    neighbours = [c for c in choices if c.kind == ComparatorKind.NEAREST_NEIGHBOURS]
    if neighbours:
        return neighbours[0]
    region = [c for c in choices if c.key == "region"]
    if region:
        return region[0]
    return choices[0] if choices else None


def england() -> Area | None:
    """The country-level area for England, the benchmark when a group names none. One query."""
    return Area.objects.filter(Q(code=ENGLAND_CODE) | Q(area_type=AreaType.COUNTRY, name="England")).first()


# --- completeness ---------------------------------------------------------------------------------


@dataclass
class LinkValues:
    link: PartnershipIndicator
    area_ids: list[int]
    periods: list[Period]  # periods with at least one value for the link's areas


def completeness_inputs(partnership: Partnership) -> list[LinkValues]:
    """Every indicator the partnership uses, with its owner, and the periods that have a value
    for the partnership's areas (its own and those it reports the indicator on). Four queries."""
    links = list(
        partnership.indicator_links.select_related("indicator", "owner_person", "owner_organisation")
        .prefetch_related("areas")
        .order_by("indicator__code", "pk")
    )
    own = list(partnership.areas.order_by("name").values_list("pk", flat=True))
    area_ids = {link.pk: own + [a.pk for a in link.areas.all() if a.pk not in own] for link in links}
    wanted = {a for ids in area_ids.values() for a in ids}
    seen: dict[tuple[int, int], set[str]] = {}
    periods: dict[str, Period] = {}
    if links and wanted:
        rows = (
            _current(partnership, [link.indicator_id for link in links])
            .filter(category_type="", category="", area_id__in=list(wanted), value__isnull=False)
            .values_list("indicator_id", "area_id", "period")
            .distinct()
        )
        for indicator_id, area_id, period in rows:
            p = _period(period)
            periods[p.code] = p
            seen.setdefault((indicator_id, area_id), set()).add(p.code)
    out = []
    for link in links:
        codes: set[str] = set()
        for area_id in area_ids[link.pk]:
            codes |= seen.get((link.indicator_id, area_id), set())
        out.append(
            LinkValues(link, area_ids[link.pk], sorted((periods[c] for c in codes), key=lambda p: p.sort_key))
        )
    return out


__all__ = [
    "GroupChoice",
    "LinkValues",
    "Value",
    "approved_targets",
    "areas_by_id",
    "comparator_choices",
    "completeness_inputs",
    "default_choice",
    "deprivation_extremes",
    "england",
    "series_for_areas",
    "values_in_period",
]
