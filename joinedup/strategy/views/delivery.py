"""Delivery pages: programmes, their actions, milestones and progress updates."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.strategy import analysis, rules
from joinedup.strategy import presenters_delivery as presenters
from joinedup.strategy import selectors_delivery as selectors
from joinedup.strategy.forms import delivery as forms
from joinedup.strategy.models import Programme
from joinedup.strategy.services import delivery as services

VIEW = "partnerships.view"


def _may_edit(access: PartnershipAccess, programme: Programme | None) -> bool:
    return services.may_edit_programme(access.user, programme, partnership=access.partnership)


def _require_edit(access: PartnershipAccess, programme: Programme | None) -> None:
    if not _may_edit(access, programme):
        raise PermissionDenied


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    crumbs: list[dict[str, str | None]] = [
        {"label": "Strategy", "url": reverse("strategy:strategy", kwargs={"slug": slug})},
        {"label": "Programmes", "url": reverse("strategy:programmes", kwargs={"slug": slug})},
    ]
    return crumbs + [{"label": label, "url": url} for label, url in extra]


def _programme_url(slug: str, programme_id: int) -> str:
    return reverse("strategy:programme", kwargs={"slug": slug, "programme_id": programme_id})


def _action_url(slug: str, action_id: int) -> str:
    return reverse("strategy:action", kwargs={"slug": slug, "action_id": action_id})


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404(f"No such {name}")
    return int(value)


# --- programmes ---------------------------------------------------------------------------------


def programmes(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    return render(
        request,
        "strategy/delivery/programmes.html",
        {
            "page_title": "Programmes",
            "breadcrumbs": [*_crumbs(slug)[:1], {"label": "Programmes", "url": None}],
            "partnership": access.partnership,
            "access": access,
            "programmes": selectors.programmes_for(access.partnership),
            "may_edit": _may_edit(access, None),
        },
    )


def programme_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    _require_edit(access, None)
    partnership = access.partnership
    form = forms.ProgrammeForm(request.POST or None, partnership=partnership)
    submission = submit(
        form,
        lambda: services.create_programme(
            partnership=partnership,
            user=request.user,
            fields=form.service_fields(),
            outcomes=form.cleaned_data.get("outcomes") or [],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{submission.result.title} added.")
        return redirect(_programme_url(slug, submission.result.pk))
    return render(
        request,
        "strategy/delivery/form.html",
        {
            "page_title": "Add a programme",
            "breadcrumbs": _crumbs(slug, ("Add a programme", None)),
            "form": form,
            "partnership": partnership,
            "cancel_url": reverse("strategy:programmes", kwargs={"slug": slug}),
        },
    )


def programme(request: HttpRequest, slug: str, programme_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.programme_in(partnership, programme_id)
    actions = selectors.programme_actions(item)
    today = timezone.localdate()
    rows = presenters.action_rows(actions, today=today, slug=slug)
    rollup = selectors.rollup_for_programme(actions, today=today)
    may_edit = _may_edit(access, item)
    return render(
        request,
        "strategy/delivery/programme.html",
        {
            "page_title": item.title,
            "breadcrumbs": _crumbs(slug, (item.title, None)),
            "partnership": partnership,
            "access": access,
            "programme": item,
            "summary": presenters.programme_summary(item),
            "rows": rows,
            "status_choices": analysis.STATUS_LABELS.items(),
            "rollup": presenters.rollup_links(rollup, slug=slug, programme_id=item.pk),
            "may_edit": may_edit,
            "history": history_rows(selectors.programme_history(item)),
        },
    )


def programme_edit(request: HttpRequest, slug: str, programme_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.programme_in(partnership, programme_id)
    _require_edit(access, item)
    form = forms.ProgrammeEditForm(
        request.POST or None,
        partnership=partnership,
        instance=copy.copy(item),
        led_priority_ids=rules.restricted_priority_ids(request.user, partnership),
    )
    # The form limits the choices; this holds the rule against the values posted.
    if (
        form.is_bound
        and form.is_valid()
        and not rules.may_link_outcomes(request.user, item, form.cleaned_data.get("outcomes") or [])
    ):
        raise PermissionDenied
    submission = submit(
        form,
        lambda: services.update_programme(
            programme=item,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            outcomes=form.cleaned_data.get("outcomes") or [],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{item.title} saved.")
        return redirect(_programme_url(slug, item.pk))
    return render(
        request,
        "strategy/delivery/form.html",
        {
            "page_title": f"Edit {item.title}",
            "breadcrumbs": _crumbs(slug, (item.title, _programme_url(slug, item.pk)), ("Edit", None)),
            "form": form,
            "partnership": partnership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _programme_url(slug, item.pk),
        },
        status=submission.status,
    )


def programme_close(request: HttpRequest, slug: str, programme_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.programme_in(partnership, programme_id)
    _require_edit(access, item)
    form = forms.ProgrammeCloseForm(
        request.POST or None,
        instance=copy.copy(item),
        initial={"closed_on": item.closed_on or timezone.localdate()},
    )
    submission = submit(
        form,
        lambda: services.close_programme(
            programme=item,
            user=request.user,
            expected_version=form.expected_version,
            closed_on=form.cleaned_data["closed_on"],
            lessons_learned=form.cleaned_data["lessons_learned"],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{item.title} closed.")
        return redirect(_programme_url(slug, item.pk))
    return render(
        request,
        "strategy/delivery/form.html",
        {
            "page_title": f"Close {item.title}",
            "breadcrumbs": _crumbs(slug, (item.title, _programme_url(slug, item.pk)), ("Close", None)),
            "form": form,
            "partnership": partnership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _programme_url(slug, item.pk),
            "submit_label": "Close the programme",
        },
        status=submission.status,
    )


# --- actions ------------------------------------------------------------------------------------


def actions(request: HttpRequest, slug: str) -> HttpResponse:
    """The actions behind a count, on the programme pages and the strategy map (filtered by
    programme, outcome, theme, organisation, reported status or computed RAG)."""
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    status = request.GET.get("status", "")
    rag = request.GET.get("rag", "")
    if status and status not in analysis.STATUS_LABELS:
        raise Http404("No such status")
    if rag and rag not in analysis.RAG_LABELS:
        raise Http404("No such RAG")
    wanted = selectors.ActionFilter(
        programme_id=_int_param(request, "programme"),
        outcome_id=_int_param(request, "outcome"),
        priority_id=_int_param(request, "priority"),
        organisation_id=_int_param(request, "organisation"),
        status=status,
        rag=rag,
    )
    scope = []
    if wanted.programme_id is not None:
        found = partnership.programmes.filter(pk=wanted.programme_id).first()
        if found is None:
            raise Http404("No such programme")
        scope.append(f"in {found.title}")
    if wanted.outcome_id is not None:
        outcome = partnership.outcomes.filter(pk=wanted.outcome_id).first()
        if outcome is None:
            raise Http404("No such outcome")
        scope.append(f"for the outcome {outcome.title}")
    if wanted.priority_id is not None:
        theme = partnership.priorities.filter(pk=wanted.priority_id).first()
        if theme is None:
            raise Http404("No such theme")
        scope.append(f"for the theme {theme.title}")
    if wanted.organisation_id is not None:
        organisation = partnership.organisations.filter(pk=wanted.organisation_id).first()
        if organisation is None:
            raise Http404("No such organisation")
        scope.append(f"led or contributed to by {organisation.name}")
    if status:
        scope.append(f"reported {analysis.STATUS_LABELS[status].lower()}")
    if rag:
        scope.append(f"computed {analysis.RAG_LABELS[rag].lower()}")
    found_actions = selectors.actions_matching(partnership, wanted)
    return render(
        request,
        "strategy/delivery/actions.html",
        {
            "page_title": "Actions",
            "breadcrumbs": _crumbs(slug, ("Actions", None)),
            "partnership": partnership,
            "scope": ", ".join(scope),
            "rows": presenters.action_rows(found_actions, today=timezone.localdate(), slug=slug),
        },
    )


def action_add(request: HttpRequest, slug: str, programme_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.programme_in(partnership, programme_id)
    _require_edit(access, item)
    form = forms.ActionForm(request.POST or None, partnership=partnership)
    submission = submit(
        form,
        lambda: services.create_action(
            programme=item,
            user=request.user,
            fields=form.service_fields(),
            contributing_organisations=form.cleaned_data.get("contributing_organisations") or [],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{submission.result.title} added.")
        return redirect(_programme_url(slug, item.pk))
    return render(
        request,
        "strategy/delivery/form.html",
        {
            "page_title": f"Add an action to {item.title}",
            "breadcrumbs": _crumbs(
                slug, (item.title, _programme_url(slug, item.pk)), ("Add an action", None)
            ),
            "form": form,
            "partnership": partnership,
            "cancel_url": _programme_url(slug, item.pk),
        },
    )


def action(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.action_in(partnership, action_id)
    today = timezone.localdate()
    return render(
        request,
        "strategy/delivery/action.html",
        {
            "page_title": item.title,
            "breadcrumbs": _crumbs(
                slug, (item.programme.title, _programme_url(slug, item.programme_id)), (item.title, None)
            ),
            "partnership": partnership,
            "access": access,
            "action": item,
            "row": presenters.action_row(item, today=today, slug=slug),
            "milestones": list(item.milestones.all()),
            "updates": selectors.action_updates(item),
            "may_edit": _may_edit(access, item.programme),
            "may_update": services.may_update_action(request.user, item),
            "history": history_rows(selectors.action_history(item)),
        },
    )


def action_edit(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.action_in(partnership, action_id)
    _require_edit(access, item.programme)
    form = forms.ActionEditForm(request.POST or None, partnership=partnership, instance=copy.copy(item))
    submission = submit(
        form,
        lambda: services.update_action(
            action=item,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            contributing_organisations=form.cleaned_data.get("contributing_organisations") or [],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{item.title} saved.")
        return redirect(_action_url(slug, item.pk))
    return render(
        request,
        "strategy/delivery/form.html",
        {
            "page_title": f"Edit {item.title}",
            "breadcrumbs": _crumbs(slug, (item.title, _action_url(slug, item.pk)), ("Edit", None)),
            "form": form,
            "partnership": partnership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _action_url(slug, item.pk),
        },
        status=submission.status,
    )


def action_progress(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    """Post a progress update. The programme page's rows post here with htmx and get their row
    back; without JavaScript this is an ordinary form page."""
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.action_in(partnership, action_id)
    if not services.may_update_action(request.user, item):
        raise PermissionDenied
    form = forms.ProgressForm(request.POST or None, instance=copy.copy(item))
    submission = submit(
        form,
        lambda: services.record_action_update(
            action=item,
            status=form.cleaned_data["status"],
            percent_complete=form.cleaned_data["percent_complete"],
            commentary=form.cleaned_data.get("commentary", ""),
            lessons_learned=form.cleaned_data.get("lessons_learned", ""),
            user=request.user,
            expected_version=form.expected_version,
        ),
    )
    inline = request.headers.get("HX-Request") == "true" and request.POST.get("inline") == "1"
    if inline:
        # The row partial, whatever happened: saved, invalid or in conflict. htmx only swaps
        # successful responses, so a conflict is shown with 200 inside the row.
        if submission.succeeded:
            item = selectors.action_in(partnership, action_id)
        row = presenters.action_row(item, today=timezone.localdate(), slug=slug)
        return render(
            request,
            "strategy/delivery/programme.html#action_row",
            {
                "row": row,
                "partnership": partnership,
                "may_edit": True,
                "status_choices": analysis.STATUS_LABELS.items(),
                "row_form": None if submission.succeeded else form,
                "conflict_rows": submission.conflict_rows,
                "saved": submission.succeeded,
            },
        )
    if submission.succeeded:
        messages.success(request, f"Update recorded for {item.title}.")
        return redirect(_action_url(slug, item.pk))
    return render(
        request,
        "strategy/delivery/form.html",
        {
            "page_title": f"Update progress on {item.title}",
            "breadcrumbs": _crumbs(slug, (item.title, _action_url(slug, item.pk)), ("Update progress", None)),
            "form": form,
            "partnership": partnership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _action_url(slug, item.pk),
            "submit_label": "Record the update",
        },
        status=submission.status,
    )


def action_rag(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    """How the computed RAG was worked out: the reason, the inputs and the thresholds."""
    access = partnership_access(request, slug, VIEW)
    item = selectors.action_in(access.partnership, action_id)
    return render(
        request,
        "strategy/delivery/rag.html",
        {
            "page_title": f"How the RAG of {item.title} was computed",
            "breadcrumbs": _crumbs(
                slug, (item.title, _action_url(slug, item.pk)), ("How the RAG was computed", None)
            ),
            "partnership": access.partnership,
            "action": item,
            "explanation": presenters.rag_explanation(item, today=timezone.localdate()),
        },
    )


# --- milestones ---------------------------------------------------------------------------------


def milestone_add(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.action_in(partnership, action_id)
    _require_edit(access, item.programme)
    form = forms.MilestoneForm(request.POST or None)
    submission = submit(
        form,
        lambda: services.add_milestone(
            action=item,
            user=request.user,
            title=form.cleaned_data["title"],
            due_date=form.cleaned_data["due_date"],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Milestone {submission.result.title} added.")
        return redirect(_action_url(slug, item.pk))
    return render(
        request,
        "strategy/delivery/form.html",
        {
            "page_title": f"Add a milestone to {item.title}",
            "breadcrumbs": _crumbs(slug, (item.title, _action_url(slug, item.pk)), ("Add a milestone", None)),
            "form": form,
            "partnership": partnership,
            "cancel_url": _action_url(slug, item.pk),
        },
    )


def milestone_complete(request: HttpRequest, slug: str, action_id: int, milestone_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    item = selectors.action_in(access.partnership, action_id)
    _require_edit(access, item.programme)
    milestone = selectors.milestone_in(item, milestone_id)
    error = ""
    if request.method == "POST":
        try:
            services.complete_milestone(milestone=milestone, user=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, f"Milestone {milestone.title} completed.")
            return redirect(_action_url(slug, item.pk))
    return render(
        request,
        "strategy/delivery/milestone_complete.html",
        {
            "page_title": f"Complete the milestone {milestone.title}",
            "breadcrumbs": _crumbs(
                slug, (item.title, _action_url(slug, item.pk)), ("Complete a milestone", None)
            ),
            "partnership": access.partnership,
            "action": item,
            "milestone": milestone,
            "error": error,
            "cancel_url": _action_url(slug, item.pk),
        },
        status=409 if error else 200,
    )
