"""Reads for the dashboards, exception views and escalations (the insight part).

`indicator_facts` fetches the inputs of any number of a partnership's indicators in a fixed
number of queries — one per kind of record: links (with outcomes and themes), the
partnership's areas, comparator groups and members, observations, targets, commentary — and
hands them to the pure `facts.assemble`. Shared values and shared comparator groups are
reference data: the observations query is narrowed to the partnership's linked indicators
and to shared or its own values (as `selectors.visible_observations`), the groups query goes
through `selectors.visible_groups` (GLOBAL_MODELS in scripts/check_scoping.py names this file).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast

from joinedup.core.fields import chronological
from joinedup.core.periods import Period, parse
from joinedup.partnerships.analysis import headline_first, is_headline_chosen
from joinedup.partnerships.models import Area, Body, Partnership
from joinedup.performance import facts as F
from joinedup.performance.models import (
    DEFAULT_AGE,
    DEFAULT_SEX,
    ComparatorGroup,
    Escalation,
    PartnershipIndicator,
)
from joinedup.performance.selectors import headline_area_id, visible_groups, visible_observations
from joinedup.strategy.models import Outcome


@dataclass
class Card:
    """One indicator on a dashboard: the partnership's link and the computed facts."""

    link: PartnershipIndicator
    facts: F.Facts
    themes: list[Any] = field(default_factory=list)

    @property
    def indicator(self) -> Any:
        return self.link.indicator


def links(
    partnership: Partnership, indicator_ids: Iterable[int] | None = None
) -> QuerySet[PartnershipIndicator]:
    """The partnership's indicator links with indicator, owner and outcomes (with their
    themes): two queries."""
    rows = partnership.indicator_links.select_related(
        "indicator", "owner_person__user", "owner_organisation"
    ).prefetch_related(
        Prefetch(
            "outcomes", queryset=Outcome.objects.select_related("priority__lead_body").order_by("position")
        )
    )
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=list(indicator_ids))
    return rows.order_by("indicator__code", "pk")


@dataclass(frozen=True)
class HeadlineArea:
    """The area a partnership's headline figures are for, whether its admins chose it (else
    the default rule did), and how many areas the partnership has (more than one: each
    indicator's page also shows them pooled)."""

    area: Area | None
    is_chosen: bool
    area_count: int


def headline(partnership: Partnership) -> HeadlineArea:
    """The headline area on pages about many indicators: the rule of
    `selectors.headline_area_id` over the partnership's own areas in `reported_area_ids` order,
    so the area its admins chose, else its only area, else its first by name (one query).
    Pooled footprints are the indicator page's (docs/adr/0028-headline-area.md)."""
    own = list(partnership.areas.order_by("name", "pk"))
    ids = [a.pk for a in own]
    chosen = headline_area_id(headline_first(ids, partnership.headline_area_id))
    return HeadlineArea(
        area=next((a for a in own if a.pk == chosen), None),
        is_chosen=is_headline_chosen(ids, partnership.headline_area_id),
        area_count=len(own),
    )


def headline_area(partnership: Partnership) -> Area | None:
    """The area a partnership's headline figures are for on pages about many indicators."""
    return headline(partnership).area


def comparator_group(partnership: Partnership, area: Area | None) -> ComparatorGroup | None:
    """The group the headline area is compared with: the partnership's own group whose subject
    is the area, else its own first group, else a shared group whose subject is the area, else
    the first shared England group. Members come with it (two queries in all)."""
    groups = list(visible_groups(partnership).select_related("benchmark_area").order_by("name", "pk"))

    def pick() -> ComparatorGroup | None:
        own = [g for g in groups if g.partnership_id == partnership.pk]
        shared = [g for g in groups if g.partnership_id is None]
        for candidates in (
            [g for g in own if area is not None and g.subject_area_id == area.pk],
            own,
            [g for g in shared if area is not None and g.subject_area_id == area.pk],
            [g for g in shared if g.kind == "england"],
        ):
            if candidates:
                return candidates[0]
        return None

    group = pick()
    if group is not None:
        group.member_list = list(  # type: ignore[attr-defined]
            group.memberships.select_related("area").order_by("rank", "area__name")
        )
    return group


class _Periods(dict[str, Period]):
    """Periods by stored code, each parsed once per call (a dashboard reads thousands of rows
    of a few dozen periods; parsing per row was most of the selector's time)."""

    def __missing__(self, code: str) -> Period:
        period = self[code] = parse(code)
        return period


# The columns of `_current_values`' rows after the fields of `facts.Value`.
_INDICATOR_ID, _AREA_ID = 11, 12


def _row_value(row: tuple[Any, ...], periods: _Periods) -> F.Value:
    return F.Value._make((periods[row[0]], *row[1:_INDICATOR_ID]))


