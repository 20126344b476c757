"""Contribution claims of a priority: what changed, what the partnership did and what would
not have happened otherwise. Also the panel other rooms show beside a priority's indicators."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.core.forms import submit
from joinedup.partnerships.access import partnership_access
from joinedup.strategy import selectors_risks
from joinedup.strategy.forms.risks import ContributionForm
from joinedup.strategy.models import Priority
from joinedup.strategy.services import risks as services
from joinedup.strategy.views.risks import require_edit


def _list_url(slug: str, priority_id: int) -> str:
    return reverse("strategy:contributions", kwargs={"slug": slug, "priority_id": priority_id})


def _crumbs(slug: str, priority: Priority, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    trail: list[tuple[str, str | None]] = [
        ("Home", reverse("partnerships:home", kwargs={"slug": slug})),
        ("Strategy", reverse("strategy:strategy", kwargs={"slug": slug})),
        (f"{priority.title}: contribution", _list_url(slug, priority.pk) if extra else None),
        *extra,
    ]
    return [{"label": label, "url": url} for label, url in trail]


def contribution_panel_context(*, priority: Priority, request: Any = None, **_: Any) -> dict[str, Any] | None:
    """Context of the `strategy.priority.contribution` panel: the priority's claims, newest
    first. Rooms render it with `{% panels "strategy.priority.contribution" priority=priority %}`.
    Hidden from anyone who may not see the priority's partnership."""
    user = getattr(request, "user", None)
    if user is not None and not user.has_perm("partnerships.view", priority.partnership):
        return None
    return {
        "contribution_priority": priority,
        "contribution_claims": list(selectors_risks.contribution_claims_for(priority)),
    }


def contribution_list(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    priority = selectors_risks.priority_in(access.partnership, priority_id)
    return render(
        request,
        "strategy/contribution/list.html",
        {
            "page_title": f"Contribution to {priority.title}",
            "breadcrumbs": _crumbs(slug, priority),
            "partnership": access.partnership,
            "access": access,
            "priority": priority,
            "claims": selectors_risks.contribution_claims_for(priority),
        },
    )


def contribution_add(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    priority = selectors_risks.priority_in(access.partnership, priority_id)
    require_edit(access, priority)
    form = ContributionForm(request.POST or None, priority=priority)
    submission = submit(
        form,
        lambda: services.record_contribution(
            priority=priority,
            user=request.user,
            fields=form.service_fields(),
            evidence=form.cleaned_data["evidence"],
        ),
    )
    if submission.succeeded:
        messages.success(request, "Contribution claim recorded.")
        return redirect(_list_url(slug, priority.pk))
    return render(
        request,
        "strategy/contribution/form.html",
        {
            "page_title": f"Record a contribution claim for {priority.title}",
            "breadcrumbs": _crumbs(slug, priority, ("Record a claim", None)),
            "partnership": access.partnership,
            "form": form,
            "cancel_url": _list_url(slug, priority.pk),
        },
    )


def contribution_edit(request: HttpRequest, slug: str, priority_id: int, claim_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    priority = selectors_risks.priority_in(access.partnership, priority_id)
    require_edit(access, priority)
    claim = selectors_risks.contribution_claim_in(priority, claim_id)
    form = ContributionForm(request.POST or None, priority=priority, instance=copy.copy(claim))
    submission = submit(
        form,
        lambda: services.update_contribution(
            claim=claim,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            evidence=form.cleaned_data["evidence"],
        ),
    )
    if submission.succeeded:
        messages.success(request, "Contribution claim saved.")
        return redirect(_list_url(slug, priority.pk))
    return render(
        request,
        "strategy/contribution/form.html",
        {
            "page_title": f"Edit a contribution claim for {priority.title}",
            "breadcrumbs": _crumbs(slug, priority, ("Edit a claim", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _list_url(slug, priority.pk),
        },
        status=submission.status,
    )
