"""The performance room's evidence metrics (core.evidence): what the indicators the
partnership uses show about the Sustainable Community Strategy, Standards and Systems
elements of the 7S framework. Registered from PerformanceConfig.ready(); thresholds and
reasoning in docs/assessment.md ("Evidence metrics").

Every compute runs a fixed number of queries whatever the number of indicators (they reuse
selectors_insight, selectors_charts and selectors) and returns value None when there is
nothing to measure.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from joinedup.core import evidence
from joinedup.core.evidence import Reading, Record
from joinedup.core.periods import Period, parse
from joinedup.performance import selectors_insight
from joinedup.performance.analysis.completeness import staleness
from joinedup.performance.models import Escalation, QualityStatus
from joinedup.performance.selectors import indicator_coverage, visible_observations
from joinedup.performance.selectors_charts import completeness_inputs
from joinedup.strategy.selectors import current_strategy


def _code(value: Any) -> str:
    return value.code if isinstance(value, Period) else parse(str(value)).code


def _indicator_url(partnership: Any, indicator_id: int) -> str:
    return reverse("performance:indicator", kwargs={"slug": partnership.slug, "indicator_id": indicator_id})


def _links(partnership: Any) -> list[Any]:
    return list(partnership.indicator_links.select_related("indicator").order_by("indicator__code", "pk"))


def _link_reading(partnership: Any, links: list[Any], met: set[int], what: str, missing: str) -> Reading:
    """A share of the partnership's indicators; `met` holds the indicator ids that count."""
    records = [
        Record(
            f"{link.indicator.code} {link.indicator.title}".strip(),
            _indicator_url(partnership, link.indicator_id),
            "" if link.indicator_id in met else missing,
        )
        for link in links
    ]
    records.sort(key=lambda r: r.note == "")
    n = sum(1 for link in links if link.indicator_id in met)
    return Reading(
        value=evidence.share(n, len(links)),
        numerator=n,
        denominator=len(links),
        detail=f"{n} of {len(links)} indicators the partnership uses {what}.",
        records=tuple(records),
    )


def outcomes_with_indicators(partnership: Any) -> Reading:
    strategy = current_strategy(partnership)
    if strategy is None:
        return Reading(value=None, detail="The partnership has no strategy recorded.")
    themes = indicator_coverage(partnership, strategy)
    total = sum(t.outcomes for t in themes)
    measured = sum(t.measured for t in themes)
    url = reverse("strategy:coverage", kwargs={"slug": partnership.slug, "pk": strategy.pk})
    return Reading(
        value=evidence.share(measured, total),
        numerator=measured,
        denominator=total,
        detail=f"{measured} of {total} outcomes of the current strategy are measured by at least one "
        "indicator the partnership uses.",
        records=tuple(Record(title, url, "no indicator") for t in themes for title in t.unmeasured_titles),
    )


def indicators_with_definitions(partnership: Any) -> Reading:
    links = _links(partnership)
    met = {link.indicator_id for link in links if link.indicator.definition.strip()}
    return _link_reading(partnership, links, met, "have a written definition", "no definition")


def indicators_with_targets(partnership: Any) -> Reading:
    links = _links(partnership)
    met = set(
        partnership.targets.filter(
            indicator_id__in=[link.indicator_id for link in links], value__isnull=False
        ).values_list("indicator_id", flat=True)
    )
    return _link_reading(partnership, links, met, "have an approved target", "no approved target")


def fresh_validated_data(partnership: Any) -> Reading:
    today = timezone.localdate()
    inputs = completeness_inputs(partnership)
    links = [row.link for row in inputs]
    latest = {row.link.indicator_id: row.periods[-1] for row in inputs if row.periods}
    provisional = set()
    if latest:
        rows = (
            visible_observations(partnership, list(latest))
            .filter(
                superseded_at__isnull=True,
                value__isnull=False,
                quality=QualityStatus.PROVISIONAL,
                category_type="",
                category="",
            )
            .values_list("indicator_id", "period")
        )
        provisional = {(ind, _code(period)) for ind, period in rows}
    met: set[int] = set()
    for row in inputs:
        period = latest.get(row.link.indicator_id)
        if period is None:
            continue
        fresh = not staleness(period, today, grace_days=row.link.due_days_after_period).overdue
        validated = (row.link.indicator_id, period.code) not in provisional
        if fresh and validated:
            met.add(row.link.indicator_id)
    return _link_reading(
        partnership,
        links,
        met,
        "have a latest value that is up to date and validated (not provisional)",
        "out of date or provisional",
    )


