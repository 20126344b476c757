"""Reads for delivery, always through the partnership."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from joinedup.core.audit import history_for, history_for_all
from joinedup.partnerships.models import Partnership
from joinedup.strategy import analysis
from joinedup.strategy.models import Action, Milestone, Programme


def programmes_for(partnership: Partnership) -> QuerySet[Programme]:
    return partnership.programmes.select_related("owner_body", "lead_organisation", "champion").annotate(
        action_count=Count("actions")
    )


def programme_in(partnership: Partnership, programme_id: int) -> Programme:
    programme = (
        partnership.programmes.select_related("owner_body", "lead_organisation", "champion", "partnership")
        .prefetch_related("outcomes")
        .filter(pk=programme_id)
        .first()
    )
    if programme is None:
        raise Http404("No such programme")
    return programme


def _actions_with_people(queryset: QuerySet[Action]) -> QuerySet[Action]:
    return queryset.select_related("lead_organisation", "lead_person", "programme").annotate(
        milestones_open=Count("milestones", filter=Q(milestones__completed_on__isnull=True)),
    )


def programme_actions(programme: Programme) -> list[Action]:
    return list(_actions_with_people(programme.partnership.actions.filter(programme=programme)))


def action_in(partnership: Partnership, action_id: int) -> Action:
    action = (
        partnership.actions.select_related("programme", "lead_organisation", "lead_person", "partnership")
        .prefetch_related(
            "contributing_organisations",
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
        )
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action


def milestone_in(action: Action, milestone_id: int) -> Milestone:
    milestone = action.milestones.filter(pk=milestone_id, partnership_id=action.partnership_id).first()
    if milestone is None:
        raise Http404("No such milestone")
    return milestone


def action_updates(action: Action, limit: int = 50):
    return action.updates.select_related("by_user", "by_person")[:limit]


def programme_history(programme: Programme, limit: int = 30):
    return history_for(programme, partnership_id=programme.partnership_id)[:limit]


def action_history(action: Action, limit: int = 50):
    return history_for_all([action, *action.milestones.all()], partnership_id=action.partnership_id)[:limit]


def thresholds_of(programme: Programme) -> analysis.Thresholds:
    return analysis.Thresholds(amber=programme.rag_amber_points, red=programme.rag_red_points)


def rag_of(action: Action, *, today: dt.date | None = None) -> analysis.Rag:
    """The computed RAG of an action, with its programme's thresholds."""
    return analysis.action_rag(
        today=today or timezone.localdate(),
        start=action.start_date,
        due=action.due_date,
        percent=action.percent_complete,
        status=action.status,
        thresholds=thresholds_of(action.programme),
    )


@dataclass(frozen=True)
class ActionFilter:
    """Which actions a roll-up count stands for. Empty fields do not filter."""

    programme_id: int | None = None
    outcome_id: int | None = None
    priority_id: int | None = None
    organisation_id: int | None = None  # leads or contributes to
    status: str = ""
    rag: str = ""


def actions_matching(partnership: Partnership, wanted: ActionFilter) -> list[Action]:
    """The actions behind a roll-up count. The RAG is computed, so it is filtered here rather
    than in the database."""
    queryset = partnership.actions.all()
    if wanted.programme_id is not None:
        queryset = queryset.filter(programme_id=wanted.programme_id)
    if wanted.outcome_id is not None:
        queryset = queryset.filter(programme__outcomes=wanted.outcome_id)
    if wanted.priority_id is not None:
        queryset = queryset.filter(programme__outcomes__priority_id=wanted.priority_id)
    if wanted.organisation_id is not None:
        queryset = queryset.filter(
            Q(lead_organisation_id=wanted.organisation_id)
            | Q(contributing_organisations__id=wanted.organisation_id)
        )
    if wanted.status:
        queryset = queryset.filter(status=wanted.status)
    actions = list(
        _actions_with_people(queryset.distinct()).order_by("programme__title", "due_date", "title")
    )
    if wanted.rag:
        today = timezone.localdate()
        actions = [a for a in actions if rag_of(a, today=today).result == wanted.rag]
    return actions


def facts_for(actions: list[Action], *, today: dt.date) -> list[analysis.ActionFacts]:
    facts = []
    for action in actions:
        rag = rag_of(action, today=today)
        facts.append(
            analysis.ActionFacts(
                status=action.status,
                rag=rag.result,
                disagrees=bool(analysis.disagreement(status=action.status, rag=rag)),
            )
        )
    return facts


def rollup_for_outcomes(
    partnership: Partnership, *, today: dt.date | None = None
) -> dict[int, analysis.Rollup]:
    """Per outcome id: counts of the actions of the programmes linked to it, by reported status
    and by computed RAG, in two queries whatever the number of actions. Outcomes with no
    programme are absent. Link each count to `strategy:actions` with `?outcome=<id>&status=` or
    `&rag=` (see `presenters_delivery.rollup_links`)."""
    today = today or timezone.localdate()
    links = partnership.outcomes.filter(programmes__partnership=partnership).values_list("programmes", "pk")
    outcomes_of: dict[int, list[int]] = {}
    for programme_id, outcome_id in links:
        outcomes_of.setdefault(programme_id, []).append(outcome_id)
    if not outcomes_of:
        return {}
    actions = list(partnership.actions.filter(programme_id__in=outcomes_of).select_related("programme"))
    by_outcome: dict[int, list[analysis.ActionFacts]] = {}
    for action, fact in zip(actions, facts_for(actions, today=today), strict=True):
        for outcome_id in outcomes_of[action.programme_id]:
            by_outcome.setdefault(outcome_id, []).append(fact)
    for programme_outcomes in outcomes_of.values():
        for outcome_id in programme_outcomes:
            by_outcome.setdefault(outcome_id, [])
    return {outcome_id: analysis.rollup(facts) for outcome_id, facts in by_outcome.items()}


def rollup_for_programme(actions: list[Action], *, today: dt.date) -> analysis.Rollup:
    return analysis.rollup(facts_for(actions, today=today))
