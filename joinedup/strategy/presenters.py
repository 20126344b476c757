"""What the strategy pages show: the label of the strategy, board roles in words, the drive
warning, coverage rows with a link behind every figure, and the home-page panel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from joinedup.partnerships.models import Partnership
from joinedup.partnerships.statutory import labels_for
from joinedup.strategy import selectors
from joinedup.strategy.coverage import EXPLANATION, Tally, coverage_by_theme, drive_warning
from joinedup.strategy.models import BoardRole, Strategy

BOARD_ROLE_SHORT = {BoardRole.DRIVE: "Drive", BoardRole.SPONSOR: "Sponsor", BoardRole.OBSERVE: "Observe"}
MEASURES = ("all", "owner", "plan", "evidence", "no_evidence")
MEASURE_LABELS = {
    "all": "all outcomes",
    "owner": "outcomes with an owner",
    "plan": "outcomes with an action plan",
    "evidence": "outcomes with evidence",
    "no_evidence": "outcomes with no evidence",
}
GROUP_LABELS = {"agreement": "in the agreement with government", "local": "local only"}


def strategy_label(partnership: Partnership) -> str:
    return labels_for(partnership.partnership_type).strategy


@dataclass(frozen=True)
class Figure:
    value: int
    url: str


@dataclass(frozen=True)
class CoverageRow:
    theme: Any
    group: str  # agreement or local
    total: Figure
    owner: Figure
    plan: Figure
    evidence: Figure

    @property
    def group_label(self) -> str:
        return "Agreement" if self.group == "agreement" else "Local"


def _figure(strategy: Strategy, theme_id: int, group: str, measure: str, value: int) -> Figure:
    url = reverse("strategy:coverage", kwargs={"slug": strategy.partnership.slug, "pk": strategy.pk})
    return Figure(value=value, url=f"{url}?theme={theme_id}&group={group}&measure={measure}")


def coverage_rows(strategy: Strategy, tree: list[selectors.ThemeNode]) -> list[CoverageRow]:
    coverage = coverage_by_theme([t.priority.pk for t in tree], selectors.coverage_facts(tree))
    themes = {t.priority.pk: t.priority for t in tree}
    rows = []
    for item in coverage:
        for group, tally in (("agreement", item.agreement), ("local", item.local)):
            rows.append(
                CoverageRow(
                    theme=themes[item.theme_id],
                    group=group,
                    total=_figure(strategy, item.theme_id, group, "all", tally.total),
                    owner=_figure(strategy, item.theme_id, group, "owner", tally.with_owner),
                    plan=_figure(strategy, item.theme_id, group, "plan", tally.with_plan),
                    evidence=_figure(strategy, item.theme_id, group, "evidence", tally.with_evidence),
                )
            )
    return rows


def ids_for(tally: Tally, measure: str) -> tuple[int, ...]:
    return {
        "all": tally.outcome_ids,
        "owner": tally.owner_ids,
        "plan": tally.plan_ids,
        "evidence": tally.evidence_ids,
        "no_evidence": tally.without_evidence_ids,
    }[measure]


def drive_state(strategy: Strategy, priorities: list[Any]) -> dict[str, Any]:
    driven = drive_warning([p.board_role for p in priorities], strategy.drive_limit)
    return {"driven": driven, "limit": strategy.drive_limit}


def strategy_page_context(strategy: Strategy, tree: list[selectors.ThemeNode]) -> dict[str, Any]:
    priorities = [t.priority for t in tree]
    unevidenced = [n.outcome for t in tree for n in t.outcomes if not n.outcome.has_evidence]  # type: ignore[attr-defined]
    return {
        "tree": tree,
        "drive": drive_state(strategy, priorities),
        "coverage": coverage_rows(strategy, tree),
        "coverage_explanation": EXPLANATION,
        "unevidenced": unevidenced,
        "board_roles": BOARD_ROLE_SHORT,
    }


def home_panel_context(*, partnership: Partnership, request=None, **_: Any) -> dict[str, Any] | None:
    """The partnership home's strategy panel: title, period, status, themes with board
    roles and the drive warning. Hidden when there is no strategy yet."""
    strategy = selectors.current_strategy(partnership)
    if strategy is None:
        return None
    priorities = list(strategy.priorities.order_by("position", "title", "pk"))
    return {
        "strategy_panel": {
            "strategy": strategy,
            "label": strategy_label(partnership),
            "priorities": priorities,
            "drive": drive_state(strategy, priorities),
            "board_roles": BOARD_ROLE_SHORT,
        }
    }
