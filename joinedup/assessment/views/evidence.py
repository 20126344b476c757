"""Evidence from live data: the overview by element, one metric's "how was this computed"
page, and the coordinator's thresholds form (with "reset to default")."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.assessment import rules
from joinedup.assessment import selectors_evidence as selectors
from joinedup.assessment.forms_evidence import ThresholdForm
from joinedup.assessment.models import MetricThreshold
from joinedup.assessment.services import evidence as services
from joinedup.core import evidence
from joinedup.core.audit import history_for
from joinedup.core.evidence import ELEMENTS
from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.partnerships.access import PartnershipAccess, partnership_access

VIEW = "partnerships.view"


def _overview_url(slug: str) -> str:
    return reverse("assessment:evidence", kwargs={"slug": slug})


def _metric_url(slug: str, key: str) -> str:
    return reverse("assessment:evidence_metric", kwargs={"slug": slug, "key": key})


def _crumbs(slug: str, *rest: tuple[str, str | None]) -> list[dict[str, Any]]:
    return [{"label": "Evidence from live data", "url": _overview_url(slug)}] + [
        {"label": label, "url": url} for label, url in rest
    ]


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    groups = selectors.evidence_overview(access.partnership)
    return render(
        request,
        "assessment/evidence/overview.html",
        {
            "page_title": "Evidence from live data",
            "partnership": access.partnership,
            "groups": groups,
            "is_coordinator": rules.is_coordinator(access),
        },
    )


def _known_key(access: PartnershipAccess, key: str, questions: list[selectors.QuestionUse]) -> None:
    """A registered metric, or one named by a question or finding of a framework the
    partnership sees (the shipped 7S or its own adapted versions); anything else is 404."""
    if evidence.registry.get(key) is not None or any(key in q.metrics for q in questions):
        return
    if key not in selectors.finding_metric_keys(access.partnership):
        raise Http404("No such evidence metric")


def metric(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    questions = selectors.questions_for(access.partnership)
    _known_key(access, key, questions)
    found = selectors.evidence_for(access.partnership, [key])[key]
    element = selectors.element_of(key, questions)
    records_url = (
        found.metric.records_url(access.partnership) if found.metric and found.metric.records_url else ""
    )
    return render(
        request,
        "assessment/evidence/metric.html",
        {
            "page_title": found.title,
            "breadcrumbs": _crumbs(slug, (found.title, None)),
            "partnership": access.partnership,
            "found": found,
            "element_title": ELEMENTS.get(element, ""),
            "records_url": records_url,
            "default_words": (
                selectors.thresholds_words(found.metric, found.metric.green_at, found.metric.amber_at)
                if found.metric
                else ""
            ),
            "questions": selectors.questions_using(key, questions),
            "is_coordinator": rules.is_coordinator(access),
        },
    )


def _registered(key: str) -> evidence.Metric:
    metric_ = evidence.registry.get(key)
    if metric_ is None:
        # An unregistered metric has nothing to judge, so no thresholds to set.
        raise Http404("No such evidence metric")
    return metric_


def _threshold_row(access: PartnershipAccess, key: str) -> MetricThreshold:
    row = access.partnership.metric_thresholds.filter(metric_key=key).first()
    return (
        copy.copy(row) if row is not None else MetricThreshold(partnership=access.partnership, metric_key=key)
    )


def thresholds(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    metric_ = _registered(key)
    instance = _threshold_row(access, key)
    form = ThresholdForm(request.POST or None, metric=metric_, instance=instance)
    submission = submit(
        form,
        lambda: services.set_thresholds(
            partnership=access.partnership,
            metric=metric_,
            green_at=form.cleaned_data["green_at"],
            amber_at=form.cleaned_data["amber_at"],
            reason=form.cleaned_data["reason"],
            user=request.user,
            expected_version=form.expected_version,
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Thresholds for {metric_.title} saved.")
        return redirect(_metric_url(slug, key))
    history = history_for(instance, partnership_id=access.partnership.pk) if instance.pk else None
    return render(
        request,
        "assessment/evidence/thresholds.html",
        {
            "page_title": f"Thresholds for {metric_.title}",
            "breadcrumbs": _crumbs(slug, (metric_.title, _metric_url(slug, key)), ("Thresholds", None)),
            "partnership": access.partnership,
            "metric": metric_,
            "form": form,
            "has_own": instance.pk is not None,
            "default_words": selectors.thresholds_words(metric_, metric_.green_at, metric_.amber_at),
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _metric_url(slug, key),
            "history": history_rows(history) if history is not None else None,
        },
        status=submission.status,
    )


@require_POST
def thresholds_reset(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    metric_ = _registered(key)
    if services.reset_thresholds(partnership=access.partnership, metric=metric_, user=request.user):
        messages.success(request, f"Thresholds for {metric_.title} reset to the defaults.")
    return redirect(_metric_url(slug, key))