class _RowValues(Mapping[str, F.Value]):
    """An area's values of one indicator by period code, kept as `_current_values` rows and made
    `facts.Value`s when read: of the benchmark's whole series the facts read one value an
    indicator (its latest period's), so building 40 to read one was most of its cost."""

    __slots__ = ("_periods", "_rows")

    def __init__(self, periods: _Periods) -> None:
        self._periods = periods
        self._rows: dict[str, tuple[Any, ...]] = {}

    def add(self, row: tuple[Any, ...]) -> None:
        self._rows[self._periods[row[0]].code] = row

    def __getitem__(self, code: str) -> F.Value:
        return _row_value(self._rows[code], self._periods)

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def info(indicator: Any) -> F.IndicatorInfo:
    return F.IndicatorInfo(
        pk=indicator.pk,
        code=indicator.code,
        title=indicator.title,
        polarity=indicator.polarity,
        value_type=indicator.value_type,
        unit=indicator.unit,
        decimal_places=indicator.decimal_places,
        is_fictional=indicator.is_fictional,
    )


def _current_values(partnership: Partnership, indicator_ids: list[int]) -> Any:
    """Current default-breakdown values of these indicators that the partnership may see (shared
    or its own), as tuples: the fields of `facts.Value` in its order (the period as its stored
    code, no Period built per row), then the indicator and area ids. Unordered: the model's
    ordering joins the indicator and area tables to sort by their text, and every reader here
    groups the rows itself."""
    return (
        visible_observations(partnership, indicator_ids)
        .filter(superseded_at__isnull=True)
        .filter(sex=DEFAULT_SEX, age=DEFAULT_AGE, category_type="", category="")
        .order_by()
        .annotate(period_code=Cast("period", output_field=CharField()))
        .values_list(
            "period_code",
            "value",
            "lower_95",
            "upper_95",
            "numerator",
            "denominator",
            "note",
            "pk",
            "import_run_id",
            "source_row",
            "entered_by_label",
            "indicator_id",
            "area_id",
        )
    )


@dataclass
class FactsBundle:
    cards: list[Card]
    area: Area | None
    group: ComparatorGroup | None
    area_is_chosen: bool = False  # the admins chose the headline area (else the default rule)
    area_count: int = 0  # the partnership's own areas


