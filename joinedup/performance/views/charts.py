"""The indicator page's analysis panels (trend against target, comparators, variation,
forecast, footprint, gaps) and the completeness and staleness page of a partnership.

The panels share one `IndicatorAnalysis` per request (computed by the first panel that
needs it), so the page's queries do not grow with the number of panels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from joinedup.core.periods import Period
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.performance import entry_rules, selectors_charts
from joinedup.performance.analysis import completeness, spc
from joinedup.performance.models import Indicator, PartnershipIndicator
from joinedup.performance.presenters_charts import IndicatorAnalysis, indicator_analysis

VIEW = "partnerships.view"
DEFAULT_QUIET_PERIODS = 3
_CACHE_ATTR = "_performance_charts_analysis"


def analysis_for(
    request: Any, access: PartnershipAccess, indicator: Indicator, link: PartnershipIndicator | None
) -> IndicatorAnalysis:
    """The page's analysis, computed once per request and indicator."""
    cache: dict[int, IndicatorAnalysis] | None = getattr(request, _CACHE_ATTR, None) if request else None
    if cache is not None and indicator.pk in cache:
        return cache[indicator.pk]
    key = request.GET.get("comparator", "").strip()[:20] if request is not None else ""
    result = indicator_analysis(
        access.partnership, indicator, link, comparator_key=key, spc_settings=spc_settings(request)
    )
    if request is not None:
        if cache is None:
            cache = {}
            setattr(request, _CACHE_ATTR, cache)
        cache[indicator.pk] = result
    return result


RUN_LENGTHS = (6, 7, 8)  # Making Data Count's allowed shift and trend lengths


def _run_length(request: Any, name: str) -> int:
    value = request.GET.get(name, "").strip() if request is not None else ""
    return int(value) if value.isdigit() and int(value) in RUN_LENGTHS else 6


def spc_settings(request: Any) -> spc.SpcSettings:
    """The SPC run lengths chosen on the page (GET `shift`, `trend`: 6, 7 or 8; default 6)."""
    return spc.SpcSettings(
        shift_length=_run_length(request, "shift"), trend_length=_run_length(request, "trend")
    )


def _visible(indicator: Indicator, access: PartnershipAccess) -> bool:
    return indicator.partnership_id in (None, access.partnership.pk) and access.can(VIEW)


def _spc_query(analysis: IndicatorAnalysis) -> dict[str, Any]:
    """The chosen run lengths, kept when the comparator group is changed."""
    if analysis.spc is None or analysis.spc.result is None:
        return {}
    settings = analysis.spc.result.settings
    return {"shift": settings.shift_length, "trend": settings.trend_length}


def _panel(name: str):
    def context(
        *,
        indicator: Indicator,
        access: PartnershipAccess,
        link: PartnershipIndicator | None = None,
        request: Any = None,
        **_: Any,
    ) -> dict[str, Any] | None:
        if not _visible(indicator, access):
            return None
        analysis = analysis_for(request, access, indicator, link)
        if analysis.headline is None and name != "gaps":
            return None
        section = getattr(analysis, name)
        if name == "footprint" and section is None:
            return None
        if name == "gaps" and not section:
            return None
        return {
            "charts_analysis": analysis,
            "charts_section": section,
            "charts_indicator": indicator,
            "charts_partnership": access.partnership,
            "charts_run_lengths": RUN_LENGTHS,
            "charts_comparator": request.GET.get("comparator", "") if request is not None else "",
            "charts_spc_query": _spc_query(analysis),
        }

    context.__name__ = f"{name}_panel_context"
    return context


trend_panel_context = _panel("trend")
comparator_panel_context = _panel("comparator")
spc_panel_context = _panel("spc")
forecast_panel_context = _panel("forecast")
footprint_panel_context = _panel("footprint")
gaps_panel_context = _panel("gaps")


# --- completeness and staleness ------------------------------------------------------------------


@dataclass
class CompletenessRow:
    link: PartnershipIndicator
    latest: Period | None
    missing: completeness.Completeness | None
    due: entry_rules.DuePeriod | None
    overdue: bool
    staleness: completeness.Staleness | None
    note: str


@dataclass
class OwnerRow:
    name: str
    indicators: list[Indicator]
    never: bool  # no value for any of their indicators, ever
    quiet: bool  # none in the last N periods
    latest: Period | None


def completeness_rows(
    inputs: list[selectors_charts.LinkValues], today: dt.date, quiet_periods: int
) -> tuple[list[CompletenessRow], list[OwnerRow]]:
    rows = []
    owners: dict[int, OwnerRow] = {}
    for item in inputs:
        link = item.link
        indicator = link.indicator
        kind = entry_rules.period_kind(indicator.frequency)
        periods = [p for p in item.periods if entry_rules.matches_frequency(indicator.frequency, p)]
        note = ""
        if kind is None:
            # Rolling or other periods: published, not owed; missing ones counted among the latest kind.
            periods = [p for p in item.periods if item.periods and p.same_frequency(item.periods[-1])]
            note = "Values are published for periods nobody is asked for, so no update is due."
        latest = periods[-1] if periods else None
        missing = completeness.missing_periods(periods) if periods else None
        due = entry_rules.due_period(indicator.frequency, today, link.due_days_after_period)
        overdue = bool(due and due.is_overdue(today) and (latest is None or latest < due.period))
        stale = (
            completeness.staleness(latest, today, grace_days=link.due_days_after_period)
            if kind is not None
            else None
        )
        rows.append(CompletenessRow(link, latest, missing, due, overdue, stale, note))
        owner = link.owner_person
        if owner is None:
            continue
        row = owners.setdefault(owner.pk, OwnerRow(owner.full_name, [], True, True, None))
        row.indicators.append(indicator)
        if latest is not None:
            row.never = False
            if row.latest is None or row.latest < latest:
                row.latest = latest
            recent = due.period.shift(-(quiet_periods - 1)) if due else None
            if recent is None or not latest < recent:
                row.quiet = False
    owner_rows = sorted(owners.values(), key=lambda o: (not o.never, not o.quiet, o.name))
    return rows, owner_rows


def completeness_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    value = request.GET.get("periods", "").strip()
    quiet = int(value) if value.isdigit() and 1 <= int(value) <= 24 else DEFAULT_QUIET_PERIODS
    today = timezone.localdate()
    rows, owners = completeness_rows(selectors_charts.completeness_inputs(partnership), today, quiet)
    return render(
        request,
        "performance/charts/completeness.html",
        {
            "page_title": "Completeness and overdue updates",
            "breadcrumbs": [
                {"label": "Indicators", "url": reverse("performance:indicators", kwargs={"slug": slug})},
                {"label": "Completeness and overdue updates", "url": None},
            ],
            "partnership": partnership,
            "access": access,
            "rows": rows,
            "owners": owners,
            "quiet_periods": quiet,
            "today": today,
            "overdue_count": sum(1 for r in rows if r.overdue),
        },
    )
