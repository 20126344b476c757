"""The indicator library, indicator pages, local indicators and a partnership's use of an
indicator. Who may change what is decided in `joinedup.performance.rules`."""

from __future__ import annotations

import copy
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from joinedup.core.exports import Column, export_response
from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.partnerships.access import partnership_access
from joinedup.performance import rules, selectors
from joinedup.performance.library_forms import IndicatorForm, LinkForm, UseLinkForm
from joinedup.performance.models import Frequency, Indicator, PartnershipIndicator, Polarity, Unit
from joinedup.performance.services import indicators as services

VIEW = "partnerships.view"
PAGE_SIZE = 50


def _library_url(slug: str) -> str:
    return reverse("performance:indicators", kwargs={"slug": slug})


def _indicator_url(slug: str, indicator_id: int) -> str:
    return reverse("performance:indicator", kwargs={"slug": slug, "indicator_id": indicator_id})


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return [{"label": "Indicators", "url": _library_url(slug)}] + [
        {"label": label, "url": url} for label, url in extra
    ]


def _int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _choice(request: HttpRequest, name: str, allowed) -> str:
    value = request.GET.get(name, "").strip()
    return value if value in allowed else ""


# --- the library --------------------------------------------------------------------------------


def library(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    filters = selectors.LibraryFilters(
        q=request.GET.get("q", "").strip()[:200],
        kind=_choice(request, "kind", ("shared", "local")),
        used=_choice(request, "used", ("yes", "no")),
        theme=_int(request, "theme"),
        outcome=_int(request, "outcome"),
        unit=_choice(request, "unit", Unit.values),
        polarity=_choice(request, "polarity", Polarity.values),
        frequency=_choice(request, "frequency", Frequency.values),
        owner=_int(request, "owner"),
        organisation=_int(request, "organisation"),
    )
    page = Paginator(selectors.library(partnership, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "performance/library.html",
        {
            "page_title": "Indicators",
            "breadcrumbs": [{"label": "Indicators", "url": None}],
            "partnership": partnership,
            "access": access,
            "page": page,
            "filters": filters,
            "query_without_page": urlencode(kept),
            "choices": selectors.filter_choices(partnership),
            "units": Unit.choices,
            "polarities": Polarity.choices,
            "frequencies": Frequency.choices,
            "may_add": rules.may_add_indicator(access),
        },
    )


# --- local indicators ---------------------------------------------------------------------------


def indicator_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    if not rules.may_add_indicator(access):
        raise PermissionDenied
    partnership = access.partnership
    form = IndicatorForm(
        request.POST or None, instance=Indicator(partnership=partnership), initial={"version": 0}
    )
    form.fields["version"].required = False
    submission = submit(
        form,
        lambda: services.create_local_indicator(
            partnership=partnership, user=request.user, fields=form.service_fields()
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{submission.result} added.")
        return redirect(_indicator_url(slug, submission.result.pk))
    return render(
        request,
        "performance/form.html",
        {
            "page_title": "Add a local indicator",
            "breadcrumbs": _crumbs(slug, ("Add a local indicator", None)),
            "form": form,
            "partnership": partnership,
            "intro": "A local indicator belongs to this partnership: only its editors change it, "
            "and no other partnership sees it.",
            "cancel_url": _library_url(slug),
        },
    )


def indicator_edit(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    indicator = selectors.indicator_in(partnership, indicator_id)
    if not rules.may_edit_indicator(access, indicator):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, instance=copy.copy(indicator))
    submission = submit(
        form,
        lambda: services.update_local_indicator(
            partnership=partnership,
            indicator=indicator,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{indicator} saved.")
        return redirect(_indicator_url(slug, indicator.pk))
    return render(
        request,
        "performance/form.html",
        {
            "page_title": f"Edit {indicator.code}",
            "breadcrumbs": _crumbs(
                slug, (indicator.code, _indicator_url(slug, indicator.pk)), ("Edit", None)
            ),
            "form": form,
            "partnership": partnership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _indicator_url(slug, indicator.pk),
        },
        status=submission.status,
    )


# --- the indicator page -------------------------------------------------------------------------


def _moment(request: HttpRequest) -> tuple[dt.datetime | None, str, str]:
    """The "as at" date from the query string: (end of that day, the date as typed, an error)."""
    text = request.GET.get("as_at", "").strip()
    if not text:
        return None, "", ""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, text, "Enter the date as a real date, like 2025-03-31"
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    return moment, text, ""


def indicator(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.indicator_in(partnership, indicator_id)
    link = selectors.link_for(partnership, item)
    moment, as_at_text, as_at_error = _moment(request)
    table = selectors.data_table(partnership, item, link, moment=moment)
    area = None
    area_code = request.GET.get("area", "").strip()
    if area_code:
        area = next((r.area for r in table.rows if r.area.code == area_code), None)
        if area is None:
            raise Http404("No values for that area")
    elif table.rows:
        area = table.rows[0].area
    values, breakdowns = (
        selectors.area_values(partnership, item, area, moment=moment) if area is not None else ([], [])
    )
    outcomes = list(link.outcomes.all()) if link is not None else []
    return render(
        request,
        "performance/indicator.html",
        {
            "page_title": f"{item.code} {item.title}",
            "breadcrumbs": _crumbs(slug, (item.code, None)),
            "partnership": partnership,
            "access": access,
            "indicator": item,
            "link": link,
            "outcomes": outcomes,
            "table": table,
            "area": area,
            "values": values,
            "breakdowns": breakdowns,
            "as_at": as_at_text,
            "as_at_error": as_at_error,
            "moment": moment,
            "may_edit": rules.may_edit_indicator(access, item),
            "may_use": link is None and rules.may_use_indicator(access, item),
            "may_edit_link": link is not None and rules.may_edit_link(access, link),
            "history": history_rows(selectors.indicator_history(partnership, item, link)),
            "export_query": urlencode({"as_at": as_at_text}) if moment else "",
        },
    )


EXPORT_COLUMNS = (
    Column("Indicator code"),
    Column("Area code"),
    Column("Area"),
    Column("Period", "period"),
    Column("Sex"),
    Column("Age"),
    Column("Category type"),
    Column("Category"),
    Column("Value", "decimal"),
    Column("Numerator", "decimal"),
    Column("Denominator", "decimal"),
    Column("Lower 95% limit", "decimal"),
    Column("Upper 95% limit", "decimal"),
    Column("Lower 99.8% limit", "decimal"),
    Column("Upper 99.8% limit", "decimal"),
    Column("Quality"),
    Column("Note"),
)


def indicator_export(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.indicator_in(partnership, indicator_id)
    moment, _, error = _moment(request)
    if error:
        raise Http404(error)
    places = item.decimal_places
    columns = [
        Column(c.heading, c.type, places=places if c.type == "decimal" else c.places) for c in EXPORT_COLUMNS
    ]
    # Counts have no decimals; everything else is shown with the indicator's places.
    columns[9] = Column("Numerator", "decimal", places=0)
    columns[10] = Column("Denominator", "decimal", places=0)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    stamp = f" as at {moment.date().isoformat()}" if moment else ""
    return export_response(
        columns,
        selectors.export_rows(partnership, item, moment=moment),
        filename=f"{item.code} {item.title[:60]}{stamp}",
        format=fmt,
    )


# --- a partnership's use of an indicator --------------------------------------------------------


def indicator_use(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.indicator_in(partnership, indicator_id)
    if not rules.may_use_indicator(access, item):
        raise PermissionDenied
    if selectors.link_for(partnership, item) is not None:
        return redirect(
            reverse("performance:indicator_link_edit", kwargs={"slug": slug, "indicator_id": item.pk})
        )
    form = UseLinkForm(
        request.POST or None,
        partnership=partnership,
        instance=PartnershipIndicator(partnership=partnership, indicator=item),
    )
    submission = submit(
        form,
        lambda: services.use_indicator(
            partnership=partnership,
            indicator=item,
            user=request.user,
            fields=form.service_fields(),
            outcomes=form.cleaned_data.get("outcomes") or [],
            areas=form.cleaned_data.get("areas") or [],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"The partnership now uses {item}.")
        return redirect(_indicator_url(slug, item.pk))
    return render(
        request,
        "performance/form.html",
        {
            "page_title": f"Use {item.code}",
            "breadcrumbs": _crumbs(slug, (item.code, _indicator_url(slug, item.pk)), ("Use", None)),
            "form": form,
            "partnership": partnership,
            "intro": f"{item}. Say which of the partnership's outcomes it measures and who owns it.",
            "submit_label": "Use this indicator",
            "cancel_url": _indicator_url(slug, item.pk),
        },
    )


def _own_link(access, slug: str, indicator_id: int):
    item = selectors.indicator_in(access.partnership, indicator_id)
    link = selectors.link_for(access.partnership, item)
    if link is None:
        raise Http404("This partnership does not use this indicator")
    if not rules.may_edit_link(access, link):
        raise PermissionDenied
    return item, link


def indicator_link_edit(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item, link = _own_link(access, slug, indicator_id)
    form = LinkForm(request.POST or None, partnership=partnership, instance=copy.copy(link))
    submission = submit(
        form,
        lambda: services.update_link(
            partnership=partnership,
            link=link,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            outcomes=form.cleaned_data.get("outcomes") if "outcomes" in form.fields else None,
            areas=form.cleaned_data.get("areas") if "areas" in form.fields else None,
        ),
    )
    if submission.succeeded:
        messages.success(request, f"The use of {item.code} saved.")
        return redirect(_indicator_url(slug, item.pk))
    return render(
        request,
        "performance/form.html",
        {
            "page_title": f"How the partnership uses {item.code}",
            "breadcrumbs": _crumbs(
                slug, (item.code, _indicator_url(slug, item.pk)), ("Outcomes and owner", None)
            ),
            "form": form,
            "partnership": partnership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _indicator_url(slug, item.pk),
        },
        status=submission.status,
    )


def indicator_stop(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item, link = _own_link(access, slug, indicator_id)
    if request.method == "POST":
        services.stop_using(partnership=partnership, link=link, user=request.user)
        messages.success(request, f"The partnership no longer uses {item}.")
        return redirect(_library_url(slug))
    return render(
        request,
        "performance/confirm.html",
        {
            "page_title": f"Stop using {item.code}",
            "breadcrumbs": _crumbs(slug, (item.code, _indicator_url(slug, item.pk)), ("Stop using", None)),
            "partnership": partnership,
            "question": f"Stop using {item}?",
            "explanation": "Its links to the partnership's outcomes, its owner and the areas reported on "
            "are removed. Its values, targets and commentary are kept, and it stays in the library.",
            "button": "Stop using this indicator",
            "cancel_url": _indicator_url(slug, item.pk),
        },
    )
