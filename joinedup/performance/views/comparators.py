"""Comparator groups: the partnership's own (editable) and the shared ones (read-only)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.core.audit import history_for
from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.partnerships.access import partnership_access
from joinedup.performance import rules, selectors
from joinedup.performance.library_forms import ComparatorGroupForm, NewComparatorGroupForm
from joinedup.performance.models import ComparatorGroup
from joinedup.performance.services import comparators as services

VIEW = "partnerships.view"


def _list_url(slug: str) -> str:
    return reverse("performance:comparators", kwargs={"slug": slug})


def _group_url(slug: str, group_id: int) -> str:
    return reverse("performance:comparator", kwargs={"slug": slug, "group_id": group_id})


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return [
        {"label": "Indicators", "url": reverse("performance:indicators", kwargs={"slug": slug})},
        {"label": "Comparator groups", "url": _list_url(slug)},
    ] + [{"label": label, "url": url} for label, url in extra]


def groups(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    rows = list(selectors.comparator_groups(partnership))
    return render(
        request,
        "performance/comparators/list.html",
        {
            "page_title": "Comparator groups",
            "breadcrumbs": [*_crumbs(slug)[:1], {"label": "Comparator groups", "url": None}],
            "partnership": partnership,
            "access": access,
            "own": [g for g in rows if g.partnership_id == partnership.pk],
            "shared": [g for g in rows if g.partnership_id is None],
            "may_edit": access.may_edit,
        },
    )


def group(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.group_in(partnership, group_id)
    return render(
        request,
        "performance/comparators/detail.html",
        {
            "page_title": item.name,
            "breadcrumbs": _crumbs(slug, (item.name, None)),
            "partnership": partnership,
            "group": item,
            "may_edit": rules.may_edit_comparator_group(access, item),
            "history": history_rows(history_for(item, partnership_id=partnership.pk).order_by("-at", "-pk"))
            if item.partnership_id
            else [],
        },
    )


def _members(form: ComparatorGroupForm) -> list[services.Member]:
    return services.ranked(form.cleaned_data["member_codes"], form.cleaned_data["kind"])


def group_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.edit")
    partnership = access.partnership
    form = NewComparatorGroupForm(request.POST or None, instance=ComparatorGroup(partnership=partnership))
    submission = submit(
        form,
        lambda: services.create_group(
            partnership=partnership, user=request.user, fields=form.service_fields(), members=_members(form)
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{submission.result.name} added.")
        return redirect(_group_url(slug, submission.result.pk))
    return render(
        request,
        "performance/form.html",
        {
            "page_title": "Add a comparator group",
            "breadcrumbs": _crumbs(slug, ("Add a comparator group", None)),
            "form": form,
            "partnership": partnership,
            "intro": "Areas to compare with. To add many groups at once, import them from a CSV "
            "or Excel file.",
            "cancel_url": _list_url(slug),
        },
    )


def group_edit(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.group_in(partnership, group_id)
    if not rules.may_edit_comparator_group(access, item):
        raise PermissionDenied
    form = ComparatorGroupForm(request.POST or None, instance=copy.copy(item))
    submission = submit(
        form,
        lambda: services.update_group(
            partnership=partnership,
            group=item,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            members=_members(form),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{item.name} saved.")
        return redirect(_group_url(slug, item.pk))
    return render(
        request,
        "performance/form.html",
        {
            "page_title": f"Edit {item.name}",
            "breadcrumbs": _crumbs(slug, (item.name, _group_url(slug, item.pk)), ("Edit", None)),
            "form": form,
            "partnership": partnership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _group_url(slug, item.pk),
        },
        status=submission.status,
    )


def group_delete(request: HttpRequest, slug: str, group_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.group_in(partnership, group_id)
    if not rules.may_edit_comparator_group(access, item):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_group(partnership=partnership, group=item, user=request.user)
        messages.success(request, f"{item.name} deleted.")
        return redirect(_list_url(slug))
    return render(
        request,
        "performance/confirm.html",
        {
            "page_title": f"Delete {item.name}",
            "breadcrumbs": _crumbs(slug, (item.name, _group_url(slug, item.pk)), ("Delete", None)),
            "partnership": partnership,
            "question": f"Delete the comparator group {item.name}?",
            "explanation": "The group and its list of members are removed. The areas and their "
            "values are not.",
            "button": "Delete the group",
            "cancel_url": _group_url(slug, item.pk),
        },
    )
