"""Results of a round: overview (element profile, maturity against target, perception
against evidence, change), question detail, heat map, perception gaps, the XLSX export and
raising an improvement action. Coordinators see results at any time; every role in the
partnership once the round is closed (assessment.rules.may_see_results)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.assessment import rules, selectors_navigation
from joinedup.assessment import selectors_results as selectors
from joinedup.assessment.exports_results import results_workbook
from joinedup.assessment.forms_results import ImprovementActionForm
from joinedup.assessment.models import Round
from joinedup.assessment.services import results as services
from joinedup.assessment.services.rounds import delete_anonymous_drafts
from joinedup.core import charts
from joinedup.core.exports import XLSX_CONTENT_TYPE, attachment
from joinedup.core.forms import submit
from joinedup.partnerships.access import PartnershipAccess, partnership_access

VIEW = "partnerships.view"


def _round(access: PartnershipAccess, round_id: int) -> Round:
    round_ = (
        access.partnership.assessment_rounds.select_related(
            "framework_version", "previous_round", "partnership"
        )
        .filter(pk=round_id)
        .first()
    )
    if round_ is None:
        raise Http404("No such round")
    rules.require_results(access, round_)
    # Idempotent: a closed anonymous round keeps no drafts linked to a person, even where the
    # scheduled close_due_rounds has not run yet.
    delete_anonymous_drafts(round_=round_)
    return round_


def _crumbs(round_: Round, here: str | None = None) -> list[dict[str, Any]]:
    overview = reverse("assessment:results", kwargs={"slug": round_.partnership.slug, "round_id": round_.pk})
    crumbs: list[dict[str, Any]] = [{"label": f"Results: {round_.title}", "url": overview if here else None}]
    if here:
        crumbs.append({"label": here, "url": None})
    return crumbs


def _up(round_: Round, coordinator: bool) -> list[dict[str, Any]]:
    """Self-assessment › the round (its page is the coordinator's) above every results crumb."""
    slug = round_.partnership.slug
    up: list[dict[str, Any]] = [
        {"label": "Self-assessment", "url": reverse("assessment:rounds", kwargs={"slug": slug})}
    ]
    if coordinator:
        up.append(
            {
                "label": round_.title,
                "url": reverse("assessment:round", kwargs={"slug": slug, "round_id": round_.pk}),
            }
        )
    return up


def _context(access: PartnershipAccess, round_: Round, results: selectors.RoundResults, **extra: Any) -> dict:
    coordinator = rules.is_coordinator(access)
    paper_status = selectors_navigation.paper_status(access.partnership, round_)
    show_paper = rules.may_read_paper(
        coordinator=coordinator, round_closed=round_.is_closed, paper_status=paper_status
    )
    if "breadcrumbs" in extra:
        extra["breadcrumbs"] = _up(round_, coordinator) + extra["breadcrumbs"]
    return {
        "partnership": access.partnership,
        "round": round_,
        "results": results,
        "is_coordinator": coordinator,
        "paper_status": paper_status,
        "show_paper": show_paper,
        **extra,
    }


def _profile_chart(results: selectors.RoundResults) -> charts.Chart | None:
    bars = [charts.Bar(e.title, round(e.mean, 2)) for e in results.elements if e.mean is not None]
    if not bars:
        return None
    return charts.bar_chart(
        title=f"Mean score per element, {results.round.title} (0 not in place, 2 in place)",
        bars=bars,
        value_label="Mean score (0 to 2)",
        category_label="Element",
        places=2,
    )


def _change_chart(results: selectors.RoundResults) -> charts.Chart | None:
    if results.previous is None:
        return None
    bars = [charts.Bar(e.title, round(e.change, 2)) for e in results.elements if e.change is not None]
    if not bars:
        return None
    return charts.bar_chart(
        title=f"Change in element score since {results.previous.round.title} (positive is better)",
        bars=bars,
        value_label="Change in mean score",
        category_label="Element",
        places=2,
    )


def results(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    round_ = _round(access, round_id)
    data = selectors.round_results(round_)
    return render(
        request,
        "assessment/results/overview.html",
        _context(
            access,
            round_,
            data,
            page_title=f"Results: {round_.title}",
            breadcrumbs=_crumbs(round_),
            chart=_profile_chart(data),
            change_chart=_change_chart(data),
        ),
    )


def question(request: HttpRequest, slug: str, round_id: int, question_key: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    round_ = _round(access, round_id)
    data = selectors.round_results(round_)
    q = data.question(question_key)
    if q is None:
        raise Http404("No such question in this round")
    total = q.score.responses
    distribution = [
        {
            "choice": c,
            "looks": q.descriptors.get(c, ""),
            "count": q.score.distribution.get(c, 0),
            "share": q.score.distribution.get(c, 0) / total if total else None,
        }
        for c in ("in_place", "partly", "not_in_place", "dont_know")
    ]
    return render(
        request,
        "assessment/results/question.html",
        _context(
            access,
            round_,
            data,
            page_title=f"Question {q.key}: {q.text}",
            breadcrumbs=_crumbs(round_, f"Question {q.key}"),
            q=q,
            element=data.element(q.element_key),
            distribution=distribution,
            comments=selectors.question_comments(round_, q),
        ),
    )


def heatmap(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    round_ = _round(access, round_id)
    data = selectors.round_results(round_, include_live_evidence=False)
    by = "layer" if request.GET.get("by") == "layer" else "sector"
    groups = data.layers if by == "layer" else data.sectors
    rows = [(q, q.by_layer if by == "layer" else q.by_sector) for q in data.questions]
    return render(
        request,
        "assessment/results/heatmap.html",
        _context(
            access,
            round_,
            data,
            page_title=f"Heat map by {by}: {round_.title}",
            breadcrumbs=_crumbs(round_, f"Heat map by {by}"),
            by=by,
            groups=groups,
            rows=rows,
        ),
    )


def gaps(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    round_ = _round(access, round_id)
    data = selectors.round_results(round_, include_live_evidence=False)
    return render(
        request,
        "assessment/results/gaps.html",
        _context(
            access,
            round_,
            data,
            page_title=f"Perception gaps: {round_.title}",
            breadcrumbs=_crumbs(round_, "Perception gaps"),
            sector_gaps=[q for q in data.questions if q.gap_sector is not None],
            layer_gaps=[q for q in data.questions if q.gap_layer is not None],
            consensus=[q for q in data.questions if q.consensus_choice],
        ),
    )


def export(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    round_ = _round(access, round_id)
    body = results_workbook(selectors.round_results(round_))
    return attachment(
        body, filename=f"{round_.title} results", extension="xlsx", content_type=XLSX_CONTENT_TYPE
    )


def raise_action(request: HttpRequest, slug: str, round_id: int, question_key: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = _round(access, round_id)
    data = selectors.round_results(round_)
    q = data.question(question_key)
    if q is None:
        raise Http404("No such question in this round")
    question_url = reverse(
        "assessment:results_question", kwargs={"slug": slug, "round_id": round_.pk, "question_key": q.key}
    )
    if not q.may_raise_action:
        return render(
            request,
            "assessment/results/raise_action.html",
            _context(
                access,
                round_,
                data,
                page_title="Raise an improvement action",
                breadcrumbs=_crumbs(round_, f"Question {q.key}"),
                q=q,
                form=None,
                cancel_url=question_url,
            ),
        )
    initial = {"title": f"Improve: {q.text}"[:300]}
    form = ImprovementActionForm(request.POST or None, partnership=access.partnership, initial=initial)
    if request.method == "POST":
        outcome = submit(
            form,
            lambda: services.raise_improvement_action(
                round=round_, question=q, user=request.user, fields=form.cleaned_data
            ),
        )
        if outcome.succeeded:
            return redirect(question_url + "#actions")
    return render(
        request,
        "assessment/results/raise_action.html",
        _context(
            access,
            round_,
            data,
            page_title="Raise an improvement action",
            breadcrumbs=_crumbs(round_, f"Question {q.key}"),
            q=q,
            form=form,
            reason=services.reason_for(q),
            cancel_url=question_url,
        ),
    )
