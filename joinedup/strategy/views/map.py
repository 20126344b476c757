"""The strategy map and the per-partner view ("what my organisation leads or contributes to"),
and the list of actions behind each count on the map."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from joinedup.partnerships.access import partnership_access
from joinedup.strategy import selectors_map


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    trail: list[tuple[str, str | None]] = [
        ("Home", reverse("partnerships:home", kwargs={"slug": slug})),
        ("Strategy", reverse("strategy:strategy", kwargs={"slug": slug})),
        *extra,
    ]
    return [{"label": label, "url": url} for label, url in trail]


def strategy_map(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    partnership = access.partnership
    organisation = None
    raw = request.GET.get("organisation", "")
    if raw:
        organisation = selectors_map.organisation_in(partnership, int(raw)) if raw.isdigit() else None
        if organisation is None:
            raise Http404("No such organisation")
    context = {
        "page_title": f"What {organisation.name} leads or contributes to" if organisation else "Strategy map",
        "breadcrumbs": _crumbs(slug, ("Strategy map", None)),
        "partnership": partnership,
        "organisations": partnership.organisations.all(),
        "organisation": organisation,
        "actions_url": reverse("strategy:actions", kwargs={"slug": slug}),
    }
    if organisation is not None:
        context["partner"] = selectors_map.partner_view(partnership, organisation)
    else:
        context["map"] = selectors_map.strategy_map(partnership)
    return render(request, "strategy/map/map.html", context)
