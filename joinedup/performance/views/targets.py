"""Targets of an indicator: the list with pending changes, a target's page with its history,
proposals (one target, a change, a trajectory), decisions, the approvals waiting for the
signed-in user, and who approves each type of target. The Targets panel of the indicator page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.core.audit import history_for
from joinedup.core.conflicts import EditConflict
from joinedup.core.forms import add_service_errors, submit
from joinedup.core.history import history_rows, shown
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.performance import selectors_targets as selectors
from joinedup.performance.forms_targets import (
    ApproverRolesForm,
    DecisionForm,
    TargetValuesForm,
    TrajectoryForm,
    TrajectoryStepsForm,
)
from joinedup.performance.models import Indicator, Target, TargetChange, TargetType
from joinedup.performance.selectors import indicator_in
from joinedup.performance.services import targets as services
from joinedup.performance.targets import Step, target_history, tolerance_amount, trajectory
from joinedup.performance.templatetags.performance_targets import places as format_places


def indicator_url(slug: str, indicator: Indicator) -> str:
    return reverse("performance:indicator", kwargs={"slug": slug, "indicator_id": indicator.pk})


def _targets_url(slug: str, indicator: Indicator) -> str:
    return reverse("performance:targets", kwargs={"slug": slug, "indicator_id": indicator.pk})


def _target_url(slug: str, target: Target) -> str:
    return reverse(
        "performance:target",
        kwargs={"slug": slug, "indicator_id": target.indicator_id, "target_id": target.pk},
    )


def crumbs(slug: str, indicator: Indicator | None, *extra: tuple[str, str | None]) -> list[dict[str, Any]]:
    trail: list[tuple[str, str | None]] = [("Home", reverse("partnerships:home", kwargs={"slug": slug}))]
    if indicator is not None:
        trail.append((f"{indicator.code} {indicator.title}", indicator_url(slug, indicator)))
    trail += extra
    return [{"label": label, "url": url} for label, url in trail]


def _with_decisions(user: Any, changes: Any) -> list[tuple[TargetChange, bool]]:
    changes = list(changes)
    if not changes:
        return []
    roles = services.approver_role_map(changes[0].partnership)
    return [(change, services.may_decide(user, change, roles)) for change in changes]


def home_panel_context(*, partnership: Any, access: PartnershipAccess, **_: Any) -> dict[str, Any] | None:
    """The partnership home's panel of target changes the signed-in user may decide; hidden
    when there are none."""
    mine = [c for c, may in _with_decisions(access.user, selectors.pending_changes(partnership)) if may]
    if not mine:
        return None
    return {"target_decisions_partnership": partnership, "target_decisions": mine}


def _target_rows(targets: list[Target]) -> list[dict[str, Any]]:
    return [
        {
            "target": t,
            "tolerance": tolerance_amount(target=t.value, tolerance=t.tolerance, kind=t.tolerance_kind)
            if t.value is not None
            else None,
        }
        for t in targets
    ]


def targets_panel_context(
    *, indicator: Indicator, access: PartnershipAccess, partnership: Any = None, request: Any = None, **_: Any
) -> dict[str, Any] | None:
    """The "Targets" panel of the indicator page: current targets and changes waiting."""
    partnership = access.partnership
    if indicator.partnership_id not in (None, partnership.pk) or not access.can("partnerships.view"):
        return None
    return {
        "targets_partnership": partnership,
        "targets_indicator": indicator,
        "targets_rows": _target_rows(list(selectors.targets_for(partnership, indicator))),
        "targets_pending": list(selectors.pending_changes(partnership, indicator)),
        "targets_may_edit": access.may_edit,
    }


def targets(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    partnership = access.partnership
    indicator = indicator_in(partnership, indicator_id)
    return render(
        request,
        "performance/targets/list.html",
        {
            "page_title": f"Targets: {indicator.code} {indicator.title}",
            "breadcrumbs": crumbs(slug, indicator, ("Targets", None)),
            "partnership": partnership,
            "access": access,
            "indicator": indicator,
            "rows": _target_rows(list(selectors.targets_for(partnership, indicator))),
            "pending": _with_decisions(request.user, selectors.pending_changes(partnership, indicator)),
        },
    )


def target_detail(request: HttpRequest, slug: str, indicator_id: int, target_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    partnership = access.partnership
    indicator = indicator_in(partnership, indicator_id)
    target = selectors.target_in(partnership, indicator, target_id)
    facts = selectors.change_facts(target)
    return render(
        request,
        "performance/targets/detail.html",
        {
            "page_title": f"Target for {target.area.name} in {target.period.label}",
            "breadcrumbs": crumbs(
                slug, indicator, ("Targets", _targets_url(slug, indicator)), (target.period.label, None)
            ),
            "partnership": partnership,
            "access": access,
            "indicator": indicator,
            "target": target,
            "tolerance": _target_rows([target])[0]["tolerance"],
            "lines": target_history(facts),
            "undecided": [f for f in facts if f.status != "approved"],
            "pending": _with_decisions(
                request.user, selectors.pending_changes(partnership, indicator).filter(target=target)
            ),
            "history": history_rows(
                history_for(target, partnership_id=partnership.pk)[:50],
                show_value=lambda name, value: (
                    _shown(name, value, indicator.decimal_places) if name in _LABELS else shown(value)
                ),
            ),
        },
    )


def target_propose(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    partnership = access.partnership
    indicator = indicator_in(partnership, indicator_id)
    form = TargetValuesForm(request.POST or None, areas=selectors.target_areas(partnership, indicator))
    submission = submit(
        form,
        lambda: services.propose_target(
            partnership=partnership,
            indicator=indicator,
            area=form.cleaned_data["area"],
            period=form.cleaned_data["period"],
            values=form.values(),
            reason=form.cleaned_data["reason"],
            user=request.user,
        ),
    )
    if submission.succeeded:
        messages.success(request, "Target proposed. It applies once it is approved.")
        return redirect(_target_url(slug, submission.result.target))
    return _form_page(request, access, indicator, form, "Propose a target", _targets_url(slug, indicator))


def target_change(request: HttpRequest, slug: str, indicator_id: int, target_id: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    partnership = access.partnership
    indicator = indicator_in(partnership, indicator_id)
    target = selectors.target_in(partnership, indicator, target_id)
    form = TargetValuesForm(request.POST or None, target=target)
    submission = submit(
        form,
        lambda: services.propose_change(
            target=target, values=form.values(), reason=form.cleaned_data["reason"], user=request.user
        ),
    )
    if submission.succeeded:
        messages.success(
            request, "Change proposed. The target keeps its values until the change is approved."
        )
        return redirect(_target_url(slug, target))
    return _form_page(
        request,
        access,
        indicator,
        form,
        f"Propose a change to the target for {target.area.name} in {target.period.label}",
        _target_url(slug, target),
    )


def _form_page(
    request: HttpRequest,
    access: PartnershipAccess,
    indicator: Indicator,
    form: Any,
    title: str,
    cancel_url: str,
    **extra: Any,
) -> HttpResponse:
    slug = access.partnership.slug
    return render(
        request,
        "performance/targets/form.html",
        {
            "page_title": title,
            "breadcrumbs": crumbs(slug, indicator, ("Targets", _targets_url(slug, indicator)), (title, None)),
            "partnership": access.partnership,
            "indicator": indicator,
            "form": form,
            "cancel_url": cancel_url,
            **extra,
        },
    )


def target_trajectory(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    """Step one shows the straight line from baseline to final target; step two proposes the
    values as shown or as edited. Works without JavaScript: both steps are form posts."""
    access = partnership_access(request, slug, "partnerships.edit")
    partnership = access.partnership
    indicator = indicator_in(partnership, indicator_id)
    form = TrajectoryForm(request.POST or None, areas=selectors.target_areas(partnership, indicator))
    steps_form = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        steps = trajectory(
            baseline_period=data["baseline_period"],
            baseline_value=data["baseline_value"],
            final_period=data["final_period"],
            final_value=data["final_value"],
            decimal_places=indicator.decimal_places,
        )
        proposing = request.POST.get("step") == "propose"
        steps_form = TrajectoryStepsForm(request.POST if proposing else None, steps=steps)
        if proposing:
            submission = submit(
                steps_form,
                lambda: services.propose_trajectory(
                    partnership=partnership,
                    indicator=indicator,
                    area=data["area"],
                    steps=[Step(period, value) for period, value in steps_form.values()],
                    values={
                        "target_type": data["target_type"],
                        "baseline_value": data["baseline_value"],
                        "baseline_period": data["baseline_period"],
                        "tolerance": data["tolerance"],
                        "tolerance_kind": data["tolerance_kind"],
                    },
                    reason=data["reason"],
                    user=request.user,
                ),
            )
            if submission.succeeded:
                messages.success(
                    request, f"{len(submission.result)} targets proposed. They apply once they are approved."
                )
                return redirect(_targets_url(slug, indicator))
    return _form_page(
        request,
        access,
        indicator,
        form,
        "Propose a trajectory of targets",
        _targets_url(slug, indicator),
        steps_form=steps_form,
        template_note=(
            "Enter the baseline and the final target. The next page proposes one target for each "
            "period in between, on a straight line; you can change any of them before proposing."
        ),
    )


def target_decide(request: HttpRequest, slug: str, indicator_id: int, change_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    partnership = access.partnership
    indicator = indicator_in(partnership, indicator_id)
    change = selectors.change_in(partnership, indicator, change_id)
    if not services.may_decide(request.user, change):
        raise PermissionDenied
    target = change.target
    own = change.proposed_by_id == request.user.pk
    form = DecisionForm(request.POST or None, may_approve=not own, initial={"version": target.version})
    conflict = False
    if change.status != TargetChange.Status.PROPOSED:
        form = None
    elif form.is_bound and form.is_valid():
        try:
            decided = services.decide_change(
                change=change,
                user=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            # The target changed since the page was opened: show the new values, ask again.
            conflict = True
            target = error.current
            form = DecisionForm(may_approve=not own, initial={**form.cleaned_data, "version": target.version})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            verb = "approved" if decided.status == TargetChange.Status.APPROVED else "rejected"
            messages.success(request, f"Change {verb}.")
            return redirect(_target_url(slug, target))
    places = indicator.decimal_places
    rows = [
        (name, _field_label(name), services.current_values(target).get(name), change.proposed.get(name))
        for name in services.CHANGE_FIELDS
    ]
    return render(
        request,
        "performance/targets/decide.html",
        {
            "page_title": f"Decide on a change to the target for {target.area.name} in {target.period.label}",
            "breadcrumbs": crumbs(
                slug,
                indicator,
                ("Targets", _targets_url(slug, indicator)),
                (target.period.label, _target_url(slug, target)),
                ("Decide", None),
            ),
            "partnership": partnership,
            "indicator": indicator,
            "change": change,
            "target": target,
            "rows": [
                (label, _shown(name, now, places), _shown(name, then, places), now != then)
                for name, label, now, then in rows
            ],
            "form": form,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


_LABELS = {
    "value": "Target value",
    "target_type": "Type of target",
    "baseline_value": "Baseline value",
    "baseline_period": "Baseline period",
    "without_intervention": "Expected without intervention",
    "tolerance": "Amber tolerance",
    "tolerance_kind": "The tolerance is",
}


def _field_label(name: str) -> str:
    return _LABELS[name]


def _shown(name: str, value: Any, places: int) -> str:
    if value is None or value == "":
        return "Not set"
    if name == "target_type":
        return str(TargetType(value).label)
    if name == "tolerance_kind":
        return {"absolute": "In the indicator's units", "percent": "As a percentage of the target"}.get(
            value, value
        )
    if name == "baseline_period":
        return selectors.period_from_url(value).label
    if not isinstance(value, int | float):
        return str(value)
    if name == "tolerance":
        return f"{value:g}"
    return format_places(value, places)


def approvals(request: HttpRequest, slug: str) -> HttpResponse:
    """Changes waiting for approval across the partnership's indicators."""
    access = partnership_access(request, slug)
    partnership = access.partnership
    pending = _with_decisions(request.user, selectors.pending_changes(partnership))
    return render(
        request,
        "performance/targets/approvals.html",
        {
            "page_title": "Target changes waiting for approval",
            "breadcrumbs": crumbs(slug, None, ("Target changes waiting for approval", None)),
            "partnership": partnership,
            "access": access,
            "pending": pending,
            "mine": [c for c, may in pending if may],
        },
    )


def approval_settings(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.manage")
    partnership = access.partnership
    current = {t: services.approver_role(partnership, t) for t in TargetType.values}
    form = ApproverRolesForm(request.POST or None, current=current)
    submission = submit(
        form,
        lambda: services.set_approver_roles(
            partnership=partnership, user=request.user, roles=form.cleaned_data
        ),
    )
    if submission.succeeded:
        messages.success(request, "Approvers saved.")
        return redirect(reverse("performance:target_approvals", kwargs={"slug": slug}))
    return render(
        request,
        "performance/targets/settings.html",
        {
            "page_title": "Who approves changes to targets",
            "breadcrumbs": crumbs(slug, None, ("Who approves changes to targets", None)),
            "partnership": partnership,
            "form": form,
        },
    )
