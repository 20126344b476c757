"""Reads for the targets and commentary pages and panels, always within one partnership."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from joinedup.core.fields import chronological
from joinedup.core.periods import Period, PeriodParseError, parse
from joinedup.partnerships.models import Area, Partnership
from joinedup.performance.models import Commentary, Indicator, Target, TargetChange
from joinedup.performance.selectors import link_for
from joinedup.performance.targets import ChangeFact


def target_areas(partnership: Partnership, indicator: Indicator) -> QuerySet[Area]:
    """The areas a target may be for: the partnership's own and those it reports this indicator on."""
    link = link_for(partnership, indicator)
    areas = partnership.areas.all()
    if link is not None:
        areas = areas | link.areas.all()
    return areas.distinct().order_by("name")


def targets_for(partnership: Partnership, indicator: Indicator) -> QuerySet[Target]:
    return (
        partnership.targets.filter(indicator=indicator)
        .select_related("area", "indicator")
        .order_by("area__name", *chronological("period"))
    )


def target_in(partnership: Partnership, indicator: Indicator, target_id: int) -> Target:
    target = targets_for(partnership, indicator).filter(pk=target_id).first()
    if target is None:
        raise Http404("No such target")
    return target


def pending_changes(partnership: Partnership, indicator: Indicator | None = None) -> QuerySet[TargetChange]:
    changes = partnership.target_changes.filter(status=TargetChange.Status.PROPOSED).select_related(
        "target__area", "target__indicator", "proposed_by", "partnership"
    )
    if indicator is not None:
        changes = changes.filter(target__indicator=indicator)
    return changes.order_by("proposed_at", "pk")


def change_in(partnership: Partnership, indicator: Indicator, change_id: int) -> TargetChange:
    change = (
        partnership.target_changes.filter(target__indicator=indicator, pk=change_id)
        .select_related("target__area", "target__indicator", "proposed_by", "decided_by", "partnership")
        .first()
    )
    if change is None:
        raise Http404("No such change")
    return change


def _name(user: Any) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


def change_facts(target: Target) -> list[ChangeFact]:
    """Every change of a target as plain values, newest first."""
    changes = target.changes.select_related("proposed_by", "decided_by").order_by("-proposed_at", "-pk")
    return [
        ChangeFact(
            status=c.status,
            proposed=c.proposed,
            reason=c.reason,
            proposed_by=_name(c.proposed_by),
            decided_by=_name(c.decided_by),
            decided_at=c.decided_at,
            proposed_at=c.proposed_at,
            note=c.decision_note,
            key=c.pk,
        )
        for c in changes
    ]


def commentaries_for(partnership: Partnership, indicator: Indicator) -> QuerySet[Commentary]:
    return (
        partnership.commentaries.filter(indicator=indicator)
        .select_related("written_by")
        .prefetch_related("actions")
        .order_by(*chronological("period", descending=True))
    )


def period_from_url(code: str) -> Period:
    try:
        return parse(code)
    except PeriodParseError:
        raise Http404("No such period") from None


def commentary_in(partnership: Partnership, indicator: Indicator, period: Period) -> Commentary:
    commentary = commentaries_for(partnership, indicator).filter(period=period.code).first()
    if commentary is None:
        raise Http404("No commentary for this period")
    return commentary
