"""The strategy room's evidence metrics (core.evidence): what the live strategy shows about
the Sustainable Community Strategy, Synergies, Steering and Systems elements of the 7S
framework. Registered from StrategyConfig.ready(); thresholds and reasoning in
docs/assessment.md ("Evidence metrics").

Every compute runs a fixed number of queries whatever the size of the strategy and returns
value None when there is nothing to measure (no strategy, no outcomes, no actions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from joinedup.core import evidence
from joinedup.core.evidence import Reading, Record
from joinedup.strategy.models import ActionStatus, StrategyStatus
from joinedup.strategy.selectors import OutcomeNode, current_strategy, strategy_tree

# A strategy counts as reviewed when its review date has not passed or, with no review date,
# when it was adopted (or re-adopted) within this many months.
REVIEW_MONTHS = 36
RECORDS_LIMIT = 200


def _outcome_url(partnership: Any, pk: int) -> str:
    return reverse("strategy:outcome", kwargs={"slug": partnership.slug, "pk": pk})


def _coverage_url(partnership: Any) -> str:
    strategy = current_strategy(partnership)
    if strategy is None:
        return reverse("strategy:strategy", kwargs={"slug": partnership.slug})
    return reverse("strategy:coverage", kwargs={"slug": partnership.slug, "pk": strategy.pk})


def _outcomes(partnership: Any) -> list[OutcomeNode]:
    """The current strategy's outcomes, annotated by strategy_tree (six queries)."""
    strategy = current_strategy(partnership)
    if strategy is None:
        return []
    return [node for theme in strategy_tree(strategy) for node in theme.outcomes]


def _outcome_reading(
    partnership: Any, nodes: list[OutcomeNode], has: Callable[[OutcomeNode], bool], what: str, missing: str
) -> Reading:
    met = [n for n in nodes if has(n)]
    unmet = [n for n in nodes if not has(n)]
    records = tuple(
        Record(n.outcome.title, _outcome_url(partnership, n.outcome.pk), missing) for n in unmet
    ) + tuple(Record(n.outcome.title, _outcome_url(partnership, n.outcome.pk)) for n in met)
    return Reading(
        value=evidence.share(len(met), len(nodes)),
        numerator=len(met),
        denominator=len(nodes),
        detail=f"{len(met)} of {len(nodes)} outcomes of the current strategy {what}.",
        records=records[:RECORDS_LIMIT],
    )


def outcomes_with_evidence(partnership: Any) -> Reading:
    nodes = _outcomes(partnership)
    return _outcome_reading(partnership, nodes, _has_evidence, "have evidence attached", "no evidence")


def _has_evidence(node: OutcomeNode) -> bool:
    return bool(node.outcome.has_evidence)  # type: ignore[attr-defined]  # annotated by strategy_tree


def outcomes_with_owner(partnership: Any) -> Reading:
    nodes = _outcomes(partnership)
    return _outcome_reading(partnership, nodes, lambda n: n.has_owner, "have an owner", "no owner")


def outcomes_with_action_plan(partnership: Any) -> Reading:
    nodes = _outcomes(partnership)
    planned = set(
        partnership.actions.exclude(status=ActionStatus.CANCELLED)
        .filter(programme__outcomes__isnull=False)
        .values_list("programme__outcomes", flat=True)
    )
    return _outcome_reading(
        partnership,
        nodes,
        lambda n: n.outcome.pk in planned,
        "are served by a programme with actions",
        "no programme with actions",
    )


def risk_register_coverage(partnership: Any) -> Reading:
    nodes = _outcomes(partnership)
    programme_outcomes: dict[int, set[int]] = {}
    for programme_id, outcome_id in partnership.programmes.values_list("pk", "outcomes"):
        if outcome_id is not None:
            programme_outcomes.setdefault(programme_id, set()).add(outcome_id)
    covered: set[int] = set()
    for outcome_id, programme_id in partnership.risks.filter(closed_on__isnull=True).values_list(
        "outcome_id", "programme_id"
    ):
        if outcome_id is not None:
            covered.add(outcome_id)
        if programme_id is not None:
            covered |= programme_outcomes.get(programme_id, set())
    return _outcome_reading(
        partnership,
        nodes,
        lambda n: n.outcome.pk in covered,
        "have a live risk on the register (on the outcome or a programme serving it)",
        "no live risk",
    )


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def strategy_reviewed(partnership: Any) -> Reading:
    strategy = current_strategy(partnership)
    if strategy is None:
        return Reading(value=None, detail="The partnership has no strategy recorded.")
    today = timezone.localdate()
    url = reverse("strategy:versions", kwargs={"slug": partnership.slug, "pk": strategy.pk})
    latest = strategy.versions.order_by("-adopted_on").values_list("adopted_on", flat=True).first()
    adopted = max((d for d in (strategy.adopted_on, latest) if d is not None), default=None)
    in_force = strategy.status in (StrategyStatus.ADOPTED, StrategyStatus.UNDER_REVIEW)
    if not in_force or adopted is None:
        ok, why = False, f"The strategy is {strategy.get_status_display().lower()}, not adopted."
    elif strategy.next_review_on is not None:
        ok = strategy.next_review_on >= today
        why = f"Its review date, {strategy.next_review_on:%-d %B %Y}, " + (
            "has not passed." if ok else "has passed."
        )
    else:
        months = _months_between(adopted, today)
        ok = months <= REVIEW_MONTHS
        why = (
            f"It has no review date; it was last adopted on {adopted:%-d %B %Y}, {months} months ago "
            f"(the limit is {REVIEW_MONTHS})."
        )
    return Reading(
        value=1.0 if ok else 0.0,
        numerator=1 if ok else 0,
        denominator=1,
        detail=f"{strategy.title}: " + why,
        records=(Record(strategy.title, url, "" if ok else "review due"),),
    )


