"""What delivery pages show: action rows with their computed RAG and flags, roll-up counts
with links to the actions behind them, and the "how was this computed" explanation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from joinedup.strategy import analysis
from joinedup.strategy.models import Action, Programme
from joinedup.strategy.selectors_delivery import rag_of, thresholds_of

# GOV.UK tag modifiers; the words are always shown beside the colour.
RAG_TAGS = {
    analysis.GREEN: "govuk-tag--green",
    analysis.AMBER: "govuk-tag--orange",
    analysis.RED: "govuk-tag--red",
    analysis.NOT_RATED: "govuk-tag--grey",
    analysis.COMPLETE: "govuk-tag--blue",
    analysis.CANCELLED: "govuk-tag--grey",
}
STATUS_TAGS = {
    analysis.NOT_STARTED: "govuk-tag--grey",
    analysis.ON_TRACK: "govuk-tag--green",
    analysis.AT_RISK: "govuk-tag--yellow",
    analysis.OFF_TRACK: "govuk-tag--red",
    analysis.COMPLETE: "govuk-tag--blue",
    analysis.CANCELLED: "govuk-tag--grey",
}


@dataclass(frozen=True)
class ActionRow:
    action: Action
    rag: analysis.Rag
    rag_tag: str
    status_label: str
    status_tag: str
    disagreement: str
    overdue: bool
    stale: bool
    url: str
    rag_url: str
    progress_url: str


def action_row(action: Action, *, today: dt.date, slug: str) -> ActionRow:
    rag = rag_of(action, today=today)
    cycle = (
        action.programme.update_cycle if action.programme.update_cycle in analysis.CYCLE_DAYS else "monthly"
    )
    kwargs = {"slug": slug, "action_id": action.pk}
    return ActionRow(
        action=action,
        rag=rag,
        rag_tag=RAG_TAGS[rag.result],
        status_label=analysis.STATUS_LABELS.get(action.status, action.status),
        status_tag=STATUS_TAGS.get(action.status, "govuk-tag--grey"),
        disagreement=analysis.disagreement(status=action.status, rag=rag),
        overdue=analysis.is_overdue(today=today, due=action.due_date, status=action.status),
        stale=analysis.is_stale(
            today=today,
            last_update=action.last_update_at.date() if action.last_update_at else None,
            start=action.start_date,
            cycle=cycle,
            status=action.status,
        ),
        url=reverse("strategy:action", kwargs=kwargs),
        rag_url=reverse("strategy:action_rag", kwargs=kwargs),
        progress_url=reverse("strategy:action_progress", kwargs=kwargs),
    )


def action_rows(actions: list[Action], *, today: dt.date, slug: str) -> list[ActionRow]:
    return [action_row(a, today=today, slug=slug) for a in actions]


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    url: str
    tag: str


@dataclass(frozen=True)
class RollupView:
    total: int
    by_status: list[Count]
    by_rag: list[Count]
    disagreements: int
    all_url: str


def _actions_url(slug: str, **query: object) -> str:
    base = reverse("strategy:actions", kwargs={"slug": slug})
    params = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def rollup_links(
    rollup: analysis.Rollup, *, slug: str, programme_id: int | None = None, outcome_id: int | None = None
) -> RollupView:
    """Each count links to the filtered list of the actions it counts."""
    scope = {"programme": programme_id, "outcome": outcome_id}
    return RollupView(
        total=rollup.total,
        by_status=[
            Count(label, n, _actions_url(slug, **scope, status=code), STATUS_TAGS[code])
            for code, label, n in rollup.status_counts()
        ],
        by_rag=[
            Count(label, n, _actions_url(slug, **scope, rag=code), RAG_TAGS[code])
            for code, label, n in rollup.rag_counts()
        ],
        disagreements=rollup.disagreements,
        all_url=_actions_url(slug, **scope),
    )


@dataclass(frozen=True)
class RagExplanation:
    rag: analysis.Rag
    tag: str
    inputs: list[tuple[str, str]]
    thresholds: analysis.Thresholds
    disagreement: str


def _date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "Not set"


def rag_explanation(action: Action, *, today: dt.date) -> RagExplanation:
    rag = rag_of(action, today=today)
    thresholds = thresholds_of(action.programme)
    inputs = [
        ("Today", _date(today)),
        ("Start date", _date(action.start_date)),
        ("Due date", _date(action.due_date)),
        ("Percent complete", f"{action.percent_complete}%"),
        ("Reported status", analysis.STATUS_LABELS.get(action.status, action.status)),
    ]
    if rag.time_elapsed is not None:
        inputs.append(("Share of the time gone", f"{round(float(rag.time_elapsed) * 100)}%"))
    if rag.points_behind is not None:
        behind = float(rag.points_behind)
        inputs.append(("Points behind schedule", f"{behind:.1f}" if behind >= 0 else f"{-behind:.1f} ahead"))
    return RagExplanation(
        rag=rag,
        tag=RAG_TAGS[rag.result],
        inputs=inputs,
        thresholds=thresholds,
        disagreement=analysis.disagreement(status=action.status, rag=rag),
    )


def programme_summary(programme: Programme) -> list[tuple[str, str]]:
    return [
        ("Owner body", str(programme.owner_body) if programme.owner_body else "Not set"),
        ("Lead organisation", str(programme.lead_organisation) if programme.lead_organisation else "Not set"),
        ("Champion", str(programme.champion) if programme.champion else "Not set"),
        ("Start date", _date(programme.start_date)),
        ("End date", _date(programme.end_date)),
        ("Update cycle", programme.get_update_cycle_display()),
        (
            "RAG thresholds",
            f"Amber when more than {programme.rag_amber_points} points behind schedule, "
            f"red when more than {programme.rag_red_points}",
        ),
        ("Outcomes", ", ".join(str(o) for o in programme.outcomes.all()) or "None linked"),
    ]
