"""The structure pages: the governance tree, bodies, seats and memberships."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.core.forms import add_service_errors, submit
from joinedup.core.history import history_rows
from joinedup.core.uploads import attachment_response
from joinedup.partnerships import presenters, selectors, statutory
from joinedup.partnerships.access import partnership_access
from joinedup.partnerships.forms import structure as forms
from joinedup.partnerships.services import structure as services

VIEW = "partnerships.view"
EDIT = "partnerships.edit"


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    crumbs: list[dict[str, str | None]] = [
        {"label": "Home", "url": reverse("partnerships:home", kwargs={"slug": slug})},
        {"label": "Structure", "url": reverse("partnerships:structure", kwargs={"slug": slug})},
    ]
    crumbs += [{"label": label, "url": url} for label, url in extra]
    return crumbs


def _body_url(slug: str, body_id: int) -> str:
    return reverse("partnerships:body_detail", kwargs={"slug": slug, "body_id": body_id})


# --- the tree and the leadership figures ------------------------------------------------------


def structure(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    bodies = selectors.structure_bodies(partnership)
    posts = selectors.leadership_posts_in(bodies)
    return render(
        request,
        "partnerships/structure/tree.html",
        {
            "page_title": "Structure",
            "breadcrumbs": [*_crumbs(slug)[:1], {"label": "Structure", "url": None}],
            "partnership": partnership,
            "access": access,
            "layers": presenters.structure_tree(partnership, bodies),
            "leadership": presenters.leadership_figures(partnership, posts),
            "statutory_gaps": presenters.statutory_gaps(partnership, bodies),
            "expects_statutory_seats": bool(statutory.expected_seats(partnership.partnership_type)),
            "has_statutory_body": any(b.is_statutory_body for b in bodies),
            "labels": statutory.labels_for(partnership.partnership_type),
        },
    )


def leadership(request: HttpRequest, slug: str) -> HttpResponse:
    """The posts behind the council share figures, and how the share was computed."""
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    posts = selectors.current_leadership_posts(partnership)
    result = presenters.leadership_result(posts)
    council = None
    council_id = request.GET.get("council", "")
    shown = posts
    if council_id:
        if not council_id.isdigit():
            raise Http404("No such council")
        council = partnership.organisations.filter(pk=int(council_id), sector="local_government").first()
        if council is None:
            raise Http404("No such council")
        shown = [m for m in posts if m.represents_id == council.pk]
    council_share = next((c for c in result.per_council if council and c.organisation_id == council.pk), None)
    return render(
        request,
        "partnerships/structure/leadership.html",
        {
            "page_title": f"Chair and vice-chair posts held by {council.name}"
            if council
            else "Chair and vice-chair posts",
            "breadcrumbs": _crumbs(slug, ("Chair and vice-chair posts", None)),
            "partnership": partnership,
            "council": council,
            "result": result,
            "share": presenters.percent(result.share),
            "council_posts": council_share.posts if council_share else 0,
            "council_percent": presenters.percent(council_share.share) if council_share else "0%",
            "rows": presenters.leadership_rows(partnership, shown),
            "all_url": reverse("partnerships:structure_leadership", kwargs={"slug": slug}),
        },
    )


# --- bodies ---------------------------------------------------------------------------------


def body_detail(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    body = selectors.body_page(partnership, body_id)
    return render(
        request,
        "partnerships/structure/body_detail.html",
        {
            "page_title": body.name,
            "breadcrumbs": _crumbs(slug, (body.name, None)),
            "partnership": partnership,
            "access": access,
            "body": body,
            "page": presenters.body_page(partnership, body),
            "history": history_rows(selectors.body_history(body)[:50]),
        },
    )


def body_terms_document(request: HttpRequest, slug: str, body_id: int) -> FileResponse:
    access = partnership_access(request, slug, VIEW)
    body = selectors.body_in(access.partnership, body_id)
    if body.terms_document is None:
        raise Http404("No terms of reference document")
    return attachment_response(body.terms_document)


def body_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, EDIT)
    partnership = access.partnership
    form = forms.BodyForm(request.POST or None, request.FILES or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.create_body(
                partnership=partnership,
                user=request.user,
                fields=form.service_fields(),
                terms_upload=form.cleaned_data.get("terms_upload"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{body.name} added.")
            return redirect(_body_url(slug, body.pk))
    return render(
        request,
        "partnerships/structure/body_form.html",
        {
            "page_title": "Add a body",
            "breadcrumbs": _crumbs(slug, ("Add a body", None)),
            "form": form,
            "partnership": partnership,
            "cancel_url": reverse("partnerships:structure", kwargs={"slug": slug}),
        },
    )


def body_edit(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, EDIT)
    partnership = access.partnership
    body = selectors.body_in(partnership, body_id)
    form = forms.BodyEditForm(
        request.POST or None,
        request.FILES or None,
        partnership=partnership,
        instance=copy.copy(body),
    )
    submission = submit(
        form,
        lambda: services.update_body(
            body=body,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            terms_upload=form.cleaned_data.get("terms_upload"),
            remove_terms_document=bool(form.cleaned_data.get("remove_terms_document")),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{body.name} saved.")
        return redirect(_body_url(slug, body.pk))
    return render(
        request,
        "partnerships/structure/body_form.html",
        {
            "page_title": f"Edit {body.name}",
            "breadcrumbs": _crumbs(slug, (body.name, _body_url(slug, body.pk)), ("Edit", None)),
            "form": form,
            "body": body,
            "partnership": partnership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _body_url(slug, body.pk),
        },
        status=submission.status,
    )


def body_delete(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, EDIT)
    body = selectors.body_in(access.partnership, body_id)
    reasons = services.body_in_use_reasons(body)
    if request.method == "POST" and not reasons:
        try:
            services.delete_body(body=body, user=request.user)
        except ValidationError as error:
            reasons = error.messages
        else:
            messages.success(request, f"{body.name} deleted.")
            return redirect("partnerships:structure", slug=slug)
    return render(
        request,
        "partnerships/structure/confirm_delete.html",
        {
            "page_title": f"Delete {body.name}",
            "breadcrumbs": _crumbs(slug, (body.name, _body_url(slug, body.pk)), ("Delete", None)),
            "thing": body.name,
            "reasons": reasons,
            "advice": "Memberships are kept as history, so a body that has had members stays: "
            "change its details instead. Remove its seats and make the bodies that report to it "
            "report elsewhere first.",
            "cancel_url": _body_url(slug, body.pk),
        },
        status=409 if reasons and request.method == "POST" else 200,
    )


# --- seats ----------------------------------------------------------------------------------


def seat_add(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, EDIT)
    partnership = access.partnership
    body = selectors.body_in(partnership, body_id)
    form = forms.SeatForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.create_seat(body=body, user=request.user, fields=form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The seat {seat.label} was added to {body.name}.")
            return redirect(_body_url(slug, body.pk))
    return render(
        request,
        "partnerships/structure/seat_form.html",
        {
            "page_title": f"Add a seat to {body.name}",
            "breadcrumbs": _crumbs(slug, (body.name, _body_url(slug, body.pk)), ("Add a seat", None)),
            "form": form,
            "body": body,
            "cancel_url": _body_url(slug, body.pk),
        },
    )


def seat_edit(request: HttpRequest, slug: str, seat_id: int) -> HttpResponse:
    access = partnership_access(request, slug, EDIT)
    partnership = access.partnership
    seat = selectors.seat_in(partnership, seat_id)
    form = forms.SeatEditForm(request.POST or None, partnership=partnership, instance=copy.copy(seat))
    submission = submit(
        form,
        lambda: services.update_seat(
            seat=seat,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"The seat {seat.label} was saved.")
        return redirect(_body_url(slug, seat.body_id))
    return render(
        request,
        "partnerships/structure/seat_form.html",
        {
            "page_title": f"Edit the seat {seat.label}",
            "breadcrumbs": _crumbs(
                slug, (seat.body.name, _body_url(slug, seat.body_id)), ("Edit seat", None)
            ),
            "form": form,
            "body": seat.body,
            "seat": seat,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _body_url(slug, seat.body_id),
        },
        status=submission.status,
    )


def seat_delete(request: HttpRequest, slug: str, seat_id: int) -> HttpResponse:
    access = partnership_access(request, slug, EDIT)
    seat = selectors.seat_in(access.partnership, seat_id)
    reasons = services.seat_in_use_reasons(seat)
    if request.method == "POST" and not reasons:
        try:
            services.delete_seat(seat=seat, user=request.user)
        except ValidationError as error:
            reasons = error.messages
        else:
            messages.success(request, f"The seat {seat.label} was removed.")
            return redirect(_body_url(slug, seat.body_id))
    return render(
        request,
        "partnerships/structure/confirm_delete.html",
        {
            "page_title": f"Remove the seat {seat.label}",
            "breadcrumbs": _crumbs(
                slug, (seat.body.name, _body_url(slug, seat.body_id)), ("Remove seat", None)
            ),
            "thing": f"the seat {seat.label}",
            "reasons": reasons,
            "advice": "A seat that has been held keeps its history: edit the seat instead, or end "
            "the current membership to leave it empty.",
            "cancel_url": _body_url(slug, seat.body_id),
        },
        status=409 if reasons and request.method == "POST" else 200,
    )


# --- memberships ----------------------------------------------------------------------------


def membership_add(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, EDIT)
    partnership = access.partnership
    body = selectors.body_in(partnership, body_id)
    initial: dict[str, object] = {}
    seat_id = request.GET.get("seat", "")
    seat = body.seats.filter(pk=int(seat_id)).first() if seat_id.isdigit() else None
    if seat is not None:
        initial["seat"] = seat.pk
        initial["represents"] = seat.organisation_id
    if request.GET.get("deputy") == "1":
        initial["is_deputy"] = "True"
    form = forms.MembershipForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.add_membership(body=body, user=request.user, fields=form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{membership.person.full_name} was added to {body.name}.")
            return redirect(_body_url(slug, body.pk))
    return render(
        request,
        "partnerships/structure/membership_form.html",
        {
            "page_title": f"Add a member to {body.name}",
            "breadcrumbs": _crumbs(slug, (body.name, _body_url(slug, body.pk)), ("Add a member", None)),
            "form": form,
            "body": body,
            "cancel_url": _body_url(slug, body.pk),
        },
    )


def membership_edit(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    access = partnership_access(request, slug, EDIT)
    membership = selectors.membership_in(access.partnership, membership_id)
    body = membership.body
    form = forms.MembershipEditForm(request.POST or None, body=body, instance=copy.copy(membership))
    submission = submit(
        form,
        lambda: services.update_membership(
            membership=membership,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{membership.person.full_name}'s membership was saved.")
        return redirect(_body_url(slug, body.pk))
    return render(
        request,
        "partnerships/structure/membership_form.html",
        {
            "page_title": f"Edit {membership.person.full_name}'s membership of {body.name}",
            "breadcrumbs": _crumbs(slug, (body.name, _body_url(slug, body.pk)), ("Edit membership", None)),
            "form": form,
            "body": body,
            "membership": membership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _body_url(slug, body.pk),
        },
        status=submission.status,
    )


def membership_end(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    access = partnership_access(request, slug, EDIT)
    membership = selectors.membership_in(access.partnership, membership_id)
    body = membership.body
    form = forms.EndMembershipForm(
        request.POST or None,
        instance=copy.copy(membership),
        initial={"end_date": timezone.localdate()},
    )
    submission = submit(
        form,
        lambda: services.end_membership(
            membership=membership,
            user=request.user,
            expected_version=form.expected_version,
            end_date=form.cleaned_data["end_date"],
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{membership.person.full_name}'s membership of {body.name} has ended.")
        return redirect(_body_url(slug, body.pk))
    return render(
        request,
        "partnerships/structure/membership_end.html",
        {
            "page_title": f"End {membership.person.full_name}'s membership of {body.name}",
            "breadcrumbs": _crumbs(slug, (body.name, _body_url(slug, body.pk)), ("End membership", None)),
            "form": form,
            "body": body,
            "membership": membership,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _body_url(slug, body.pk),
        },
        status=submission.status,
    )
