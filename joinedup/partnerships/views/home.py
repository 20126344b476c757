from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.partnerships.access import partnership_access
from joinedup.partnerships.selectors import partnerships_for_user


@login_required
def choose(request: HttpRequest) -> HttpResponse:
    """Start page after sign-in: straight to the only partnership, or a choice."""
    partnerships = list(partnerships_for_user(request.user))
    if len(partnerships) == 1:
        return redirect("partnerships:home", slug=partnerships[0].slug)
    return render(
        request, "partnerships/choose.html", {"page_title": "Your partnerships", "partnerships": partnerships}
    )


def home(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    return render(
        request,
        "partnerships/home.html",
        {"page_title": access.partnership.name, "partnership": access.partnership, "access": access},
    )
