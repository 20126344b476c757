from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.partnerships.access import partnership_access
from joinedup.partnerships.presenters_directory import checklist_rows, partnership_summary
from joinedup.partnerships.selectors import partnerships_for_user, setup_counts, support_access_for


@login_required
def choose(request: HttpRequest) -> HttpResponse:
    """Start page after sign-in: straight to the only partnership, or a choice."""
    partnerships = list(partnerships_for_user(request.user))
    support_grants = support_access_for(request.user)
    if len(partnerships) == 1 and not support_grants:
        return redirect("partnerships:home", slug=partnerships[0].slug)
    return render(
        request,
        "partnerships/choose.html",
        {"page_title": "Your partnerships", "partnerships": partnerships, "support_grants": support_grants},
    )


def home(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    partnership = access.partnership
    visible_ids = set(partnerships_for_user(request.user).values_list("pk", flat=True))
    return render(
        request,
        "partnerships/home.html",
        {
            "page_title": partnership.name,
            "partnership": partnership,
            "access": access,
            "summary": partnership_summary(partnership, visible_ids=visible_ids),
            "checklist": checklist_rows(partnership, setup_counts(partnership))
            if access.may_manage
            else None,
        },
    )