def indicator_facts(partnership: Partnership, link_rows: Sequence[PartnershipIndicator]) -> FactsBundle:
    """The facts of each linked indicator for the headline area, in a fixed number of queries
    whatever the number of links: area (1), comparator group and members (2), the headline
    and benchmark areas' values (1), the group members' values for each latest period (1),
    targets (1), commentary (1)."""
    chosen = headline(partnership)
    area = chosen.area
    group = comparator_group(partnership, area)
    ids = [link.indicator_id for link in link_rows]
    members = list(getattr(group, "member_list", [])) if group is not None else []
    benchmark_area = group.benchmark_area if group is not None else None
    names = {m.area_id: m.area.name for m in members}
    if area is not None:
        names[area.pk] = area.name

    series: dict[int, list[F.Value]] = {}
    benchmark: dict[int, _RowValues] = {}
    group_values: dict[int, dict[str, dict[str, float | None]]] = {}
    # The headline area's and the benchmark's whole series; the members' values only for each
    # indicator's latest period (all a rank needs), so a large group does not multiply the rows.
    periods = _Periods()
    area_pk = area.pk if area is not None else None
    benchmark_pk = benchmark_area.pk if benchmark_area is not None else None
    headline_ids = {pk for pk in (area_pk, benchmark_pk) if pk is not None}
    if ids and headline_ids:
        make = F.Value._make
        for row in _current_values(partnership, ids).filter(area_id__in=headline_ids):
            area_id = row[_AREA_ID]
            if area_id == area_pk:
                values = series.get(row[_INDICATOR_ID])
                if values is None:
                    values = series[row[_INDICATOR_ID]] = []
                # The row's first columns are the Value's fields (entered_by_label is never null).
                values.append(make((periods[row[0]], *row[1:_INDICATOR_ID])))
            if area_id == benchmark_pk:
                by_period = benchmark.get(row[_INDICATOR_ID])
                if by_period is None:
                    by_period = benchmark[row[_INDICATOR_ID]] = _RowValues(periods)
                by_period.add(row)
    latest: dict[int, str] = {}
    for ind, values in series.items():
        newest = max((v for v in values if v.value is not None), key=F._by_period, default=None)
        if newest is not None:
            latest[ind] = newest.period.code
            group_values[ind] = {newest.period.code: {area.name: newest.value}} if area else {}
    member_ids = {m.area_id for m in members} - ({area.pk} if area else set())
    if latest and member_ids:
        rows = _current_values(partnership, list(latest)).filter(
            area_id__in=member_ids, period__in=sorted(set(latest.values()))
        )
        for row in rows.values_list("period_code", "value", "indicator_id", "area_id"):
            stored, value, ind, area_id = row
            code = periods[stored].code
            if latest.get(ind) == code:
                group_values[ind].setdefault(code, {})[names[area_id]] = value

    # Targets and commentary read the period as its stored code too, parsed once per call: the
    # same Period objects as the series', whose labels are then worked out once.
    targets: dict[int, list[F.TargetValue]] = {}
    if ids and area is not None:
        for pk, ind, code, value, tolerance, tolerance_kind, target_type in (
            partnership.targets.filter(indicator_id__in=ids, area=area, value__isnull=False)
            .order_by()
            .annotate(period_code=Cast("period", output_field=CharField()))
            .values_list(
                "pk", "indicator_id", "period_code", "value", "tolerance", "tolerance_kind", "target_type"
            )
        ):
            targets.setdefault(ind, []).append(
                F.TargetValue(
                    period=periods[code],
                    value=float(value or 0),  # never None: filtered above
                    tolerance=tolerance or 0,
                    tolerance_kind=tolerance_kind,
                    target_id=pk,
                    target_type=target_type,
                )
            )

    commentary: dict[int, F.CommentaryNote] = {}
    if ids:
        for ind, code, happening, doing, written_by in (
            partnership.commentaries.filter(indicator_id__in=ids)
            .order_by("indicator_id", *chronological("period", descending=True))
            .annotate(period_code=Cast("period", output_field=CharField()))
            .values_list("indicator_id", "period_code", "happening", "doing", "written_by_label")
        ):
            if ind not in commentary:
                commentary[ind] = F.CommentaryNote(periods[code], happening, doing, written_by)

    cards = []
    for link in link_rows:
        ind = link.indicator_id
        inputs = F.Inputs(
            indicator=info(link.indicator),
            area_name=area.name if area else "",
            series=series.get(ind, []),
            targets=targets.get(ind, []),
            benchmark_name=benchmark_area.name if benchmark_area is not None else "",
            benchmark=benchmark.get(ind) or {},
            group_name=group.name if group is not None else "",
            group_values=group_values.get(ind, {}) if member_ids else {},
            commentary=commentary.get(ind),
        )
        themes = []
        seen = set()
        for outcome in link.outcomes.all():
            if outcome.priority_id not in seen:
                seen.add(outcome.priority_id)
                themes.append(outcome.priority)
        cards.append(Card(link=link, facts=F.assemble(inputs), themes=themes))
    return FactsBundle(
        cards=cards, area=area, group=group, area_is_chosen=chosen.is_chosen, area_count=chosen.area_count
    )


# --- escalations --------------------------------------------------------------------------------


def escalations(partnership: Partnership) -> QuerySet[Escalation]:
    return partnership.escalations.select_related(
        "indicator", "area", "from_body", "from_person", "to_body", "raised_by"
    ).order_by("-raised_at", "-pk")


def escalations_for_body(partnership: Partnership, body: Body) -> QuerySet[Escalation]:
    return escalations(partnership).filter(Q(to_body=body) | Q(from_body=body))


def bodies(partnership: Partnership) -> list[Body]:
    return list(partnership.bodies.order_by("name", "pk"))


# --- the strategy page's target coverage panel --------------------------------------------------


@dataclass(frozen=True)
class TargetCoverage:
    theme: Any
    indicators: int
    with_target: int
    without_target: list[str]


def target_coverage(partnership: Partnership, strategy: Any) -> list[TargetCoverage]:
    """Per theme of a strategy: the indicators serving its outcomes and how many have an
    approved target for the headline area. Four queries whatever the size."""
    area = headline_area(partnership)
    pairs = list(
        partnership.indicator_links.filter(outcomes__priority__strategy=strategy)
        .values_list("outcomes__priority_id", "indicator_id", "indicator__code", "indicator__title")
        .distinct()
    )
    targeted = (
        set(partnership.targets.filter(area=area, value__isnull=False).values_list("indicator_id", flat=True))
        if area is not None
        else set()
    )
    themes = {t.pk: t for t in partnership.priorities.filter(strategy=strategy)}
    by_theme: dict[int, dict[int, str]] = {}
    for theme_id, indicator_id, code, title in pairs:
        by_theme.setdefault(theme_id, {})[indicator_id] = f"{code} {title}"
    out = []
    for theme in sorted(themes.values(), key=lambda t: (t.position, t.pk)):
        indicators = by_theme.get(theme.pk, {})
        if not indicators:
            continue
        out.append(
            TargetCoverage(
                theme=theme,
                indicators=len(indicators),
                with_target=sum(1 for pk in indicators if pk in targeted),
                without_target=sorted(name for pk, name in indicators.items() if pk not in targeted),
            )
        )
    return out
