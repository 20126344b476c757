"""Data entry: one value of a local indicator, the grid of every indicator a person owns for
one period (signed in, or through the signed link in their data request), and the owners'
data requests page (ADR 0021)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import SignedLink
from joinedup.core.periods import Period, PeriodParseError, parse
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.partnerships.models import Partnership, Person
from joinedup.performance import entry_rules
from joinedup.performance.forms_entry import EntryGrid, ValueForm
from joinedup.performance.models import Indicator, PartnershipIndicator
from joinedup.performance.services import entry as services

VIEW = "partnerships.view"
EDIT = "partnerships.edit"


def indicator_url(partnership: Partnership, indicator: Indicator) -> str:
    return reverse("performance:indicator", kwargs={"slug": partnership.slug, "indicator_id": indicator.pk})


def _crumbs(partnership: Partnership, *extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"label": partnership.name, "url": reverse("partnerships:home", kwargs={"slug": partnership.slug})},
        {
            "label": "Owners' data requests",
            "url": reverse("performance:data_requests", kwargs={"slug": partnership.slug}),
        },
        *extra,
    ]


def _period_or_404(code: str) -> Period:
    try:
        return parse(code)
    except PeriodParseError as error:
        raise Http404("No such period") from error


# One value ----------------------------------------------------------------------------------


def enter_value(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    """Enter one value of one of the partnership's own indicators, with its commentary.
    Shared indicators' values arrive by import, so they are not found here."""
    access = partnership_access(request, slug, EDIT)
    partnership = access.partnership
    indicator = partnership.local_indicators.filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404("No such indicator of this partnership")
    link = partnership.indicator_links.filter(indicator=indicator).select_related("partnership").first()
    areas = services.reporting_areas(link) if link else list(partnership.areas.order_by("name"))
    latest = entry_rules.latest_complete_period(indicator.frequency, timezone.localdate())
    form = ValueForm(
        request.POST if request.method == "POST" else None,
        indicator=indicator,
        areas=areas,
        initial={"period": latest.label if latest else ""},
    )
    conflict: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = data["period"]
        commentaries = []
        if data["happening"].strip() or data["doing"].strip():
            commentaries.append(
                services.EnteredCommentary(
                    indicator_id=indicator.pk,
                    happening=data["happening"],
                    doing=data["doing"],
                    read_at=data["read_at"],
                )
            )
        try:
            result = services.save_entries(
                partnership=partnership,
                period=period,
                values=[form.entered_value()],
                commentaries=commentaries,
                user=request.user,
            )
        except services.EntryConflict as error:
            conflict = _conflict_words(error)
            # Keep what was typed, read again now: saving again replaces the value knowingly.
            again: Any = request.POST.copy()
            again["read_at"] = timezone.now().isoformat()
            form.data = again
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            area = next(a for a in areas if a.pk == data["area"])
            if result.written:
                messages.success(
                    request, f"Saved the value of {indicator.code} for {area.name}, {period.label}."
                )
            else:
                messages.success(
                    request, f"{indicator.code} for {area.name}, {period.label} already had that value."
                )
            return redirect(indicator_url(partnership, indicator))
    return render(
        request,
        "performance/entry/value.html",
        {
            "page_title": f"Enter a value: {indicator.code} {indicator.title}",
            "partnership": partnership,
            "indicator": indicator,
            "form": form,
            "conflict": conflict,
            "back_url": indicator_url(partnership, indicator),
            "breadcrumbs": _crumbs(partnership, {"label": f"Enter a value: {indicator.code}", "url": None}),
        },
        status=status,
    )


def _conflict_words(conflict: services.EntryConflict) -> list[str]:
    words = []
    for item in conflict.conflicts:
        who = getattr(item.current, "entered_by_label", "") or getattr(item.current, "written_by_label", "")
        what = "commentary" if item.area is None else f"value in {item.area.name}"
        words.append(f"The {what} for {item.indicator.code} was changed by {who or 'someone else'}.")
    return words


# The grid ----------------------------------------------------------------------------------


