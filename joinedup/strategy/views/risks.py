"""The risk register: list with its 5×5 matrix, add, edit, review, close, and exports of the
register and the action plan."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.core import exports
from joinedup.core.audit import history_for
from joinedup.core.exports import Column
from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.strategy import risk_analysis, rules, selectors_risks
from joinedup.strategy.forms.risks import RiskEditForm, RiskForm, RiskReviewForm
from joinedup.strategy.models import Priority, Risk
from joinedup.strategy.services import risks as services


def require_edit(access: PartnershipAccess, about: Any = None) -> None:
    """The one check for writes to risks and contribution claims: editors and admins, or
    the lead of the theme a risk (`Risk`) or claim (its `Priority`) is about
    (joinedup.strategy.rules). Adding a risk with nothing to attach it to stays with
    editors and admins. Outsiders were already turned away by `partnership_access`."""
    if access.can("partnerships.edit"):
        return
    user = access.user
    if isinstance(about, Risk) and rules.may_edit_risk(user, about):
        return
    if isinstance(about, Priority) and rules.may_edit_priority(user, about):
        return
    raise PermissionDenied


def _register_url(slug: str) -> str:
    return reverse("strategy:risks", kwargs={"slug": slug})


def _risk_url(slug: str, risk_id: int) -> str:
    return reverse("strategy:risk", kwargs={"slug": slug, "risk_id": risk_id})


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    """Home › Strategy › Risk register › extra..., as the breadcrumbs component reads them."""
    trail: list[tuple[str, str | None]] = [
        ("Home", reverse("partnerships:home", kwargs={"slug": slug})),
        ("Strategy", reverse("strategy:strategy", kwargs={"slug": slug})),
        ("Risk register", _register_url(slug) if extra else None),
        *extra,
    ]
    return [{"label": label, "url": url} for label, url in trail]


def risk_register(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    partnership = access.partnership
    today = timezone.localdate()
    filters = selectors_risks.RiskFilters.from_query(request.GET)
    risks = list(selectors_risks.risks_in(partnership, filters, today=today, cell=False))
    in_cell = [
        r
        for r in risks
        if (filters.likelihood is None or r.likelihood == filters.likelihood)
        and (filters.impact is None or r.impact == filters.impact)
    ]
    rows = sorted(
        (selectors_risks.risk_row(r, today=today) for r in in_cell),
        key=lambda row: (-row.score, row.risk.title),
    )
    matrix = risk_analysis.matrix((r.likelihood, r.impact) for r in risks)
    return render(
        request,
        "strategy/risks/register.html",
        {
            "page_title": "Risk register",
            "breadcrumbs": _crumbs(slug),
            "partnership": partnership,
            "access": access,
            "rows": rows,
            "matrix": matrix,
            "impact_words": [(n, risk_analysis.IMPACT_WORDS[n]) for n in risk_analysis.SCALE],
            "filters": filters,
            "outcomes": partnership.outcomes.all(),
            "programmes": partnership.programmes.all(),
            "overdue_count": sum(1 for row in rows if row.review_overdue),
        },
    )


def risk_detail(request: HttpRequest, slug: str, risk_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    risk = selectors_risks.risk_in(access.partnership, risk_id)
    return render(
        request,
        "strategy/risks/detail.html",
        {
            "page_title": risk.title,
            "breadcrumbs": _crumbs(slug, (risk.title, None)),
            "partnership": access.partnership,
            "access": access,
            "row": selectors_risks.risk_row(risk, today=timezone.localdate()),
            "risk": risk,
            "history": history_rows(history_for(risk, partnership_id=risk.partnership_id)[:50]),
        },
    )


def risk_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    require_edit(access)
    partnership = access.partnership
    initial = {}
    for name in ("outcome", "programme"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    form = RiskForm(request.POST or None, partnership=partnership, initial=initial)
    submission = submit(
        form,
        lambda: services.create_risk(
            partnership=partnership, user=request.user, fields=form.service_fields()
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Risk '{submission.result.title}' added.")
        return redirect(_risk_url(slug, submission.result.pk))
    return render(
        request,
        "strategy/risks/form.html",
        {
            "page_title": "Add a risk",
            "breadcrumbs": _crumbs(slug, ("Add a risk", None)),
            "partnership": partnership,
            "form": form,
            "cancel_url": _register_url(slug),
        },
    )


def risk_edit(request: HttpRequest, slug: str, risk_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    risk = selectors_risks.risk_in(access.partnership, risk_id)
    require_edit(access, risk)
    form = RiskEditForm(
        request.POST or None,
        partnership=access.partnership,
        instance=copy.copy(risk),
        led_priority_ids=rules.restricted_priority_ids(request.user, access.partnership),
    )
    if form.is_bound and form.is_valid():
        # The form limits the choices; this holds the rule against the values posted.
        data = form.cleaned_data
        if not rules.may_place_risk(
            request.user, risk, outcome=data.get("outcome"), programme=data.get("programme")
        ):
            raise PermissionDenied
    submission = submit(
        form,
        lambda: services.update_risk(
            risk=risk, user=request.user, expected_version=form.expected_version, fields=form.service_fields()
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Risk '{risk.title}' saved.")
        return redirect(_risk_url(slug, risk.pk))
    return render(
        request,
        "strategy/risks/form.html",
        {
            "page_title": f"Edit risk: {risk.title}",
            "breadcrumbs": _crumbs(slug, (risk.title, _risk_url(slug, risk.pk)), ("Edit", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _risk_url(slug, risk.pk),
        },
        status=submission.status,
    )


def risk_review(request: HttpRequest, slug: str, risk_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    risk = selectors_risks.risk_in(access.partnership, risk_id)
    require_edit(access, risk)
    form = RiskReviewForm(request.POST or None, instance=copy.copy(risk))
    submission = submit(
        form,
        lambda: services.review_risk(
            risk=risk,
            user=request.user,
            expected_version=form.expected_version,
            likelihood=form.cleaned_data["likelihood"],
            impact=form.cleaned_data["impact"],
            mitigations=form.cleaned_data["mitigations"],
            next_review_on=form.cleaned_data["review_on"],
            note=form.cleaned_data["note"],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Review of '{risk.title}' recorded.")
        return redirect(_risk_url(slug, risk.pk))
    return render(
        request,
        "strategy/risks/form.html",
        {
            "page_title": f"Review risk: {risk.title}",
            "breadcrumbs": _crumbs(slug, (risk.title, _risk_url(slug, risk.pk)), ("Review", None)),
            "partnership": access.partnership,
            "form": form,
            "intro": f"The score now is {risk.score}. Saving records it as the score at the last review.",
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _risk_url(slug, risk.pk),
        },
        status=submission.status,
    )


def risk_close(request: HttpRequest, slug: str, risk_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    risk = selectors_risks.risk_in(access.partnership, risk_id)
    require_edit(access, risk)
    if request.method == "POST" and risk.closed_on is None:
        services.close_risk(risk=risk, user=request.user)
        messages.success(request, f"Risk '{risk.title}' closed.")
        return redirect(_risk_url(slug, risk.pk))
    return render(
        request,
        "strategy/risks/close.html",
        {
            "page_title": f"Close risk: {risk.title}",
            "breadcrumbs": _crumbs(slug, (risk.title, _risk_url(slug, risk.pk)), ("Close", None)),
            "partnership": access.partnership,
            "risk": risk,
            "cancel_url": _risk_url(slug, risk.pk),
        },
    )


RISK_COLUMNS = (
    Column("Risk", width=40),
    Column("Linked to", width=40),
    Column("Cause", width=30),
    Column("Effect", width=30),
    Column("Owner organisation"),
    Column("Likelihood", "integer"),
    Column("Impact", "integer"),
    Column("Score", "integer"),
    Column("Rating"),
    Column("Previous score", "integer"),
    Column("Change since last review"),
    Column("Target likelihood", "integer"),
    Column("Target impact", "integer"),
    Column("Target score", "integer"),
    Column("Mitigations", width=40),
    Column("Review date", "date"),
    Column("Review overdue"),
    Column("Escalates to"),
    Column("Closed on", "date"),
)

ACTION_PLAN_COLUMNS = (
    Column("Programme", width=30),
    Column("Action", width=40),
    Column("Description", width=40),
    Column("Lead organisation"),
    Column("Lead person"),
    Column("Start", "date"),
    Column("Due", "date"),
    Column("Status"),
    Column("Percent complete", "percent", places=0),
    Column("Computed RAG"),
    Column("Last update", "date"),
)


def _format(request: HttpRequest) -> str:
    return "csv" if request.GET.get("format") == "csv" else "xlsx"


def risks_export(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    today = timezone.localdate()
    filters = selectors_risks.RiskFilters.from_query(request.GET)
    risks = selectors_risks.risks_in(access.partnership, filters, today=today)
    return exports.export_response(
        RISK_COLUMNS,
        selectors_risks.risk_export_rows(risks, today=today),
        filename=f"{access.partnership.name} risk register {today:%Y-%m-%d}",
        format=_format(request),  # type: ignore[arg-type]
        sheet_title="Risk register",
    )


def action_plan_export(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    today = timezone.localdate()
    return exports.export_response(
        ACTION_PLAN_COLUMNS,
        selectors_risks.action_plan_rows(access.partnership, today=today),
        filename=f"{access.partnership.name} action plan {today:%Y-%m-%d}",
        format=_format(request),  # type: ignore[arg-type]
        sheet_title="Action plan",
    )
