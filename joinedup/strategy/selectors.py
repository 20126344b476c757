"""Reads of the strategy and its structure, always through the partnership.

`strategy_tree` loads a whole strategy (themes, outcomes, objectives and what coverage
needs) in a fixed number of queries, however many themes and outcomes it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from joinedup.partnerships.models import Partnership
from joinedup.strategy.coverage import OutcomeFacts
from joinedup.strategy.models import (
    Evidence,
    Objective,
    Outcome,
    Priority,
    Strategy,
    StrategyStatus,
    StrategyVersion,
)

_LEADS = ("lead_body", "lead_organisation", "champion")


def current_strategy(partnership: Partnership) -> Strategy | None:
    """The strategy in force: the latest one not superseded (a partnership normally has one),
    or, when every one has been superseded, the latest of them, so its history stays in view."""
    strategies = partnership.strategies.order_by("-start_year", "-pk")
    return strategies.exclude(status=StrategyStatus.SUPERSEDED).first() or strategies.first()


def strategy_in(partnership: Partnership, pk: int) -> Strategy | None:
    return partnership.strategies.filter(pk=pk).first()


def priority_in(partnership: Partnership, pk: int) -> Priority | None:
    return (
        partnership.priorities.select_related("strategy", "partnership", *_LEADS)
        .prefetch_related("theme_leads")
        .filter(pk=pk)
        .first()
    )


def outcome_in(partnership: Partnership, pk: int) -> Outcome | None:
    return (
        partnership.outcomes.select_related("priority", "priority__strategy", "partnership", *_LEADS)
        .filter(pk=pk)
        .first()
    )


def objective_in(partnership: Partnership, pk: int) -> Objective | None:
    return (
        partnership.objectives.select_related("outcome", "outcome__priority", "partnership")
        .filter(pk=pk)
        .first()
    )


def evidence_in(partnership: Partnership, pk: int) -> Evidence | None:
    return (
        partnership.evidence.select_related(
            "priority", "outcome", "outcome__priority", "document", "partnership"
        )
        .filter(pk=pk)
        .first()
    )


def versions_of(strategy: Strategy) -> list[StrategyVersion]:
    return list(strategy.versions.select_related("created_by").order_by("-number"))


def version_in(strategy: Strategy, number: int) -> StrategyVersion | None:
    return strategy.versions.filter(number=number).first()


def _outcomes_with_facts(partnership: Partnership):
    evidence = partnership.evidence.filter(outcome=OuterRef("pk"))
    plans = partnership.programmes.filter(outcomes=OuterRef("pk"))
    return partnership.outcomes.select_related(*_LEADS).annotate(
        has_evidence=Exists(evidence),
        has_plan=Exists(plans),
        evidence_count=Count("evidence", distinct=True),
    )


@dataclass
class OutcomeNode:
    outcome: Outcome
    objectives: list[Objective] = field(default_factory=list)

    @property
    def has_owner(self) -> bool:
        o = self.outcome
        return bool(o.lead_body_id or o.lead_organisation_id or o.champion_id)


@dataclass
class ThemeNode:
    priority: Priority
    outcomes: list[OutcomeNode] = field(default_factory=list)


def strategy_tree(strategy: Strategy) -> list[ThemeNode]:
    """Themes in order, each with its outcomes (annotated `has_evidence`, `has_plan`,
    `evidence_count`) and their objectives. Five queries, whatever the size."""
    partnership = strategy.partnership
    priorities = list(
        strategy.priorities.select_related(*_LEADS)
        .prefetch_related(Prefetch("theme_leads"))
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("position", "title", "pk")
    )
    outcomes = list(
        _outcomes_with_facts(partnership)
        .filter(priority__strategy=strategy)
        .order_by("position", "title", "pk")
    )
    objectives = list(
        partnership.objectives.filter(outcome__priority__strategy=strategy).order_by(
            "position", "title", "pk"
        )
    )
    objectives_of: dict[int, list[Objective]] = {}
    for objective in objectives:
        objectives_of.setdefault(objective.outcome_id, []).append(objective)
    nodes_of: dict[int, list[OutcomeNode]] = {}
    for outcome in outcomes:
        nodes_of.setdefault(outcome.priority_id, []).append(
            OutcomeNode(outcome=outcome, objectives=objectives_of.get(outcome.pk, []))
        )
    return [ThemeNode(priority=p, outcomes=nodes_of.get(p.pk, [])) for p in priorities]


def coverage_facts(tree: list[ThemeNode]) -> list[OutcomeFacts]:
    return [
        OutcomeFacts(
            outcome_id=node.outcome.pk,
            theme_id=theme.priority.pk,
            in_agreement=node.outcome.in_agreement,
            has_owner=node.has_owner,
            has_plan=bool(node.outcome.has_plan),  # type: ignore[attr-defined]
            has_evidence=bool(node.outcome.has_evidence),  # type: ignore[attr-defined]
        )
        for theme in tree
        for node in theme.outcomes
    ]


def outcomes_by_ids(strategy: Strategy, ids: list[int]) -> list[Outcome]:
    return list(
        _outcomes_with_facts(strategy.partnership)
        .filter(priority__strategy=strategy, pk__in=ids)
        .select_related("priority")
        .order_by("priority__position", "position", "title")
    )


def outcome_detail(outcome: Outcome) -> dict:
    return {
        "objectives": list(outcome.objectives.order_by("position", "title", "pk")),
        "evidence": list(outcome.evidence.select_related("document")),
        "programmes": list(outcome.programmes.order_by("title")),
    }


def priority_detail(priority: Priority) -> dict:
    outcomes = list(
        _outcomes_with_facts(priority.partnership)
        .filter(priority=priority)
        .order_by("position", "title", "pk")
    )
    return {
        "outcomes": outcomes,
        "evidence": list(priority.evidence.select_related("document")),
    }


def theme_lead_choices(partnership: Partnership):
    """Users who hold an active role in the partnership (theme leads must be among them)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        ._default_manager.filter(
            Q(partnership_roles__partnership=partnership, partnership_roles__is_active=True)
        )
        .distinct()
        .order_by("full_name", "email")
    )


def theme_leads_of_programme(programme) -> list:
    """The users who lead a theme one of this programme's outcomes belongs to (for example,
    to escalate missed updates to), still holding a role in its partnership."""
    from django.contrib.auth import get_user_model

    active = programme.partnership.roles.filter(is_active=True).values("user_id")
    return list(
        get_user_model()
        ._default_manager.filter(
            led_priorities__outcomes__programmes=programme,
            led_priorities__partnership=programme.partnership,
            pk__in=active,
        )
        .distinct()
        .order_by("full_name", "email")
    )
