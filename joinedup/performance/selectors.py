"""Reads for the performance room: the indicator library, an indicator's page and data
table, and comparator groups.

Shared indicators, their shared values and shared comparator groups have no partnership:
they are reached here through the model's manager, always narrowed to "shared or this
partnership's own" (the GLOBAL_MODELS entries in scripts/check_scoping.py name this file).
Everything else is reached through the partnership.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from joinedup.core.audit import history_for_all
from joinedup.core.fields import chronological
from joinedup.core.periods import Period, parse
from joinedup.partnerships.analysis import headline_first
from joinedup.partnerships.models import Area, Partnership
from joinedup.performance.models import (
    DEFAULT_AGE,
    DEFAULT_SEX,
    ComparatorGroup,
    ComparatorMember,
    Indicator,
    Observation,
    PartnershipIndicator,
)
from joinedup.performance.services.observations import as_at, stood_at

# --- indicators ---------------------------------------------------------------------------------


def visible_indicators(partnership: Partnership) -> QuerySet[Indicator]:
    """Every indicator the partnership may see: the shared ones and its own local ones."""
    return Indicator.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership))


def indicator_in(partnership: Partnership, indicator_id: int) -> Indicator:
    """An indicator the partnership may see; 404 for another partnership's local indicator."""
    indicator = visible_indicators(partnership).filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


def link_for(partnership: Partnership, indicator: Indicator) -> PartnershipIndicator | None:
    """The partnership's use of an indicator (outcomes, owner, areas), if it uses it."""
    return (
        partnership.indicator_links.filter(indicator=indicator)
        .select_related("owner_person", "owner_organisation")
        .prefetch_related("outcomes__priority", "areas")
        .first()
    )


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    kind: str = ""  # "shared" | "local" | ""
    used: str = ""  # "yes" | "no" | ""
    theme: int | None = None
    outcome: int | None = None
    unit: str = ""
    polarity: str = ""
    frequency: str = ""
    owner: int | None = None  # a Person of the partnership
    organisation: int | None = None  # an Organisation of the partnership

    @property
    def active(self) -> bool:
        return any(getattr(self, name) not in ("", None) for name in self.__dataclass_fields__)


def library(partnership: Partnership, filters: LibraryFilters) -> QuerySet[Indicator]:
    """The library's rows, filtered, each with `my_links` (this partnership's use of it, a
    list of none or one, with outcomes and owner) and `used` — a fixed number of queries
    whatever the number of rows."""
    links = partnership.indicator_links.all()
    rows = visible_indicators(partnership).annotate(used=Exists(links.filter(indicator=OuterRef("pk"))))
    if filters.q:
        rows = rows.filter(
            Q(code__icontains=filters.q) | Q(title__icontains=filters.q) | Q(definition__icontains=filters.q)
        )
    if filters.kind == "shared":
        rows = rows.filter(partnership__isnull=True)
    elif filters.kind == "local":
        rows = rows.filter(partnership=partnership)
    if filters.used == "yes":
        rows = rows.filter(used=True)
    elif filters.used == "no":
        rows = rows.filter(used=False)
    if filters.outcome is not None:
        rows = rows.filter(pk__in=links.filter(outcomes__pk=filters.outcome).values("indicator_id"))
    if filters.theme is not None:
        rows = rows.filter(pk__in=links.filter(outcomes__priority_id=filters.theme).values("indicator_id"))
    if filters.owner is not None:
        rows = rows.filter(pk__in=links.filter(owner_person_id=filters.owner).values("indicator_id"))
    if filters.organisation is not None:
        rows = rows.filter(
            pk__in=links.filter(owner_organisation_id=filters.organisation).values("indicator_id")
        )
    for name in ("unit", "polarity", "frequency"):
        value = getattr(filters, name)
        if value:
            rows = rows.filter(**{name: value})
    return rows.prefetch_related(
        Prefetch(
            "partnership_links",
            queryset=PartnershipIndicator.objects.filter(partnership=partnership)
            .select_related("owner_person", "owner_organisation")
            .prefetch_related("outcomes"),
            to_attr="my_links",
        )
    ).order_by("code", "title", "pk")


def filter_choices(partnership: Partnership) -> dict[str, Any]:
    """The library's filter options that come from the partnership's own records."""
    return {
        "themes": list(partnership.priorities.order_by("position", "title")),
        "outcomes": list(
            partnership.outcomes.select_related("priority").order_by("priority__position", "position")
        ),
        "owners": list(
            partnership.people.filter(owned_indicators__partnership=partnership)
            .distinct()
            .order_by("full_name")
        ),
        "organisations": list(
            partnership.organisations.filter(
                pk__in=partnership.indicator_links.values("owner_organisation_id")
            ).order_by("name")
        ),
    }


def indicator_history(partnership: Partnership, indicator: Indicator, link: PartnershipIndicator | None):
    """Audit entries about a local definition and about this partnership's use of it, newest
    first, within the tenant (a shared definition's changes are the operators')."""
    targets: list[Any] = [indicator] + ([link] if link is not None else [])
    return history_for_all(targets, partnership_id=partnership.pk).order_by("-at", "-pk")


