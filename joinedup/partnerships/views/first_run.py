"""The first-run page: open only while the installation has no accounts at all."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.accounts.services import absolute_url
from joinedup.core.forms import submit
from joinedup.partnerships import first_run
from joinedup.partnerships.team_forms import FirstRunForm


def setup(request: HttpRequest) -> HttpResponse:
    # Whoever reaches a fresh installation first becomes its operator, so the page
    # disappears for good once any account exists (docs/adr/0008-roles-and-access.md).
    if not getattr(settings, "FIRST_RUN_PAGE", True) or not first_run.installation_is_empty():
        raise Http404
    form = FirstRunForm(request.POST if request.method == "POST" else None)
    try:
        submission = submit(
            form,
            lambda: first_run.set_up_installation(
                operator_email=form.cleaned_data["email"],
                operator_name=form.cleaned_data["full_name"],
                operator_password=form.cleaned_data["password1"],
                partnership_name=form.cleaned_data["partnership_name"],
                partnership_type=form.cleaned_data["partnership_type"],
                tier=form.cleaned_data["tier"],
                admin_email=form.cleaned_data["admin_email"],
            ),
        )
    except PermissionError as exc:  # someone else set the installation up meanwhile
        raise Http404 from exc
    if submission.succeeded:
        operator, partnership, admin = submission.result
        login(request, operator, backend="django.contrib.auth.backends.ModelBackend")
        return render(
            request,
            "partnerships/team/first_run_done.html",
            {
                "page_title": "Joined Up is ready",
                "partnership": partnership,
                "admin": admin,
                "invitation_url": absolute_url(admin.link.path) if admin.link else "",
            },
        )
    return render(
        request,
        "partnerships/team/first_run.html",
        {"page_title": "Set up Joined Up", "form": form},
    )
