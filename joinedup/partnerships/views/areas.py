"""Searching the shared reference geography, for choosing a partnership's areas.

Global data, so any signed-in user may search it; no partnership is involved."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from joinedup.partnerships.geography import area_option
from joinedup.partnerships.selectors import search_areas


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """`?q=oxf` → JSON `{"results": [...]}`; htmx requests (or `format=html`) get an HTML list."""
    query = request.GET.get("q", "")[:100]
    try:
        limit = max(1, min(50, int(request.GET.get("limit", 20))))
    except ValueError:
        limit = 20
    results = [area_option(a) for a in search_areas(query, limit=limit)]
    if request.htmx or request.GET.get("format") == "html":
        return render(request, "partnerships/areas/search_results.html", {"results": results, "query": query})
    return JsonResponse({"query": query, "results": results})
