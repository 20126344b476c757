"""The governance insight page: computed figures about how a partnership's bodies meet, each
with "how was this computed" (the explanation, the inputs and links to the records behind it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from joinedup.core import charts
from joinedup.core.periods import parse
from joinedup.governance import selectors_insight as selectors
from joinedup.governance.selectors_record import body_in
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.partnerships.models import Body

VIEW = "partnerships.view"


def _challenge_chart(data: selectors.GovernanceInsight, scope: str) -> charts.Chart | None:
    points = [p for p in data.challenges if p.per_meeting is not None]
    if len(points) < 2:
        return None
    return charts.line_chart(
        title=f"Challenges per meeting held, by year ({scope})",
        series=[
            charts.Series("Challenges per meeting", [(parse(str(p.year)), p.per_meeting) for p in points])
        ],
        y_label="Challenges per meeting",
        x_label="Year",
        places=1,
    )


def _render(request: HttpRequest, access: PartnershipAccess, body: Body | None) -> HttpResponse:
    slug = access.partnership.slug
    data = selectors.governance_insight(access.partnership, body=body)
    scope = body.name if body is not None else access.partnership.name
    index = reverse("governance:insight", kwargs={"slug": slug})
    crumbs: list[dict[str, Any]] = [{"label": "Governance insight", "url": index if body else None}]
    if body is not None:
        crumbs.append({"label": body.name, "url": None})
    return render(
        request,
        "governance/insight/insight.html",
        {
            "page_title": f"Governance insight: {body.name}" if body else "Governance insight",
            "breadcrumbs": crumbs,
            "partnership": access.partnership,
            "body": body,
            "data": data,
            "challenge_chart": _challenge_chart(data, scope),
            "all_bodies": list(access.partnership.bodies.all()) if body is None else [],
        },
    )


def insight(request: HttpRequest, slug: str) -> HttpResponse:
    return _render(request, partnership_access(request, slug, VIEW), None)


def body_insight(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    return _render(request, access, body_in(access.partnership, body_id))
