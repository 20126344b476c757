"""Commentary on an indicator, one per period: the list, a period's commentary with its
history, writing and editing (conflict-safe). The Commentary panel of the indicator page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.core.audit import history_for
from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.performance import selectors_targets as selectors
from joinedup.performance.forms_targets import CommentaryForm
from joinedup.performance.models import Commentary, Indicator
from joinedup.performance.selectors import indicator_in
from joinedup.performance.services import commentary as services
from joinedup.performance.views.targets import crumbs


def _list_url(slug: str, indicator: Indicator) -> str:
    return reverse("performance:commentaries", kwargs={"slug": slug, "indicator_id": indicator.pk})


def _url(slug: str, commentary: Commentary) -> str:
    return reverse(
        "performance:commentary",
        kwargs={"slug": slug, "indicator_id": commentary.indicator_id, "period": commentary.period.code},
    )


def commentary_panel_context(
    *, indicator: Indicator, access: PartnershipAccess, request: Any = None, **_: Any
) -> dict[str, Any] | None:
    """The "Commentary" panel of the indicator page: the latest commentary and a link to the rest."""
    partnership = access.partnership
    if indicator.partnership_id not in (None, partnership.pk) or not access.can("partnerships.view"):
        return None
    return {
        "commentary_partnership": partnership,
        "commentary_indicator": indicator,
        "commentary_latest": selectors.commentaries_for(partnership, indicator).first(),
        "commentary_may_edit": access.may_edit,
    }


def commentaries(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    partnership = access.partnership
    indicator = indicator_in(partnership, indicator_id)
    return render(
        request,
        "performance/commentary/list.html",
        {
            "page_title": f"Commentary: {indicator.code} {indicator.title}",
            "breadcrumbs": crumbs(slug, indicator, ("Commentary", None)),
            "partnership": partnership,
            "access": access,
            "indicator": indicator,
            "commentaries": selectors.commentaries_for(partnership, indicator),
        },
    )


def commentary_detail(request: HttpRequest, slug: str, indicator_id: int, period: str) -> HttpResponse:
    access = partnership_access(request, slug)
    partnership = access.partnership
    indicator = indicator_in(partnership, indicator_id)
    commentary = selectors.commentary_in(partnership, indicator, selectors.period_from_url(period))
    return render(
        request,
        "performance/commentary/detail.html",
        {
            "page_title": f"Commentary for {commentary.period.label}",
            "breadcrumbs": crumbs(
                slug, indicator, ("Commentary", _list_url(slug, indicator)), (commentary.period.label, None)
            ),
            "partnership": partnership,
            "access": access,
            "indicator": indicator,
            "commentary": commentary,
            "history": history_rows(history_for(commentary, partnership_id=partnership.pk)[:50]),
        },
    )


def _write(
    request: HttpRequest, access: PartnershipAccess, indicator: Indicator, commentary: Commentary | None
) -> HttpResponse:
    partnership = access.partnership
    slug = partnership.slug
    form = CommentaryForm(
        request.POST or None, actions=partnership.actions.order_by("title"), commentary=commentary
    )
    submission = submit(
        form,
        lambda: services.save_commentary(
            partnership=partnership,
            indicator=indicator,
            period=commentary.period if commentary is not None else form.cleaned_data["period"],
            user=request.user,
            happening=form.cleaned_data["happening"],
            doing=form.cleaned_data["doing"],
            actions=form.cleaned_data["actions"],
            expected_version=form.expected_version,
        ),
    )
    if submission.succeeded:
        messages.success(request, "Commentary saved.")
        return redirect(_url(slug, submission.result))
    title = (
        f"Edit the commentary for {commentary.period.label}" if commentary is not None else "Write commentary"
    )
    cancel = _url(slug, commentary) if commentary is not None else _list_url(slug, indicator)
    return render(
        request,
        "performance/commentary/form.html",
        {
            "page_title": title,
            "breadcrumbs": crumbs(slug, indicator, ("Commentary", _list_url(slug, indicator)), (title, None)),
            "partnership": partnership,
            "indicator": indicator,
            "form": form,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": cancel,
        },
        status=submission.status,
    )


def commentary_add(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    indicator = indicator_in(access.partnership, indicator_id)
    return _write(request, access, indicator, None)


def commentary_edit(request: HttpRequest, slug: str, indicator_id: int, period: str) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    indicator = indicator_in(access.partnership, indicator_id)
    commentary = selectors.commentary_in(access.partnership, indicator, selectors.period_from_url(period))
    return _write(request, access, indicator, commentary)