# --- the data table -----------------------------------------------------------------------------


def visible_observations(
    partnership: Partnership, indicator: Indicator | Iterable[int]
) -> QuerySet[Observation]:
    """An indicator's values this partnership may see: shared values and its own. `indicator`
    may also be the ids of several indicators (for pages that load many in one query); callers
    pass only indicators the partnership may see (those it uses or owns)."""
    visible = Q(partnership__isnull=True) | Q(partnership=partnership)
    if isinstance(indicator, Indicator):
        return Observation.objects.filter(indicator=indicator).filter(visible)
    return Observation.objects.filter(indicator_id__in=list(indicator)).filter(visible)


def reported_area_ids(partnership: Partnership, link: PartnershipIndicator | None) -> list[int]:
    """The partnership's own areas, its headline area first (`Partnership.headline_area`, else
    the default rule of `partnerships.analysis.headline_first`) and the rest by name, then the
    areas it reports on for this indicator."""
    own = list(partnership.areas.order_by("name", "pk").values_list("pk", flat=True))
    ids = headline_first(own, partnership.headline_area_id)
    if link is not None:
        ids += [a.pk for a in sorted(link.areas.all(), key=lambda a: a.name) if a.pk not in ids]
    return ids


def headline_area_id(candidates: Sequence[int], with_values: Container[int] = frozenset()) -> int | None:
    """The one rule for the area a partnership's headline figures are for.

    `candidates` are in `reported_area_ids` order: the partnership's own areas, the headline
    area its admins chose first (else its only area, else its first by name) and the rest by
    name, then the areas it reports the indicator on, by name. The headline area is the first
    of them that has values (`with_values`), else the first; None when there are none. Pages
    about many indicators at once (the dashboard, target coverage) pass only the partnership's
    own areas and no values, so every indicator there is shown for the same area: the chosen
    one whether or not it has values (docs/adr/0028-headline-area.md).
    """
    return next((a for a in candidates if a in with_values), candidates[0] if candidates else None)


def _period(value: Any) -> Period:
    return value if isinstance(value, Period) else parse(str(value))


def _code(value: Any) -> str:
    return _period(value).code


@dataclass
class Cell:
    value: float | None
    note: str


@dataclass
class AreaRow:
    area: Area
    is_reported: bool
    cells: list[Cell | None]


@dataclass
class DataTable:
    periods: list[Period]
    rows: list[AreaRow]
    breakdown_count: int = 0
    observation_count: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.rows


def data_table(
    partnership: Partnership,
    indicator: Indicator,
    link: PartnershipIndicator | None,
    *,
    moment: dt.datetime | None = None,
) -> DataTable:
    """Default-breakdown values by area (rows) and period (columns), as they stood at
    `moment`; the partnership's areas and the areas it reports on come first. Two queries."""
    current = as_at(visible_observations(partnership, indicator), moment)
    default = current.filter(sex=DEFAULT_SEX, age=DEFAULT_AGE, category_type="", category="")
    observations = list(default.select_related("area").only("area", "period", "value", "note"))
    breakdowns = current.count() - len(observations)
    periods: list[Period] = sorted({_period(o.period) for o in observations})
    column = {p.code: i for i, p in enumerate(periods)}
    first = reported_area_ids(partnership, link)
    by_area: dict[int, AreaRow] = {}
    for obs in observations:
        row = by_area.get(obs.area_id)
        if row is None:
            row = by_area[obs.area_id] = AreaRow(obs.area, obs.area_id in first, [None] * len(periods))
        row.cells[column[_code(obs.period)]] = Cell(obs.value, obs.note)
    rank = {pk: i for i, pk in enumerate(first)}
    rows = sorted(by_area.values(), key=lambda r: (rank.get(r.area.pk, len(rank)), r.area.name))
    return DataTable(
        periods=periods, rows=rows, breakdown_count=breakdowns, observation_count=len(observations)
    )


@dataclass
class Provenance:
    kind: str  # "import" | "typed" | "unknown"
    run_id: int | None = None
    run_is_ours: bool = False
    file_name: str = ""
    row: int | None = None
    by: str = ""
    at: dt.datetime | None = None


@dataclass
class ValueLine:
    observation: Observation
    provenance: Provenance
    revisions: list[tuple[Observation, Provenance]] = field(default_factory=list)

    @property
    def breakdown(self) -> str:
        o = self.observation
        parts = [o.sex, o.age]
        if o.category_type or o.category:
            parts.append(f"{o.category_type}: {o.category}" if o.category_type else o.category)
        return ", ".join(parts)


