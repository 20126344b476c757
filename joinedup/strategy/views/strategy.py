from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.partnerships.access import partnership_access
from joinedup.partnerships.statutory import labels_for


def strategy_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    partnership = access.partnership
    strategy = partnership.strategies.exclude(status="superseded").first()
    label = labels_for(partnership.partnership_type).strategy
    return render(
        request,
        "strategy/strategy.html",
        {
            "page_title": label.capitalize(),
            "partnership": partnership,
            "strategy": strategy,
            "label": label,
            "access": access,
        },
    )
