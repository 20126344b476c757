"""Self-assessment settings, for coordinators: the smallest group shown and the maturity
rule, the target maturity per element, and (admins only) who coordinates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.assessment import rules
from joinedup.assessment import selectors_settings as selectors
from joinedup.assessment.forms_settings import CoordinatorForm, SettingsForm, TargetsForm
from joinedup.assessment.models import AssessmentSettings, Coordinator
from joinedup.assessment.services import settings as services
from joinedup.core.evidence import ELEMENTS
from joinedup.core.forms import submit
from joinedup.partnerships.access import PartnershipAccess, partnership_access

VIEW = "partnerships.view"
FORM = "assessment/settings/form.html"


def _url(name: str, slug: str) -> str:
    return reverse(f"assessment:{name}", kwargs={"slug": slug})


def _crumbs(slug: str, label: str) -> list[dict[str, Any]]:
    return [
        {"label": "Self-assessment settings", "url": _url("settings", slug)},
        {"label": label, "url": None},
    ]


def _require_admin(access: PartnershipAccess) -> None:
    if not rules.may_manage_coordinators(access):
        raise PermissionDenied


def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    current = selectors.settings_for(access.partnership)
    return render(
        request,
        "assessment/settings/settings.html",
        {
            "page_title": "Self-assessment settings",
            "partnership": access.partnership,
            "current": current,
            "targets": [(title, current.target_label(key)) for key, title in ELEMENTS.items()],
            "coordinators": selectors.coordinators_of(access.partnership),
            "may_manage_coordinators": rules.may_manage_coordinators(access),
        },
    )


def _form_page(
    request: HttpRequest,
    access: PartnershipAccess,
    *,
    title: str,
    form: Any,
    submission: Any,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        FORM,
        {
            "page_title": title,
            "breadcrumbs": _crumbs(access.partnership.slug, title),
            "partnership": access.partnership,
            "form": form,
            "intro": intro,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _url("settings", access.partnership.slug),
        },
        status=submission.status,
    )


def settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    current = selectors.settings_for(access.partnership)
    instance = getattr(access.partnership, "assessment_settings", None) if current.version else None
    form = SettingsForm(request.POST or None, current=current, instance=instance or AssessmentSettings())
    submission = submit(
        form,
        lambda: services.update_settings(
            partnership=access.partnership,
            min_group_size=form.cleaned_data["min_group_size"],
            maturity_rule=form.maturity_rule(),
            user=request.user,
            expected_version=form.expected_version,
        ),
    )
    if submission.succeeded:
        messages.success(request, "Self-assessment settings saved.")
        return redirect(_url("settings", slug))
    return _form_page(
        request,
        access,
        title="Anonymity and maturity rule",
        form=form,
        submission=submission,
        intro="The default maturity rule: a mean score below 0.5 is networking, below 1.0 coordination, "
        "below 1.5 cooperation, otherwise collaboration; never above cooperation while any question of "
        "the element is perceived “not in place”.",
    )


def targets_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    current = selectors.settings_for(access.partnership)
    form = TargetsForm(request.POST or None, current=current)
    submission = submit(
        form,
        lambda: services.set_targets(
            partnership=access.partnership,
            targets=form.targets(),
            expected_versions=form.expected_versions(),
            user=request.user,
        ),
    )
    if submission.succeeded:
        messages.success(request, "Target maturity saved.")
        return redirect(_url("settings", slug))
    return _form_page(
        request,
        access,
        title="Target maturity",
        form=form,
        submission=submission,
        intro="The maturity the partnership aims for on each element: networking, coordination, "
        "cooperation or collaboration. Results show each element's maturity beside its target.",
    )


def coordinators(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    _require_admin(access)
    form = CoordinatorForm(request.POST or None, choices=selectors.coordinator_choices(access.partnership))
    submission = submit(
        form,
        lambda: services.add_coordinator(
            partnership=access.partnership,
            user_id=form.cleaned_data["user"],
            by=request.user,
        ),
    )
    if submission.succeeded:
        messages.success(request, "Coordinator named.")
        return redirect(_url("coordinators", slug))
    return render(
        request,
        "assessment/settings/coordinators.html",
        {
            "page_title": "Self-assessment coordinators",
            "breadcrumbs": _crumbs(slug, "Coordinators"),
            "partnership": access.partnership,
            "coordinators": selectors.coordinators_of(access.partnership),
            "form": form,
            "has_choices": bool(form.fields["user"].choices),  # type: ignore[attr-defined]
        },
        status=submission.status,
    )


@require_POST
def coordinator_remove(request: HttpRequest, slug: str, coordinator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    _require_admin(access)
    try:
        coordinator = selectors.coordinator_in(access.partnership, coordinator_id)
    except Coordinator.DoesNotExist as missing:
        raise Http404("No such coordinator") from missing
    services.remove_coordinator(coordinator=coordinator, by=request.user)
    messages.success(request, f"{coordinator.user.email} no longer coordinates self-assessment.")
    return redirect(_url("coordinators", slug))
