"""The golden thread: where a record was discussed and what was decided; the live data the
agenda suggestion is assembled from; governing documents. Every query goes through the
partnership (`access.partnership`) and is bounded (a fixed number of queries per page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from joinedup.governance import analysis_thread as analysis
from joinedup.governance import rules
from joinedup.governance.models import Meeting, MeetingStatus
from joinedup.partnerships.models import Body, Layer, Partnership

# --- the golden thread panels --------------------------------------------------------------------


def exempt_filtered(qs: QuerySet[Any], allowed: list[int], prefix: str = "") -> QuerySet[Any]:
    """Exempt items (and what was recorded on them) only for those who may see the body's exempt
    items (`allowed`: rules.bodies_with_exempt_access)."""
    return qs.filter(Q(**{f"{prefix}is_exempt": False}) | Q(**{f"{prefix}meeting__body_id__in": allowed}))


def thread_for(access: Any, link: str, obj: Any) -> dict[str, list[Any]]:
    """Where `obj` (an indicator, action or risk: `link` is the M2M name) was discussed, newest
    meeting first, and the decisions and meeting actions that link to it. Three queries plus the
    exempt-access ids."""
    partnership: Partnership = access.partnership
    allowed = rules.bodies_with_exempt_access(access)
    items = list(
        exempt_filtered(partnership.agenda_items.filter(**{link: obj}), allowed)
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "position")[:50]
    )
    decisions = list(
        exempt_filtered(partnership.decisions.filter(**{link: obj}), allowed, "item__")
        .select_related("item__meeting__body", "owner")
        .order_by("-item__meeting__starts_at", "pk")[:50]
    )
    actions = list(
        exempt_filtered(partnership.meeting_actions.filter(**{link: obj}), allowed, "item__")
        .select_related("item__meeting__body", "owner")
        .order_by("-item__meeting__starts_at", "pk")[:50]
    )
    return {"items": items, "decisions": decisions, "meeting_actions": actions}


# --- the agenda suggestion -------------------------------------------------------------------------


def next_meeting(body: Body, *, now: dt.datetime | None = None) -> Meeting | None:
    """The body's next meeting: the earliest planned (or papers published) meeting from now."""
    now = now or timezone.now()
    return (
        body.partnership.meetings.filter(
            body=body,
            starts_at__gte=now,
            status__in=[MeetingStatus.PLANNED, MeetingStatus.PAPERS_PUBLISHED],
        )
        .order_by("starts_at")
        .first()
    )


@dataclass(frozen=True)
class Remit:
    """What a body looks after. `outcome_ids`/`programme_ids` None means all of the partnership's."""

    outcome_ids: list[int] | None
    programme_ids: list[int] | None
    description: str


def remit_of(body: Body) -> Remit:
    """A body's remit: the outcomes of the priorities it leads and the outcomes it leads itself,
    and the programmes it owns (strategy's `lead_body` / `owner_body`). A strategic body that
    nothing names looks after all of the partnership's; any other body that nothing names has
    an empty remit (and is suggested only what is escalated or due back to it)."""
    partnership = body.partnership
    outcome_ids = sorted(
        set(
            partnership.outcomes.filter(Q(lead_body=body) | Q(priority__lead_body=body)).values_list(
                "pk", flat=True
            )
        )
    )
    programme_ids = sorted(partnership.programmes.filter(owner_body=body).values_list("pk", flat=True))
    if outcome_ids or programme_ids:
        return Remit(
            outcome_ids,
            programme_ids,
            f"the {len(outcome_ids)} outcome(s) it or its priorities lead and the "
            f"{len(programme_ids)} programme(s) it owns",
        )
    if body.layer == Layer.STRATEGIC:
        return Remit(None, None, "all of the partnership's outcomes and programmes (a strategic body that "
                     "no priority, outcome or programme names)")  # fmt: skip
    return Remit([], [], "nothing: no priority, outcome or programme names this body")


def indicator_inputs(partnership: Partnership, links: Any) -> list[analysis.IndicatorIn]:
    """Each linked indicator's facts (`joinedup.performance.facts`, through
    `performance.selectors_insight.indicator_facts`: the headline area's latest value, its RAG
    against the approved target, and the comparison with the benchmark), as the suggestion's
    plain inputs. A fixed number of queries whatever the number of indicators."""
    from joinedup.performance.selectors_insight import indicator_facts

    rows = list(links.select_related("indicator").prefetch_related("outcomes__priority"))
    if not rows:
        return []
    out = []
    for card in indicator_facts(partnership, rows).cards:
        facts = card.facts
        worse = facts.comparison is not None and facts.comparison.outcome in ("worse", "worst")
        latest = f"{facts.area_name}, {facts.latest.period}: " if facts.latest is not None else ""
        out.append(
            analysis.IndicatorIn(
                card.link.indicator_id,
                card.link.indicator.title,
                facts.rag.status,
                worse,
                f"{latest}{facts.rag.explanation}" if facts.rag.status == "red" else latest.rstrip(": "),
            )
        )
    return out