def _grid_page(
    request: HttpRequest,
    *,
    partnership: Partnership,
    person: Person,
    period: Period,
    user: Any | None,
    action_url: str,
    extra: dict[str, Any],
) -> tuple[HttpResponse | None, services.EntryResult | None]:
    """Show or save the grid. Returns (response, None) to show, or (None, result) when saved."""
    groups = services.owner_grid(partnership, person, period)
    grid = EntryGrid(groups, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and grid.editable and grid.is_valid():
        try:
            result = services.save_entries(
                partnership=partnership,
                period=period,
                values=grid.values(),
                commentaries=grid.commentaries(),
                user=user,
                person=None if user is not None else person,
                owner=person,
            )
        except services.EntryConflict as conflict:
            grid.show_conflict(conflict)
            # Show the values now stored beside what was typed.
            fresh = EntryGrid(services.owner_grid(partnership, person, period), grid.data)
            fresh.conflict_messages = grid.conflict_messages
            fresh.is_valid()
            grid, status = fresh, 409
        except ValidationError as error:
            grid.service_errors = list(error.messages)
            status = 400
        else:
            return None, result
    due = _due_on(partnership, person, period)
    response = render(
        request,
        "performance/entry/grid.html",
        {
            "partnership": partnership,
            "person": person,
            "period": period,
            "grid": grid,
            "form": grid if request.method == "POST" and grid.errors() else None,
            "errors": grid.errors() if request.method == "POST" else [],
            "due_on": due,
            "action_url": action_url,
            "missing": sum(s.group.missing for s in grid.sections),
            **extra,
        },
        status=status,
    )
    return response, None


def _due_on(partnership: Partnership, person: Person, period: Period):
    digest = partnership.data_entry_digests.filter(person=person, period=period).order_by("-sent_at").first()
    if digest is not None:
        return digest.due_on
    links = services.owned_links(partnership, person, period)
    dates = [entry_rules.due_date(period, link.due_days_after_period) for link in links]
    return min(dates) if dates else None


def _saved_words(result: services.EntryResult) -> str:
    parts = [f"Saved {result.written} value{'s' if result.written != 1 else ''}."]
    if result.commentaries:
        count = result.commentaries
        parts.append(f"Saved the commentary on {count} indicator{'s' if count != 1 else ''}.")
    if not result.written and not result.commentaries:
        parts = ["Nothing had changed, so nothing was saved."]
    return " ".join(parts)


def grid(request: HttpRequest, slug: str, person_id: int, period: str) -> HttpResponse:
    """Every indicator a person owns for one period, for an editor (or the owner) signed in."""
    access = partnership_access(request, slug, EDIT)
    partnership = access.partnership
    person = partnership.people.filter(pk=person_id).select_related("organisation").first()
    if person is None:
        raise Http404("No such person in this partnership")
    the_period = _period_or_404(period)
    path = reverse(
        "performance:entry_grid", kwargs={"slug": slug, "person_id": person.pk, "period": the_period.code}
    )
    response, result = _grid_page(
        request,
        partnership=partnership,
        person=person,
        period=the_period,
        user=request.user,
        action_url=path,
        extra={
            "page_title": f"Enter values for {the_period.label}: {person.full_name}",
            "via_link": False,
            "breadcrumbs": _crumbs(
                partnership, {"label": f"{person.full_name}, {the_period.label}", "url": None}
            ),
        },
    )
    if response is not None:
        return response
    assert result is not None
    messages.success(request, _saved_words(result))
    return redirect(path)


def data_entry_link(request: HttpRequest, link: SignedLink, token: str) -> HttpResponse:
    """The grid an owner reaches from their data request, without signing in. Nothing
    changes on GET; saving records the values in the owner's name."""
    digest = services.digest_for_link(link)
    if digest is None:
        raise Http404
    partnership, person, period = digest.partnership, digest.person, services.period_of(digest)
    path = reverse("core:signed_link", kwargs={"token": token})
    response, result = _grid_page(
        request,
        partnership=partnership,
        person=person,
        period=period,
        user=None,
        action_url=path,
        extra={
            "page_title": f"Enter your values for {period.label}",
            "via_link": True,
            "expires_at": link.expires_at,
        },
    )
    if response is not None:
        return response
    assert result is not None
    if result.completed:
        return render(
            request,
            "performance/entry/done.html",
            {
                "page_title": "Thank you: your values are saved",
                "partnership": partnership,
                "person": person,
                "period": period,
                "result": result,
            },
        )
    messages.success(
        request, _saved_words(result) + " Some values are still missing: you can come back to this page."
    )
    return redirect(path)


# Owners' data requests ----------------------------------------------------------------------


def data_requests(request: HttpRequest, slug: str) -> HttpResponse:
    """Who owes values for which period, who was asked and when, who completed and who was
    escalated. Editors can enter an owner's values here or send the requests now."""
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    today = timezone.localdate()
    due = services.requests_due(partnership, today=today)
    asked = {(d.person_id, services.period_of(d).code): d for d in partnership.data_entry_digests.all()}
    history = list(partnership.data_entry_digests.select_related("person", "person__organisation")[:200])
    return render(
        request,
        "performance/entry/requests.html",
        {
            "page_title": "Owners' data requests",
            "partnership": partnership,
            "due": [
                {
                    "request": r,
                    "digest": asked.get((r.person.pk, r.period.code)),
                    "overdue": r.is_overdue(today),
                }
                for r in due
            ],
            "history": history,
            "may_edit": access.may_edit,
            "today": today,
            "breadcrumbs": [*_crumbs(partnership)[:1], {"label": "Owners' data requests", "url": None}],
        },
    )


def data_requests_send(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the due requests now (the worker also sends them daily); POST only."""
    access = partnership_access(request, slug, EDIT)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    run = services.send_data_requests(
        partnership=access.partnership, today=timezone.localdate(), user=request.user
    )
    sent = len(run.sent)
    parts = [f"Sent {sent} request{'s' if sent != 1 else ''}."]
    if run.already_sent:
        count = len(run.already_sent)
        parts.append(f"{count} owner{'s were' if count != 1 else ' was'} already asked for that period.")
    if run.no_email:
        parts.append(f"Not sent to {', '.join(p.full_name for p in run.no_email)}: no email address.")
    if run.escalated:
        count = len(run.escalated)
        parts.append(f"Escalated {count} missed deadline{'s' if count != 1 else ''}.")
    messages.success(request, " ".join(parts))
    return redirect("performance:data_requests", slug=slug)


# The indicator page's panel -------------------------------------------------------------------


def indicator_panel_context(
    *,
    indicator: Indicator,
    link: PartnershipIndicator | None = None,
    access: PartnershipAccess | None = None,
    partnership: Partnership | None = None,
    **_: Any,
) -> dict[str, Any] | None:
    """The "Enter a value" panel on an indicator's page: a link for editors of the partnership
    that owns a local indicator; for a shared one, where its values come from."""
    partnership = partnership or (access.partnership if access else None)
    if partnership is None:
        return None
    local = services.is_editable(partnership, indicator)
    if not local and not indicator.is_shared:
        return None  # another partnership's indicator: nothing to say here
    may_edit = bool(access and access.may_edit)
    if local and not may_edit:
        return None
    context: dict[str, Any] = {"indicator": indicator, "local": local, "partnership": partnership}
    if local:
        context["enter_url"] = reverse(
            "performance:entry_value", kwargs={"slug": partnership.slug, "indicator_id": indicator.pk}
        )
        if link is not None and link.owner_person_id:
            due = entry_rules.due_period(
                indicator.frequency, timezone.localdate(), link.due_days_after_period
            )
            if due is not None:
                context["due"] = due
                context["owner"] = link.owner_person
                context["grid_url"] = reverse(
                    "performance:entry_grid",
                    kwargs={
                        "slug": partnership.slug,
                        "person_id": link.owner_person_id,
                        "period": due.period.code,
                    },
                )
        context["requests_url"] = reverse("performance:data_requests", kwargs={"slug": partnership.slug})
    return {"entry_panel": context}
