"""Themes (priorities), their outcomes and objectives, and the evidence behind them.

Each view checks partnership access first, then the theme-lead rule
(`rules.may_edit_priority`): editors and admins edit every theme, a theme lead their own.
Adding, moving and deleting themes, and naming theme leads, are for editors and admins.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from joinedup.core.audit import history_for, history_for_all
from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.core.uploads import attachment_response
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.strategy import presenters, selectors
from joinedup.strategy.forms.strategy import (
    EvidenceEditForm,
    EvidenceForm,
    ObjectiveEditForm,
    ObjectiveForm,
    OutcomeEditForm,
    OutcomeForm,
    PriorityEditForm,
    PriorityForm,
)
from joinedup.strategy.rules import may_edit_priority
from joinedup.strategy.services import strategy as services

T = "strategy/"


def _priority(access: PartnershipAccess, pk: int):
    priority = selectors.priority_in(access.partnership, pk)
    if priority is None:
        raise Http404("No such theme")
    return priority


def _outcome(access: PartnershipAccess, pk: int):
    outcome = selectors.outcome_in(access.partnership, pk)
    if outcome is None:
        raise Http404("No such outcome")
    return outcome


def _objective(access: PartnershipAccess, pk: int):
    objective = selectors.objective_in(access.partnership, pk)
    if objective is None:
        raise Http404("No such objective")
    return objective


def _evidence(access: PartnershipAccess, pk: int):
    evidence = selectors.evidence_in(access.partnership, pk)
    if evidence is None:
        raise Http404("No such evidence")
    return evidence


def _require_theme_edit(access: PartnershipAccess, priority) -> None:
    if not may_edit_priority(access.user, priority):
        raise PermissionDenied


def _post_only(request: HttpRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _render_form(request, access, template, *, status=200, **context):
    return render(request, T + template, {"partnership": access.partnership, **context}, status=status)


# --- themes ---------------------------------------------------------------------------------


def theme_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    priority = _priority(access, pk)
    detail = selectors.priority_detail(priority)
    return render(
        request,
        T + "theme_detail.html",
        {
            "page_title": priority.title,
            "partnership": access.partnership,
            "label": presenters.strategy_label(access.partnership),
            "priority": priority,
            **detail,
            "may_edit": may_edit_priority(access.user, priority),
            "access": access,
            "board_roles": presenters.BOARD_ROLE_SHORT,
            "history": history_rows(history_for(priority, partnership_id=access.partnership.pk)[:50]),
        },
    )


def theme_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    strategy = selectors.strategy_in(access.partnership, pk)
    if strategy is None:
        raise Http404("No such strategy")
    form = PriorityForm(request.POST or None, partnership=access.partnership)
    submission = submit(
        form,
        lambda: services.create_priority(
            strategy=strategy, user=request.user, values=form.values(), theme_leads=form.chosen_leads or []
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Added the theme {submission.result.title}")
        return redirect("strategy:theme", slug=slug, pk=submission.result.pk)
    return _render_form(
        request,
        access,
        "theme_form.html",
        page_title="Add a theme",
        form=form,
        strategy=strategy,
        priority=None,
    )


def theme_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    priority = _priority(access, pk)
    _require_theme_edit(access, priority)
    kwargs = {"partnership": access.partnership, "instance": priority, "may_assign_leads": access.may_edit}
    form = PriorityEditForm(request.POST or None, **kwargs)
    submission = submit(
        form,
        lambda: services.update_priority(
            priority=priority,
            user=request.user,
            expected_version=form.expected_version,
            changes=form.values(),
            theme_leads=form.chosen_leads,
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Saved {priority.title}")
        return redirect("strategy:theme", slug=slug, pk=priority.pk)
    if submission.conflict_rows:
        priority.refresh_from_db()
    return _render_form(
        request,
        access,
        "theme_form.html",
        status=submission.status,
        page_title=f"Change {priority.title}",
        form=form,
        strategy=priority.strategy,
        priority=priority,
        conflict_rows=submission.conflict_rows,
    )


def theme_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    priority = _priority(access, pk)
    if (not_allowed := _post_only(request)) is not None:
        return not_allowed
    services.move_priority(
        priority=priority, user=request.user, direction=request.POST.get("direction", "up")
    )
    return redirect("strategy:strategy", slug=slug)


def theme_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    priority = _priority(access, pk)
    uses = services.priority_uses(priority)
    if request.method == "POST" and not uses:
        services.delete_priority(priority=priority, user=request.user)
        messages.success(request, f"Deleted the theme {priority.title}")
        return redirect("strategy:strategy", slug=slug)
    return _render_form(
        request,
        access,
        "delete.html",
        page_title=f"Delete {priority.title}",
        what="theme",
        obj=priority,
        uses=uses,
        back=("strategy:theme", priority.pk),
    )


# --- outcomes -------------------------------------------------------------------------------


def outcome_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    outcome = _outcome(access, pk)
    detail = selectors.outcome_detail(outcome)
    entries = history_for_all([outcome, *detail["objectives"]], partnership_id=access.partnership.pk)
    return render(
        request,
        T + "outcome_detail.html",
        {
            "page_title": outcome.title,
            "partnership": access.partnership,
            "outcome": outcome,
            "priority": outcome.priority,
            **detail,
            "may_edit": may_edit_priority(access.user, outcome.priority),
            "history": history_rows(entries[:50]),
        },
    )


def outcome_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    priority = _priority(access, pk)
    _require_theme_edit(access, priority)
    form = OutcomeForm(request.POST or None, partnership=access.partnership)
    submission = submit(
        form, lambda: services.create_outcome(priority=priority, user=request.user, values=form.values())
    )
    if submission.succeeded:
        messages.success(request, "Added the outcome")
        return redirect("strategy:outcome", slug=slug, pk=submission.result.pk)
    return _render_form(
        request, access, "outcome_form.html", page_title="Add an outcome", form=form, priority=priority
    )


def outcome_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    outcome = _outcome(access, pk)
    _require_theme_edit(access, outcome.priority)
    form = OutcomeEditForm(request.POST or None, partnership=access.partnership, instance=outcome)
    submission = submit(
        form,
        lambda: services.update_outcome(
            outcome=outcome, user=request.user, expected_version=form.expected_version, changes=form.values()
        ),
    )
    if submission.succeeded:
        messages.success(request, "Saved the outcome")
        return redirect("strategy:outcome", slug=slug, pk=outcome.pk)
    if submission.conflict_rows:
        outcome.refresh_from_db()
    return _render_form(
        request,
        access,
        "outcome_form.html",
        status=submission.status,
        page_title="Change the outcome",
        form=form,
        priority=outcome.priority,
        outcome=outcome,
        conflict_rows=submission.conflict_rows,
    )


def outcome_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    outcome = _outcome(access, pk)
    _require_theme_edit(access, outcome.priority)
    if (not_allowed := _post_only(request)) is not None:
        return not_allowed
    services.move_outcome(outcome=outcome, user=request.user, direction=request.POST.get("direction", "up"))
    return redirect("strategy:theme", slug=slug, pk=outcome.priority_id)


def outcome_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    outcome = _outcome(access, pk)
    _require_theme_edit(access, outcome.priority)
    uses = services.outcome_uses(outcome)
    if request.method == "POST" and not uses:
        services.delete_outcome(outcome=outcome, user=request.user)
        messages.success(request, "Deleted the outcome")
        return redirect("strategy:theme", slug=slug, pk=outcome.priority_id)
    return _render_form(
        request,
        access,
        "delete.html",
        page_title="Delete the outcome",
        what="outcome",
        obj=outcome,
        uses=uses,
        back=("strategy:outcome", outcome.pk),
    )


# --- objectives -----------------------------------------------------------------------------


def objective_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    outcome = _outcome(access, pk)
    _require_theme_edit(access, outcome.priority)
    form = ObjectiveForm(request.POST or None)
    submission = submit(
        form, lambda: services.create_objective(outcome=outcome, user=request.user, values=form.values())
    )
    if submission.succeeded:
        messages.success(request, "Added the objective")
        return redirect("strategy:outcome", slug=slug, pk=outcome.pk)
    return _render_form(
        request, access, "objective_form.html", page_title="Add an objective", form=form, outcome=outcome
    )


def objective_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    objective = _objective(access, pk)
    _require_theme_edit(access, objective.outcome.priority)
    form = ObjectiveEditForm(request.POST or None, instance=objective)
    submission = submit(
        form,
        lambda: services.update_objective(
            objective=objective,
            user=request.user,
            expected_version=form.expected_version,
            changes=form.values(),
        ),
    )
    if submission.succeeded:
        messages.success(request, "Saved the objective")
        return redirect("strategy:outcome", slug=slug, pk=objective.outcome_id)
    if submission.conflict_rows:
        objective.refresh_from_db()
    return _render_form(
        request,
        access,
        "objective_form.html",
        status=submission.status,
        page_title="Change the objective",
        form=form,
        outcome=objective.outcome,
        objective=objective,
        conflict_rows=submission.conflict_rows,
    )


def objective_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    objective = _objective(access, pk)
    _require_theme_edit(access, objective.outcome.priority)
    if (not_allowed := _post_only(request)) is not None:
        return not_allowed
    services.move_objective(
        objective=objective, user=request.user, direction=request.POST.get("direction", "up")
    )
    return redirect("strategy:outcome", slug=slug, pk=objective.outcome_id)


def objective_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    objective = _objective(access, pk)
    _require_theme_edit(access, objective.outcome.priority)
    if request.method == "POST":
        services.delete_objective(objective=objective, user=request.user)
        messages.success(request, "Deleted the objective")
        return redirect("strategy:outcome", slug=slug, pk=objective.outcome_id)
    return _render_form(
        request,
        access,
        "delete.html",
        page_title="Delete the objective",
        what="objective",
        obj=objective,
        uses=[],
        back=("strategy:outcome", objective.outcome_id),
    )


# --- evidence -------------------------------------------------------------------------------


def _evidence_owner_priority(evidence):
    return evidence.priority if evidence.priority_id else evidence.outcome.priority


def _evidence_back(evidence) -> tuple[str, int]:
    return (
        ("strategy:theme", evidence.priority_id)
        if evidence.priority_id
        else ("strategy:outcome", evidence.outcome_id)
    )


def _evidence_add(request, access, *, priority=None, outcome=None) -> HttpResponse:
    theme = priority or outcome.priority
    _require_theme_edit(access, theme)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    submission = submit(
        form,
        lambda: services.add_evidence(
            user=request.user,
            values=form.values(),
            priority=priority,
            outcome=outcome,
            upload=form.cleaned_data.get("document_upload") or None,
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Attached {submission.result.title}")
        if outcome is not None:
            return redirect("strategy:outcome", slug=access.partnership.slug, pk=outcome.pk)
        return redirect("strategy:theme", slug=access.partnership.slug, pk=priority.pk)
    back = ("strategy:outcome", outcome.pk) if outcome is not None else ("strategy:theme", priority.pk)
    return _render_form(
        request,
        access,
        "evidence_form.html",
        page_title="Attach evidence",
        form=form,
        owner=outcome or priority,
        back=back,
    )


def evidence_add_theme(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    return _evidence_add(request, access, priority=_priority(access, pk))


def evidence_add_outcome(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    return _evidence_add(request, access, outcome=_outcome(access, pk))


def evidence_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    evidence = _evidence(access, pk)
    _require_theme_edit(access, _evidence_owner_priority(evidence))
    form = EvidenceEditForm(request.POST or None, request.FILES or None, instance=evidence)
    submission = submit(
        form,
        lambda: services.update_evidence(
            evidence=evidence,
            user=request.user,
            expected_version=form.expected_version,
            changes=form.values(),
            upload=form.cleaned_data.get("document_upload") or None,
        ),
    )
    back = _evidence_back(evidence)
    if submission.succeeded:
        messages.success(request, f"Saved {evidence.title}")
        return redirect(back[0], slug=slug, pk=back[1])
    if submission.conflict_rows:
        evidence.refresh_from_db()
    return _render_form(
        request,
        access,
        "evidence_form.html",
        status=submission.status,
        page_title=f"Change {evidence.title}",
        form=form,
        evidence=evidence,
        owner=evidence.priority or evidence.outcome,
        back=back,
        conflict_rows=submission.conflict_rows,
        history=history_rows(history_for(evidence, partnership_id=access.partnership.pk)[:50]),
    )


def evidence_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = partnership_access(request, slug)
    evidence = _evidence(access, pk)
    _require_theme_edit(access, _evidence_owner_priority(evidence))
    back = _evidence_back(evidence)
    if request.method == "POST":
        services.delete_evidence(evidence=evidence, user=request.user)
        messages.success(request, f"Removed {evidence.title}")
        return redirect(back[0], slug=slug, pk=back[1])
    return _render_form(
        request,
        access,
        "delete.html",
        page_title=f"Remove {evidence.title}",
        what="evidence",
        obj=evidence,
        uses=[],
        back=back,
    )


def evidence_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The evidence's file, to anyone who may read the partnership's strategy."""
    access = partnership_access(request, slug)
    evidence = _evidence(access, pk)
    if evidence.document is None:
        raise Http404("This evidence has no file")
    return attachment_response(evidence.document)
