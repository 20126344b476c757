"""Panels the insight part puts on strategy pages (registered in PerformanceConfig)."""

from __future__ import annotations

from typing import Any

from joinedup.core import charts
from joinedup.performance import selectors_insight


def priority_indicators_context(*, priority: Any, request: Any = None, **_: Any) -> dict[str, Any] | None:
    """The priority page's panel: the indicators serving the priority's outcomes, each with its
    latest value, target and RAG (beside the contribution claims). Hidden from anyone who may
    not see the partnership, and when no indicator serves the priority."""
    user = getattr(request, "user", None)
    partnership = priority.partnership
    if user is not None and not user.has_perm("partnerships.view", partnership):
        return None
    rows = list(selectors_insight.links(partnership).filter(outcomes__priority=priority).distinct())
    if not rows:
        return None
    bundle = selectors_insight.indicator_facts(partnership, rows)
    return {"priority_cards": bundle.cards, "priority_area": bundle.area, "partnership": partnership}


def coverage_targets_context(
    *, request: Any = None, partnership: Any, strategy: Any = None, **_: Any
) -> dict[str, Any] | None:
    """The strategy page's second coverage panel: per theme, how many of the indicators serving
    its outcomes have an approved target for the headline area (any period)."""
    if strategy is None:
        return None
    rows = selectors_insight.target_coverage(partnership, strategy)
    if not rows:
        return None
    return {"target_coverage_rows": rows}


def indicator_card_context(
    *, indicator: Any, link: Any = None, access: Any = None, partnership: Any = None, **_: Any
) -> dict[str, Any] | None:
    """The indicator page's "At a glance" panel: the dashboard card of an indicator the
    partnership uses, every figure linking to how it was computed."""
    if link is None or partnership is None:
        return None
    rows = list(selectors_insight.links(partnership, [indicator.pk]))
    if not rows:
        return None
    card = selectors_insight.indicator_facts(partnership, rows).cards[0]
    return {"glance_card": card, "glance_chart": sparkline_for(card)}


def _value_format(unit: str) -> charts.ValueFormat:
    return "percent" if unit == "percentage" else "money" if unit == "money" else "number"


def sparkline_for(card: selectors_insight.Card) -> charts.Chart | None:
    f = card.facts
    if len(f.sparkline) < 2:
        return None
    return charts.sparkline(
        title=f"{f.indicator.code} {f.indicator.title}: recent values for {f.area_name}",
        points=[(p, v) for p, v in f.sparkline],
        value_format=_value_format(f.indicator.unit),
        places=f.indicator.decimal_places,
    )