def joint_actions(partnership: Any) -> Reading:
    actions = list(
        partnership.actions.exclude(status=ActionStatus.CANCELLED)
        .prefetch_related("contributing_organisations")
        .order_by("programme_id", "pk")
    )
    joint: list[tuple[Any, int]] = []
    single: list[tuple[Any, int]] = []
    for action in actions:
        orgs = {o.pk for o in action.contributing_organisations.all()}
        if action.lead_organisation_id:
            orgs.add(action.lead_organisation_id)
        (joint if len(orgs) >= 2 else single).append((action, len(orgs)))

    def record(action: Any, n: int, note: str = "") -> Record:
        url = reverse("strategy:action", kwargs={"slug": partnership.slug, "action_id": action.pk})
        return Record(action.title, url, note or f"{n} partner organisations")

    records = tuple(record(a, n, "fewer than two partners" if n < 2 else "") for a, n in single) + tuple(
        record(a, n) for a, n in joint
    )
    return Reading(
        value=evidence.share(len(joint), len(actions)),
        numerator=len(joint),
        denominator=len(actions),
        detail=f"{len(joint)} of {len(actions)} actions (cancelled ones left out) involve two or more "
        "partner organisations (the lead and contributing organisations).",
        records=records[:RECORDS_LIMIT],
    )


def register_all() -> None:
    metric = evidence.registrar("strategy")

    metric(
        "outcomes_with_evidence",
        "scs",
        "Outcomes with evidence",
        "The share of the current strategy's outcomes with at least one piece of evidence attached "
        "to the outcome itself (evidence on its theme does not count), as on the strategy's coverage page.",
        outcomes_with_evidence,
        green_at=0.8,
        amber_at=0.5,
        practices=(2,),
        records_url=_coverage_url,
    )
    metric(
        "outcomes_with_owner",
        "scs",
        "Outcomes with an owner",
        "The share of the current strategy's outcomes that name a lead body, a lead organisation or "
        "a champion, as on the strategy's coverage page.",
        outcomes_with_owner,
        green_at=0.9,
        amber_at=0.6,
        records_url=_coverage_url,
    )
    metric(
        "strategy_reviewed",
        "scs",
        "Strategy adopted and reviewed",
        f"Yes when the current strategy is adopted (or under review) and either its review date has "
        f"not passed or, with no review date, it was adopted within the last {REVIEW_MONTHS} months; "
        "otherwise no.",
        strategy_reviewed,
        unit="yes_no",
        green_at=1.0,
        amber_at=1.0,
    )
    metric(
        "joint_actions",
        "synergies",
        "Joint actions",
        "The share of actions (cancelled ones left out) with two or more partner organisations: the "
        "lead organisation and the contributing organisations, each counted once.",
        joint_actions,
        green_at=0.5,
        amber_at=0.25,
        records_url=lambda p: reverse("strategy:actions", kwargs={"slug": p.slug}),
    )
    metric(
        "outcomes_with_action_plan",
        "steering",
        "Outcomes with an action plan",
        "The share of the current strategy's outcomes served by at least one programme that has "
        "actions which are not cancelled.",
        outcomes_with_action_plan,
        green_at=0.8,
        amber_at=0.5,
        records_url=_coverage_url,
    )
    metric(
        "risk_register_coverage",
        "systems",
        "Risk register coverage",
        "The share of the current strategy's outcomes with a live (not closed) risk on the risk "
        "register, recorded against the outcome or against a programme that serves it.",
        risk_register_coverage,
        green_at=0.8,
        amber_at=0.5,
        records_url=lambda p: reverse("strategy:risks", kwargs={"slug": p.slug}),
    )