def benchmarking(partnership: Any) -> Reading:
    rows = list(selectors_insight.links(partnership))
    bundle = selectors_insight.indicator_facts(partnership, rows)
    met = {
        card.link.indicator_id
        for card in bundle.cards
        if card.facts.comparison is not None or card.facts.rank is not None
    }
    return _link_reading(
        partnership, rows, met, "are compared with a benchmark or a comparator group", "no comparator data"
    )


def exceptions_escalated_considered(partnership: Any) -> Reading:
    rows = list(partnership.escalations.select_related("indicator", "to_body").order_by("-raised_at", "pk"))
    live = [e for e in rows if e.status != Escalation.Status.WITHDRAWN]
    considered = [e for e in live if e.status == Escalation.Status.CONSIDERED]
    url = reverse("performance:escalations", kwargs={"slug": partnership.slug})
    records = tuple(
        Record(
            f"{e.indicator.title} to {e.to_body.name if e.to_body else 'no body'}, "
            f"raised {timezone.localtime(e.raised_at):%-d %B %Y}",
            url,
            "" if e.status == Escalation.Status.CONSIDERED else "not considered yet",
        )
        for e in live
    )
    return Reading(
        value=evidence.share(len(considered), len(live)),
        numerator=len(considered),
        denominator=len(live),
        detail=f"{len(considered)} of {len(live)} exceptions escalated to a body (withdrawn ones left out) "
        "have been considered by it.",
        records=tuple(sorted(records, key=lambda r: r.note == "")),
    )


def register_all() -> None:
    metric = evidence.registrar("performance")

    def indicators(p: Any) -> str:
        return reverse("performance:indicators", kwargs={"slug": p.slug})

    metric(
        "outcomes_with_indicators",
        "scs",
        "Outcomes with indicators",
        "The share of the current strategy's outcomes measured by at least one indicator the partnership "
        "uses, as in the indicator coverage panel of the strategy's coverage page.",
        outcomes_with_indicators,
        green_at=0.8,
        amber_at=0.5,
    )
    metric(
        "indicators_with_definitions",
        "standards",
        "Indicators with definitions",
        "The share of the indicators the partnership uses whose definition is written down.",
        indicators_with_definitions,
        green_at=0.9,
        amber_at=0.6,
        records_url=indicators,
    )
    metric(
        "indicators_with_targets",
        "standards",
        "Indicators with targets",
        "The share of the indicators the partnership uses with at least one approved target (a target "
        "whose value has been approved through a target change).",
        indicators_with_targets,
        green_at=0.7,
        amber_at=0.4,
        records_url=indicators,
    )
    metric(
        "fresh_validated_data",
        "standards",
        "Fresh, validated data",
        "The share of the indicators the partnership uses whose latest value (for the partnership's "
        "areas) is not overdue, that is the next period's value is not yet due given the indicator's "
        "publication lag, and is validated or audited rather than provisional. Indicators with no "
        "value count as not fresh.",
        fresh_validated_data,
        green_at=0.8,
        amber_at=0.5,
        records_url=lambda p: reverse("performance:completeness", kwargs={"slug": p.slug}),
    )
    metric(
        "benchmarking",
        "standards",
        "Indicators benchmarked",
        "The share of the indicators the partnership uses whose latest value for the headline area is "
        "compared with a benchmark or ranked within a comparator group, as on the performance dashboard.",
        benchmarking,
        green_at=0.6,
        amber_at=0.3,
        records_url=lambda p: reverse("performance:dashboard", kwargs={"slug": p.slug}),
    )
    metric(
        "exceptions_escalated_considered",
        "systems",
        "Escalated exceptions considered",
        "Of the exceptions escalated to a body (withdrawn ones left out), the share the body has considered.",
        exceptions_escalated_considered,
        green_at=0.8,
        amber_at=0.5,
        records_url=lambda p: reverse("performance:escalations", kwargs={"slug": p.slug}),
    )