def _provenance(partnership: Partnership, obs: Observation) -> Provenance:
    run = obs.import_run
    if run is not None:
        source = run.source
        return Provenance(
            kind="import",
            run_id=run.pk,
            run_is_ours=run.partnership_id == partnership.pk,
            file_name=source.original_name if source is not None else "",
            row=obs.source_row,
            at=obs.recorded_at,
        )
    by = obs.entered_by_label or (obs.entered_by.get_full_name() if obs.entered_by else "")
    if by:
        return Provenance(kind="typed", by=by, at=obs.recorded_at)
    return Provenance(kind="unknown", at=obs.recorded_at)


def area_values(
    partnership: Partnership, indicator: Indicator, area: Area, *, moment: dt.datetime | None = None
) -> tuple[list[ValueLine], list[ValueLine]]:
    """One area's values as they stood at `moment`, each with its provenance and earlier
    revisions: (default breakdown, other breakdowns), periods newest first. One query."""
    rows = (
        visible_observations(partnership, indicator)
        .filter(area=area)
        .select_related("import_run__source", "entered_by")
        .order_by(
            *chronological("period", descending=True),
            "sex",
            "age",
            "category_type",
            "category",
            "-recorded_at",
        )
    )
    if moment is not None:
        rows = rows.filter(recorded_at__lte=moment)
    lines: dict[tuple[str, ...], ValueLine] = {}
    earlier: dict[tuple[str, ...], list[Observation]] = {}
    for obs in rows:
        key = (_code(obs.period), obs.sex, obs.age, obs.category_type, obs.category)
        if stood_at(obs.recorded_at, obs.superseded_at, moment):
            lines[key] = ValueLine(obs, _provenance(partnership, obs))
        else:
            earlier.setdefault(key, []).append(obs)
    for line_key, line in lines.items():
        line.revisions = [
            (o, _provenance(partnership, o))
            for o in earlier.get(line_key, [])
            if o.recorded_at < line.observation.recorded_at
        ]
    default = [line for line in lines.values() if line.observation.is_default_breakdown]
    others = [line for line in lines.values() if not line.observation.is_default_breakdown]
    return default, others


def export_rows(
    partnership: Partnership, indicator: Indicator, *, moment: dt.datetime | None = None
) -> Iterable[dict[str, Any]]:
    """Every value the partnership may see, as they stood at `moment`, for the download."""
    rows = (
        as_at(visible_observations(partnership, indicator), moment)
        .select_related("area")
        .order_by("area__name", *chronological("period"), "sex", "age", "category_type", "category")
    )
    for obs in rows.iterator(chunk_size=2000):
        yield {
            "Indicator code": indicator.code,
            "Area code": obs.area.code,
            "Area": obs.area.name,
            "Period": obs.period,
            "Sex": obs.sex,
            "Age": obs.age,
            "Category type": obs.category_type,
            "Category": obs.category,
            "Value": obs.value,
            "Numerator": obs.numerator,
            "Denominator": obs.denominator,
            "Lower 95% limit": obs.lower_95,
            "Upper 95% limit": obs.upper_95,
            "Lower 99.8% limit": obs.lower_998,
            "Upper 99.8% limit": obs.upper_998,
            "Quality": obs.get_quality_display(),
            "Note": obs.note,
        }


# --- comparator groups --------------------------------------------------------------------------


def visible_groups(partnership: Partnership) -> QuerySet[ComparatorGroup]:
    """The partnership's own comparator groups and the shared ones."""
    return ComparatorGroup.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership))


def comparator_groups(partnership: Partnership) -> QuerySet[ComparatorGroup]:
    return (
        visible_groups(partnership)
        .select_related("benchmark_area", "subject_area")
        .prefetch_related(Prefetch("memberships", queryset=ComparatorMember.objects.select_related("area")))
        .order_by("partnership", "name")
    )


def group_in(partnership: Partnership, group_id: int) -> ComparatorGroup:
    group = comparator_groups(partnership).filter(pk=group_id).first()
    if group is None:
        raise Http404("No such comparator group")
    return group


# --- the strategy page's coverage panel ---------------------------------------------------------


@dataclass(frozen=True)
class ThemeCoverage:
    theme: Any
    outcomes: int
    measured: int
    unmeasured_titles: list[str]


def indicator_coverage(partnership: Partnership, strategy: Any) -> list[ThemeCoverage]:
    """Per theme of a strategy: how many of its outcomes at least one indicator the
    partnership uses measures, and which are not measured. Two queries."""
    measured_ids = set(
        partnership.indicator_links.filter(outcomes__isnull=False).values_list("outcomes", flat=True)
    )
    outcomes = list(
        partnership.outcomes.filter(priority__strategy=strategy)
        .select_related("priority")
        .order_by("priority__position", "priority_id", "position")
    )
    themes: dict[int, list[Any]] = {}
    for outcome in outcomes:
        themes.setdefault(outcome.priority_id, []).append(outcome)
    return [
        ThemeCoverage(
            theme=members[0].priority,
            outcomes=len(members),
            measured=sum(1 for o in members if o.pk in measured_ids),
            unmeasured_titles=[o.title for o in members if o.pk not in measured_ids],
        )
        for members in themes.values()
    ]
