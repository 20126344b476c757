"""Reads for the strategy map: vision → themes → outcomes → programmes → actions, with action
counts by reported status at every level, and what one organisation leads or contributes to.

The whole map takes a fixed number of queries whatever the number of actions: action counts
come from one grouped query per programme and status, and are summed upwards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from joinedup.partnerships.models import Organisation, Partnership
from joinedup.strategy.models import (
    Action,
    ActionStatus,
    Outcome,
    Priority,
    Programme,
    Strategy,
)
from joinedup.strategy.selectors import current_strategy

STATUS_ORDER = [code for code, _ in ActionStatus.choices]
STATUS_LABELS = dict(ActionStatus.choices)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def rollup(counts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Action counts by status summed over several parts (programmes of an outcome...).
    Statuses with no actions are left out; the sum of the result is the number of actions."""
    total: Counter[str] = Counter()
    for part in counts:
        total.update({k: v for k, v in part.items() if v})
    return {status: total[status] for status in STATUS_ORDER if total[status]}


def status_counts(counts: Mapping[str, int]) -> list[StatusCount]:
    return [StatusCount(s, STATUS_LABELS[s], counts[s]) for s in STATUS_ORDER if counts.get(s)]


@dataclass
class ProgrammeNode:
    programme: Programme
    counts: dict[str, int]

    @property
    def scope(self) -> str:
        """The query string of the actions this node's counts stand for."""
        return f"programme={self.programme.pk}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def statuses(self) -> list[StatusCount]:
        return status_counts(self.counts)


@dataclass
class OutcomeNode:
    outcome: Outcome
    programmes: list[ProgrammeNode]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def scope(self) -> str:
        """The query string of the actions this node's counts stand for."""
        return f"outcome={self.outcome.pk}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def statuses(self) -> list[StatusCount]:
        return status_counts(self.counts)


@dataclass
class PriorityNode:
    priority: Priority
    outcomes: list[OutcomeNode]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def scope(self) -> str:
        """The query string of the actions this node's counts stand for."""
        return f"priority={self.priority.pk}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def statuses(self) -> list[StatusCount]:
        return status_counts(self.counts)


@dataclass
class StrategyMap:
    strategy: Strategy | None
    priorities: list[PriorityNode]
    unlinked_programmes: list[ProgrammeNode]
    counts: dict[str, int]

    @property
    def scope(self) -> str:
        """The query string of the actions this node's counts stand for."""
        return ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def statuses(self) -> list[StatusCount]:
        return status_counts(self.counts)


def _counts_by_programme(partnership: Partnership) -> dict[int, dict[str, int]]:
    grouped = partnership.actions.values("programme_id", "status").annotate(n=Count("pk")).order_by()
    result: dict[int, dict[str, int]] = {}
    for row in grouped:
        result.setdefault(row["programme_id"], {})[row["status"]] = row["n"]
    return result


def strategy_map(partnership: Partnership) -> StrategyMap:
    """The current strategy as a tree with action counts by status at every level.

    A programme linked to several outcomes appears under each; a theme or the whole
    strategy counts each of its actions once."""
    strategy = current_strategy(partnership)
    by_programme = _counts_by_programme(partnership)
    programmes = list(
        partnership.programmes.select_related("lead_organisation", "champion").prefetch_related(
            Prefetch("outcomes", queryset=partnership.outcomes.only("pk"))
        )
    )
    under: dict[int, list[Programme]] = {}
    for programme in programmes:
        for outcome in programme.outcomes.all():
            under.setdefault(outcome.pk, []).append(programme)

    def node(programme: Programme) -> ProgrammeNode:
        return ProgrammeNode(programme, dict(by_programme.get(programme.pk, {})))

    priorities: list[PriorityNode] = []
    mapped: set[int] = set()
    if strategy is not None:
        themes = (
            strategy.priorities.filter(partnership=partnership)
            .select_related("lead_organisation", "lead_body", "champion")
            .prefetch_related(
                Prefetch(
                    "outcomes",
                    queryset=partnership.outcomes.select_related(
                        "lead_organisation", "lead_body", "champion"
                    ),
                )
            )
        )
        for priority in themes:
            outcome_nodes = []
            theme_programmes: dict[int, Programme] = {}
            for outcome in priority.outcomes.all():
                linked = under.get(outcome.pk, [])
                theme_programmes.update({p.pk: p for p in linked})
                nodes = [node(p) for p in linked]
                outcome_nodes.append(OutcomeNode(outcome, nodes, rollup(n.counts for n in nodes)))
            mapped.update(theme_programmes)
            priorities.append(
                PriorityNode(
                    priority,
                    outcome_nodes,
                    rollup(by_programme.get(pk, {}) for pk in theme_programmes),
                )
            )
    unlinked = [node(p) for p in programmes if p.pk not in mapped]
    return StrategyMap(
        strategy=strategy,
        priorities=priorities,
        unlinked_programmes=unlinked,
        counts=rollup(by_programme.values()),
    )


# --- what one organisation leads or contributes to ------------------------------------------


@dataclass(frozen=True)
class PartnerView:
    organisation: Organisation
    priorities: list[Priority]
    outcomes: list[Outcome]
    programmes: list[Programme]
    actions_led: list[Action]
    actions_contributed: list[Action]

    @property
    def is_empty(self) -> bool:
        return not (
            self.priorities
            or self.outcomes
            or self.programmes
            or self.actions_led
            or self.actions_contributed
        )


def organisation_in(partnership: Partnership, organisation_id: int) -> Organisation | None:
    return partnership.organisations.filter(pk=organisation_id).first()


def partner_view(partnership: Partnership, organisation: Organisation) -> PartnerView:
    """What an organisation leads (themes, outcomes, programmes, actions) or contributes to
    (actions), in the current strategy and the partnership's programmes."""
    strategy = current_strategy(partnership)
    priorities = (
        list(strategy.priorities.filter(partnership=partnership, lead_organisation=organisation))
        if strategy
        else []
    )
    outcomes = (
        list(
            partnership.outcomes.filter(
                priority__strategy=strategy, lead_organisation=organisation
            ).select_related("priority")
        )
        if strategy
        else []
    )
    programmes = list(partnership.programmes.filter(lead_organisation=organisation))
    actions: QuerySet[Action] = (
        partnership.actions.filter(
            Q(lead_organisation=organisation) | Q(contributing_organisations=organisation)
        )
        .select_related("programme", "lead_organisation", "lead_person")
        .distinct()
        .order_by("due_date", "title")
    )
    led: list[Action] = []
    contributed: list[Action] = []
    for action in actions:
        (led if action.lead_organisation_id == organisation.pk else contributed).append(action)
    return PartnerView(organisation, priorities, outcomes, programmes, led, contributed)
