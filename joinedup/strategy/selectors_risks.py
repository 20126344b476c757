"""Reads for the risk register, contribution claims and the action plan export, always
through the partnership. Presenters turn risks into the rows the register shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from joinedup.partnerships.models import Partnership
from joinedup.strategy import risk_analysis
from joinedup.strategy.models import Action, ContributionClaim, Priority, Risk
from joinedup.strategy.selectors_delivery import rag_of


@dataclass(frozen=True)
class RiskFilters:
    """What the register is filtered by, read from the query string; bad values are ignored."""

    status: str = "open"  # open, closed or all
    outcome: int | None = None
    programme: int | None = None
    band: str = ""
    likelihood: int | None = None
    impact: int | None = None
    overdue: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> RiskFilters:
        def number(name: str, allowed: range | None = None) -> int | None:
            value = query.get(name, "")
            if not value.isdigit():
                return None
            result = int(value)
            return result if allowed is None or result in allowed else None

        status = query.get("status", "open")
        band = query.get("band", "")
        return cls(
            status=status if status in {"open", "closed", "all"} else "open",
            outcome=number("outcome"),
            programme=number("programme"),
            band=band if band in {"high", "medium", "low"} else "",
            likelihood=number("likelihood", range(1, 6)),
            impact=number("impact", range(1, 6)),
            overdue=query.get("overdue") == "1",
        )

    def query(self, **changes: object) -> str:
        """The query string of these filters with some changed (None or "" drops one)."""
        values: dict[str, object] = {
            "status": self.status if self.status != "open" else "",
            "outcome": self.outcome,
            "programme": self.programme,
            "band": self.band,
            "likelihood": self.likelihood,
            "impact": self.impact,
            "overdue": "1" if self.overdue else "",
        }
        values.update(changes)
        parts = [f"{k}={v}" for k, v in values.items() if v not in (None, "")]
        return "?" + "&".join(parts) if parts else "?"

    @property
    def without_cell(self) -> str:
        """The query string without the matrix-cell filter (ends ready for another parameter)."""
        query = self.query(likelihood=None, impact=None)
        return query if query == "?" else query + "&"

    @property
    def any_beyond_status(self) -> bool:
        return any((self.outcome, self.programme, self.band, self.likelihood, self.impact, self.overdue))


def risks_in(
    partnership: Partnership, filters: RiskFilters, *, today: dt.date, cell: bool = True
) -> QuerySet[Risk]:
    """The partnership's risks matching the filters, with what the register shows joined in.
    `cell=False` leaves out the matrix-cell filter (the matrix itself counts without it)."""
    risks = partnership.risks.select_related(
        "outcome", "outcome__priority", "programme", "owner_organisation"
    )
    if filters.status == "open":
        risks = risks.filter(closed_on__isnull=True)
    elif filters.status == "closed":
        risks = risks.filter(closed_on__isnull=False)
    if filters.outcome:
        risks = risks.filter(outcome_id=filters.outcome)
    if filters.programme:
        risks = risks.filter(programme_id=filters.programme)
    if filters.overdue:
        risks = risks.filter(review_on__lt=today, closed_on__isnull=True)
    if filters.band:
        pairs = Q(pk__in=[])
        for likelihood in risk_analysis.SCALE:
            impacts = [i for i in risk_analysis.SCALE if risk_analysis.band(likelihood * i) == filters.band]
            if impacts:
                pairs |= Q(likelihood=likelihood, impact__in=impacts)
        risks = risks.filter(pairs)
    if cell and filters.likelihood:
        risks = risks.filter(likelihood=filters.likelihood)
    if cell and filters.impact:
        risks = risks.filter(impact=filters.impact)
    return risks


def risk_in(partnership: Partnership, risk_id: int) -> Risk:
    return get_object_or_404(
        partnership.risks.select_related("outcome", "programme", "owner_organisation"), pk=risk_id
    )


@dataclass(frozen=True)
class RiskRow:
    """One risk as the register shows it."""

    risk: Risk
    score: int
    band: str
    target_score: int
    target_band: str
    change: risk_analysis.Change
    review_overdue: bool

    @property
    def linked_to(self) -> str:
        parts = []
        if self.risk.outcome is not None:
            parts.append(f"Outcome: {self.risk.outcome.title}")
        if self.risk.programme is not None:
            parts.append(f"Programme: {self.risk.programme.title}")
        return "; ".join(parts)

    @property
    def position(self) -> str:
        return f"Likelihood {self.risk.likelihood} × impact {self.risk.impact}"


def risk_row(risk: Risk, *, today: dt.date) -> RiskRow:
    score = risk_analysis.score(likelihood=risk.likelihood, impact=risk.impact)
    target = risk_analysis.score(likelihood=risk.target_likelihood, impact=risk.target_impact)
    return RiskRow(
        risk=risk,
        score=score,
        band=risk_analysis.band(score),
        target_score=target,
        target_band=risk_analysis.band(target),
        change=risk_analysis.change(previous=risk.previous_score, current=score),
        review_overdue=risk_analysis.review_overdue(
            review_on=risk.review_on, today=today, closed=risk.closed_on is not None
        ),
    )


def risk_export_rows(risks: QuerySet[Risk], *, today: dt.date) -> list[dict[str, object]]:
    rows = []
    for risk in risks:
        row = risk_row(risk, today=today)
        rows.append(
            {
                "Risk": risk.title,
                "Linked to": row.linked_to,
                "Cause": risk.cause,
                "Effect": risk.effect,
                "Owner organisation": str(risk.owner_organisation or ""),
                "Likelihood": risk.likelihood,
                "Impact": risk.impact,
                "Score": row.score,
                "Rating": row.band,
                "Previous score": risk.previous_score,
                "Change since last review": row.change.sentence,
                "Target likelihood": risk.target_likelihood,
                "Target impact": risk.target_impact,
                "Target score": row.target_score,
                "Mitigations": risk.mitigations,
                "Review date": risk.review_on,
                "Review overdue": "Yes" if row.review_overdue else "No",
                "Escalates to": risk.get_escalation_layer_display(),
                "Closed on": risk.closed_on,
            }
        )
    return rows


def action_plan_rows(partnership: Partnership, *, today: dt.date) -> list[dict[str, object]]:
    """The action plan, one row per action: programme, action, lead, dates, status, percent
    and the computed RAG (from the programme fetched with the action: no query per row)."""
    actions: QuerySet[Action] = partnership.actions.select_related(
        "programme", "lead_organisation", "lead_person"
    ).order_by("programme__title", "due_date", "title")
    return [
        {
            "Programme": action.programme.title,
            "Action": action.title,
            "Description": action.description,
            "Lead organisation": str(action.lead_organisation or ""),
            "Lead person": action.lead_person.full_name if action.lead_person else "",
            "Start": action.start_date,
            "Due": action.due_date,
            "Status": action.get_status_display(),
            "Percent complete": action.percent_complete,
            "Computed RAG": rag_of(action, today=today).label,
            "Last update": action.last_update_at,
        }
        for action in actions
    ]


def priority_in(partnership: Partnership, priority_id: int) -> Priority:
    return get_object_or_404(partnership.priorities.select_related("strategy"), pk=priority_id)


def contribution_claims_for(priority: Priority) -> QuerySet[ContributionClaim]:
    return priority.contribution_claims.filter(partnership_id=priority.partnership_id).prefetch_related(
        "evidence"
    )


def contribution_claim_in(priority: Priority, claim_id: int) -> ContributionClaim:
    return get_object_or_404(contribution_claims_for(priority), pk=claim_id)