def suggestion_inputs(body: Body, meeting: Meeting, *, today: dt.date) -> tuple[analysis.Inputs, Remit]:
    partnership = body.partnership
    remit = remit_of(body)
    escalations = [
        analysis.EscalationIn(
            e.pk,
            e.indicator.title,
            str(e.period),
            e.variance,
            e.reason,
            timezone.localtime(e.raised_at).date(),
            e.from_body.name if e.from_body else (e.from_person.full_name if e.from_person else ""),
        )
        for e in partnership.escalations.filter(to_body=body, status="open").select_related(
            "indicator", "from_body", "from_person"
        )
    ]
    links = partnership.indicator_links.all()
    if remit.outcome_ids is not None:
        links = partnership.indicator_links.filter(
            pk__in=partnership.indicator_links.filter(outcomes__in=remit.outcome_ids).values("pk")
        )
    indicators = indicator_inputs(partnership, links)
    actions_qs = partnership.actions.filter(due_date__lt=today).exclude(status__in=["complete", "cancelled"])
    if remit.programme_ids is not None:
        actions_qs = actions_qs.filter(programme_id__in=remit.programme_ids)
    actions = [
        analysis.ActionIn(a.pk, a.title, a.due_date, a.status, a.get_status_display())
        for a in actions_qs[:200]
    ]
    risks = [
        analysis.RiskIn(r.pk, r.title, r.escalation_layer, r.score, r.closed_on is not None)
        for r in partnership.risks.filter(escalation_layer=body.layer, closed_on__isnull=True)[:200]
    ]
    decisions = [
        analysis.DecisionIn(d.pk, d.text, d.report_due, d.status, str(d.item.meeting))
        for d in partnership.decisions.filter(report_to=body, report_due__isnull=False)
        .exclude(status__in=["done", "superseded"])
        .select_related("item__meeting__body")[:200]
    ]
    on_agenda: set[str] = set()
    items = partnership.agenda_items.filter(meeting=meeting).prefetch_related(*analysis.LINK_OF.values())
    for item in items:
        for kind, name in analysis.LINK_OF.items():
            on_agenda |= {f"{kind}-{o.pk}" for o in getattr(item, name).all()}
    inputs = analysis.Inputs(
        layer=body.layer,
        meeting_date=timezone.localtime(meeting.starts_at).date(),
        escalations=escalations,
        indicators=indicators,
        actions=actions,
        risks=risks,
        decisions=decisions,
        on_agenda=frozenset(on_agenda),
    )
    return inputs, remit


def objects_for(partnership: Partnership, suggestions: list[analysis.Suggestion]) -> dict[str, Any]:
    """The records the chosen suggestions link to, by key (one query per kind)."""
    from joinedup.performance.selectors import visible_indicators

    out: dict[str, Any] = {}
    sources = {
        "escalation": partnership.escalations.all(),
        "indicator": visible_indicators(partnership),
        "action": partnership.actions.all(),
        "risk": partnership.risks.all(),
        "decision": partnership.decisions.select_related("item__meeting"),
    }
    for kind, qs in sources.items():
        pks = [s.pk for s in suggestions if s.kind == kind]
        if pks:
            out |= {f"{kind}-{o.pk}": o for o in qs.filter(pk__in=pks)}
    return out


# --- governing documents ---------------------------------------------------------------------


def documents(partnership: Partnership) -> list[Any]:
    return list(partnership.governing_documents.select_related("body", "file").order_by("kind", "title"))


def overdue_documents(partnership: Partnership, *, today: dt.date) -> list[Any]:
    """Documents past their review date."""
    return list(
        partnership.governing_documents.filter(review_due__lt=today)
        .select_related("body")
        .order_by("review_due")
    )


def document_in(partnership: Partnership, document_id: int) -> Any:
    from django.http import Http404

    found = partnership.governing_documents.select_related("body", "file").filter(pk=document_id).first()
    if found is None:
        raise Http404("No such document")
    return found
