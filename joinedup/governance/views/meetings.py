"""Meetings pages: lists, the forward plan, a meeting and its agenda, items, minutes, papers,
clerks, notice rules and calendar feeds."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core import audit, uploads
from joinedup.core.forms import add_service_errors, submit
from joinedup.core.history import history_rows
from joinedup.core.models import SignedLink
from joinedup.governance import analysis_meetings as analysis
from joinedup.governance import rules
from joinedup.governance import selectors_meetings as selectors
from joinedup.governance.forms import meetings as forms
from joinedup.governance.models import AgendaItem, Meeting, MeetingStatus
from joinedup.governance.services import calendars
from joinedup.governance.services import meetings as services
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.partnerships.models import Body, Person
from joinedup.partnerships.roles import role_in

VIEW = "partnerships.view"


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    crumbs: list[dict[str, str | None]] = [
        {"label": "Meetings", "url": reverse("governance:meetings", kwargs={"slug": slug})}
    ]
    return crumbs + [{"label": label, "url": url} for label, url in extra]


def _meeting_url(slug: str, meeting_id: int) -> str:
    return reverse("governance:meeting", kwargs={"slug": slug, "meeting_id": meeting_id})


def _item_url(slug: str, item_id: int) -> str:
    return reverse("governance:item", kwargs={"slug": slug, "item_id": item_id})


def _body_url(slug: str, body_id: int) -> str:
    return reverse("governance:body_meetings", kwargs={"slug": slug, "body_id": body_id})


def _meeting_crumbs(
    slug: str, meeting: Meeting, *extra: tuple[str, str | None]
) -> list[dict[str, str | None]]:
    return _crumbs(
        slug,
        (meeting.body.name, _body_url(slug, meeting.body_id)),
        (str(meeting), _meeting_url(slug, meeting.pk)),
        *extra,
    )


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "governance/meetings/form.html", context, status=status)


def _mark_late(meetings: list[Meeting]) -> list[Meeting]:
    for m in meetings:
        m.papers_are_late = bool(services.papers_late(m))  # type: ignore[attr-defined]
    return meetings


# --- lists ------------------------------------------------------------------------------------


def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    all_meetings = list(selectors.meetings_of(partnership))
    bodies = list(partnership.bodies.order_by("name"))
    return render(
        request,
        "governance/meetings/list.html",
        {
            "page_title": "Meetings",
            "breadcrumbs": [{"label": "Meetings", "url": None}],
            "partnership": partnership,
            "access": access,
            "meetings": _mark_late(all_meetings),
            "bodies": [{"body": b, "may_manage": rules.may_manage_meetings(access, b)} for b in bodies],
            "body": None,
        },
    )


def body_meetings(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    body = selectors.body_in(partnership, body_id)
    body_list = list(selectors.meetings_of(partnership, body))
    return render(
        request,
        "governance/meetings/body.html",
        {
            "page_title": f"Meetings of {body.name}",
            "breadcrumbs": _crumbs(slug, (body.name, None)),
            "partnership": partnership,
            "access": access,
            "body": body,
            "meetings": _mark_late(body_list),
            "may_manage": rules.may_manage_meetings(access, body),
            "may_manage_clerks": rules.may_manage_clerks(access),
            "clerks": selectors.clerks_of(body),
            "rule": analysis.describe_rule(services.notice_rule_for(body)),
        },
    )


def forward_plan(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    coming = selectors.forward_plan(partnership)
    decisions = selectors.decision_items(partnership, coming)
    rows = []
    see_exempt_by_body: dict[int, bool] = {}
    for meeting in coming:
        if meeting.body_id not in see_exempt_by_body:
            see_exempt_by_body[meeting.body_id] = rules.may_see_exempt(access, meeting.body)
        see_exempt = see_exempt_by_body[meeting.body_id]
        rows.append(
            {
                "meeting": meeting,
                "late": services.papers_late(meeting),
                "items": [
                    {"item": item, "hidden": item.is_exempt and not see_exempt}
                    for item in decisions[meeting.pk]
                ],
                "key_decisions": [
                    {"item": item, "hidden": item.is_exempt and not see_exempt}
                    for item in meeting.key_decision_items
                ],
            }
        )
    return render(
        request,
        "governance/meetings/forward_plan.html",
        {
            "page_title": "Forward plan",
            "breadcrumbs": _crumbs(slug, ("Forward plan", None)),
            "partnership": partnership,
            "access": access,
            "rows": rows,
        },
    )


# --- meetings ---------------------------------------------------------------------------------


def meeting_add(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    body = selectors.body_in(access.partnership, body_id)
    rules.require_manage_meetings(access, body)
    form = forms.MeetingForm(request.POST or None)
    submission = submit(
        form, lambda: services.create_meeting(body=body, user=request.user, fields=form.service_fields())
    )
    if submission.succeeded:
        messages.success(request, f"{submission.result} planned.")
        return redirect(_meeting_url(slug, submission.result.pk))
    return _form_page(
        request,
        {
            "page_title": f"Plan a meeting of {body.name}",
            "breadcrumbs": _crumbs(slug, (body.name, _body_url(slug, body.pk)), ("Plan a meeting", None)),
            "partnership": access.partnership,
            "form": form,
            "submit_label": "Plan the meeting",
            "cancel_url": _body_url(slug, body.pk),
        },
    )


def meeting(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    item = selectors.meeting_in(partnership, meeting_id)
    see_exempt = rules.may_see_exempt(access, item.body)
    agenda = selectors.agenda(item)
    rule = services.notice_rule_for(item.body)
    holidays = services.holidays_for(item.starts_at)
    return render(
        request,
        "governance/meetings/meeting.html",
        {
            "page_title": str(item),
            "breadcrumbs": _crumbs(slug, (item.body.name, _body_url(slug, item.body_id)), (str(item), None)),
            "partnership": partnership,
            "access": access,
            "meeting": item,
            "rows": [
                {
                    "item": a,
                    "hidden": a.is_exempt and not see_exempt,
                    "first": i == 0,
                    "last": i == len(agenda) - 1,
                }
                for i, a in enumerate(agenda)
            ],
            "may_manage": rules.may_manage_meetings(access, item.body),
            "late": services.papers_late(item),
            "rule": analysis.describe_rule(rule),
            "papers_due": analysis.latest_publication_date(item.starts_at, rule, holidays),
            "how_computed": analysis.HOW_COMPUTED,
            "status_changes": services.STATUS_CHANGES.get(item.status, ()),
            "may_publish": item.status == MeetingStatus.PLANNED,
            "may_approve": item.status == MeetingStatus.HELD,
            "total_minutes": sum(a.minutes_allotted or 0 for a in agenda),
            "history": history_rows(audit.history_for(item, partnership_id=partnership.pk)),
        },
    )


def meeting_edit(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    item = selectors.meeting_in(access.partnership, meeting_id)
    rules.require_manage_meetings(access, item.body)
    form = forms.MeetingForm(request.POST or None, instance=copy.copy(item))
    submission = submit(
        form,
        lambda: services.update_meeting(
            meeting=item,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{item} saved.")
        return redirect(_meeting_url(slug, item.pk))
    return _form_page(
        request,
        {
            "page_title": f"Edit {item}",
            "breadcrumbs": _meeting_crumbs(slug, item, ("Edit", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _meeting_url(slug, item.pk),
        },
        status=submission.status,
    )


def meeting_status(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    item = selectors.meeting_in(access.partnership, meeting_id)
    rules.require_manage_meetings(access, item.body)
    form = forms.MeetingStatusForm(request.POST or None, allowed=services.STATUS_CHANGES.get(item.status, ()))
    submission = submit(
        form,
        lambda: services.change_status(meeting=item, user=request.user, status=form.cleaned_data["status"]),
    )
    if submission.succeeded:
        messages.success(request, f"{item} is now {item.get_status_display().lower()}.")
        return redirect(_meeting_url(slug, item.pk))
    return _form_page(
        request,
        {
            "page_title": f"Change the status of {item}",
            "intro": f"It is {item.get_status_display().lower()}.",
            "breadcrumbs": _meeting_crumbs(slug, item, ("Status", None)),
            "partnership": access.partnership,
            "form": form,
            "submit_label": "Change the status",
            "cancel_url": _meeting_url(slug, item.pk),
        },
    )


@require_POST
def publish_papers(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    item = selectors.meeting_in(access.partnership, meeting_id)
    rules.require_manage_meetings(access, item.body)
    try:
        late = services.publish_papers(meeting=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_meeting_url(slug, item.pk))
    if late:
        rule = analysis.describe_rule(services.notice_rule_for(item.body))
        messages.warning(
            request, f"Papers published later than the notice rule of {item.body.name} ({rule})."
        )
    else:
        messages.success(request, "Papers published.")
    return redirect(_meeting_url(slug, item.pk))


def approve_minutes(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    item = selectors.meeting_in(access.partnership, meeting_id)
    rules.require_manage_meetings(access, item.body)
    form = forms.ApproveMinutesForm(request.POST or None, later_meetings=selectors.later_meetings(item))
    submission = submit(
        form,
        lambda: services.approve_minutes(
            meeting=item, user=request.user, at_meeting=form.cleaned_data.get("at_meeting")
        ),
    )
    if submission.succeeded:
        messages.success(request, f"The minutes of {item} are approved and locked.")
        return redirect(_meeting_url(slug, item.pk))
    return _form_page(
        request,
        {
            "page_title": f"Approve the minutes of {item}",
            "intro": "Approved minutes are locked: corrections are then recorded as amendments "
            "at a later meeting.",
            "breadcrumbs": _meeting_crumbs(slug, item, ("Approve the minutes", None)),
            "partnership": access.partnership,
            "form": form,
            "submit_label": "Approve the minutes",
            "cancel_url": _meeting_url(slug, item.pk),
        },
    )


# --- agenda items -----------------------------------------------------------------------------


def item_add(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    parent = selectors.meeting_in(access.partnership, meeting_id)
    rules.require_manage_meetings(access, parent.body)
    form = forms.AgendaItemForm(request.POST or None, partnership=access.partnership, body=parent.body)
    submission = submit(
        form,
        lambda: services.add_item(
            meeting=parent,
            user=request.user,
            fields=form.service_fields(),
            organisations=form.cleaned_data.get("organisations") or [],
            links=form.links(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{submission.result.title} added to the agenda.")
        return redirect(_meeting_url(slug, parent.pk))
    return _form_page(
        request,
        {
            "page_title": "Add an agenda item",
            "breadcrumbs": _meeting_crumbs(slug, parent, ("Add an item", None)),
            "partnership": access.partnership,
            "form": form,
            "submit_label": "Add the item",
            "cancel_url": _meeting_url(slug, parent.pk),
        },
    )


def _visible_item(access: PartnershipAccess, slug: str, item_id: int) -> tuple[AgendaItem, bool]:
    item = selectors.item_in(access.partnership, item_id)
    return item, rules.may_see_exempt(access, item.meeting.body)


def item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    agenda_item, see_exempt = _visible_item(access, slug, item_id)
    parent = agenda_item.meeting
    hidden = agenda_item.is_exempt and not see_exempt
    title = f"Exempt item: {agenda_item.exempt_reason}" if hidden else agenda_item.title
    return render(
        request,
        "governance/meetings/item.html",
        {
            "page_title": title,
            "breadcrumbs": _meeting_crumbs(slug, parent, (f"Item {agenda_item.position}", None)),
            "partnership": access.partnership,
            "access": access,
            "item": agenda_item,
            "meeting": parent,
            "hidden": hidden,
            "title": title,
            "may_manage": rules.may_manage_meetings(access, parent.body),
            "amendments": agenda_item.amendments.select_related("agreed_at_meeting").order_by("recorded_at"),
            "papers": list(agenda_item.papers.all()) if not hidden else [],
        },
    )


def item_edit(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    agenda_item = selectors.item_in(access.partnership, item_id)
    rules.require_manage_meetings(access, agenda_item.meeting.body)
    form = forms.AgendaItemForm(
        request.POST or None,
        partnership=access.partnership,
        body=agenda_item.meeting.body,
        instance=copy.copy(agenda_item),
    )
    submission = submit(
        form,
        lambda: services.update_item(
            item=agenda_item,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            organisations=form.cleaned_data.get("organisations") or [],
            links=form.links(),
        ),
    )
    if submission.succeeded:
        messages.success(request, f"{agenda_item.title} saved.")
        return redirect(_item_url(slug, agenda_item.pk))
    return _form_page(
        request,
        {
            "page_title": f"Edit {agenda_item.title}",
            "breadcrumbs": _meeting_crumbs(slug, agenda_item.meeting, ("Edit an item", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _item_url(slug, agenda_item.pk),
        },
        status=submission.status,
    )


@require_POST
def item_move(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    agenda_item = selectors.item_in(access.partnership, item_id)
    rules.require_manage_meetings(access, agenda_item.meeting.body)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise Http404("Move up or down")
    if services.move_item(item=agenda_item, user=request.user, direction=direction):
        messages.success(request, f"{agenda_item.title} moved {direction}.")
    return redirect(f"{_meeting_url(slug, agenda_item.meeting_id)}#item-{agenda_item.pk}")


def item_minutes(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    agenda_item = selectors.item_in(access.partnership, item_id)
    rules.require_manage_meetings(access, agenda_item.meeting.body)
    form = forms.MinutesForm(request.POST or None, instance=copy.copy(agenda_item))
    submission = submit(
        form,
        lambda: services.save_minutes(
            item=agenda_item,
            user=request.user,
            expected_version=form.expected_version,
            minutes=form.cleaned_data.get("minutes") or "",
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Minutes of {agenda_item.title} saved.")
        return redirect(_item_url(slug, agenda_item.pk))
    return _form_page(
        request,
        {
            "page_title": f"Minutes of {agenda_item.title}",
            "intro": services.MINUTES_LOCKED if agenda_item.meeting.minutes_locked else "",
            "breadcrumbs": _meeting_crumbs(slug, agenda_item.meeting, ("Minutes", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": submission.conflict_rows,
            "submit_label": "Save the minutes",
            "cancel_url": _item_url(slug, agenda_item.pk),
        },
        status=submission.status,
    )


def item_amend(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    agenda_item = selectors.item_in(access.partnership, item_id)
    rules.require_manage_meetings(access, agenda_item.meeting.body)
    form = forms.AmendmentForm(
        request.POST or None, later_meetings=selectors.later_meetings(agenda_item.meeting)
    )
    submission = submit(
        form,
        lambda: services.add_amendment(
            item=agenda_item,
            user=request.user,
            agreed_at=form.cleaned_data["agreed_at_meeting"],
            text=form.cleaned_data["text"],
        ),
    )
    if submission.succeeded:
        messages.success(request, "Correction to the minutes recorded.")
        return redirect(_item_url(slug, agenda_item.pk))
    return _form_page(
        request,
        {
            "page_title": f"Correct the minutes of {agenda_item.title}",
            "breadcrumbs": _meeting_crumbs(slug, agenda_item.meeting, ("Correct the minutes", None)),
            "partnership": access.partnership,
            "form": form,
            "submit_label": "Record the correction",
            "cancel_url": _item_url(slug, agenda_item.pk),
        },
    )


def paper_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    agenda_item = selectors.item_in(access.partnership, item_id)
    rules.require_manage_meetings(access, agenda_item.meeting.body)
    form = forms.PaperForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = uploads.store_upload(
                upload,
                allowed=forms.PAPER_KINDS,
                partnership_id=access.partnership.pk,
                uploaded_by=request.user,
            )
        except uploads.UploadRejected as exc:
            add_service_errors(form, ValidationError({"file": str(exc)}))
        else:
            services.attach_paper(item=agenda_item, user=request.user, stored_file=stored)
            messages.success(request, f"{stored.original_name} attached.")
            return redirect(_item_url(slug, agenda_item.pk))
    return render(
        request,
        "governance/meetings/form.html",
        {
            "page_title": f"Attach a paper to {agenda_item.title}",
            "breadcrumbs": _meeting_crumbs(slug, agenda_item.meeting, ("Attach a paper", None)),
            "partnership": access.partnership,
            "form": form,
            "multipart": True,
            "submit_label": "Attach the paper",
            "cancel_url": _item_url(slug, agenda_item.pk),
        },
    )


def paper(request: HttpRequest, slug: str, item_id: int, file_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    agenda_item, see_exempt = _visible_item(access, slug, item_id)
    if agenda_item.is_exempt and not see_exempt:
        raise PermissionDenied
    stored = agenda_item.papers.filter(pk=file_id).first()
    if stored is None:
        raise Http404("No such paper")
    return uploads.attachment_response(stored)


# --- clerks and notice rules ------------------------------------------------------------------


def clerk_add(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.manage")
    body = selectors.body_in(access.partnership, body_id)
    form = forms.ClerkForm(request.POST or None, users=selectors.partnership_users(access.partnership))
    submission = submit(
        form, lambda: services.add_clerk(body=body, clerk_user=form.cleaned_data["user"], user=request.user)
    )
    if submission.succeeded:
        messages.success(request, f"Clerk of {body.name} added.")
        return redirect(_body_url(slug, body.pk))
    return _form_page(
        request,
        {
            "page_title": f"Add a clerk of {body.name}",
            "intro": "Clerks plan the body's meetings, build agendas, publish papers and write minutes, "
            "whatever their role in the partnership.",
            "breadcrumbs": _crumbs(slug, (body.name, _body_url(slug, body.pk)), ("Add a clerk", None)),
            "partnership": access.partnership,
            "form": form,
            "submit_label": "Add the clerk",
            "cancel_url": _body_url(slug, body.pk),
        },
    )


@require_POST
def clerk_remove(request: HttpRequest, slug: str, body_id: int, clerk_id: int) -> HttpResponse:
    access = partnership_access(request, slug, "partnerships.manage")
    body = selectors.body_in(access.partnership, body_id)
    clerk = body.clerks.filter(pk=clerk_id).first()
    if clerk is None:
        raise Http404("No such clerk")
    services.remove_clerk(clerk=clerk, user=request.user)
    messages.success(request, "Clerk removed.")
    return redirect(_body_url(slug, body.pk))


def notice_rule(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    body = selectors.body_in(access.partnership, body_id)
    rules.require_manage_meetings(access, body)
    current = services.notice_rule_for(body)
    form = forms.NoticeRuleForm(
        request.POST or None, initial={"clear_days": current.clear_days, "working_days": current.working_days}
    )
    submission = submit(
        form,
        lambda: services.set_notice_rule(
            body=body,
            clear_days=form.cleaned_data["clear_days"],
            working_days=form.cleaned_data["working_days"],
            user=request.user,
        ),
    )
    if submission.succeeded:
        messages.success(request, f"Notice rule of {body.name} saved.")
        return redirect(_body_url(slug, body.pk))
    return _form_page(
        request,
        {
            "page_title": f"Notice rule of {body.name}",
            "intro": analysis.HOW_COMPUTED,
            "breadcrumbs": _crumbs(slug, (body.name, _body_url(slug, body.pk)), ("Notice rule", None)),
            "partnership": access.partnership,
            "form": form,
            "cancel_url": _body_url(slug, body.pk),
        },
    )


# --- calendar feeds ---------------------------------------------------------------------------


def calendar_feeds(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    person = rules.person_of(access)
    bodies = list(partnership.bodies.order_by("name"))
    form = forms.CalendarForm(request.POST or None, bodies=bodies, person=person)
    new_url = None
    if form.is_bound and form.is_valid():
        kind, _, pk = form.cleaned_data["target"].partition("-")
        target: Body | Person = person if kind == "person" else selectors.body_in(partnership, int(pk))
        issued = calendars.issue_feed(partnership=partnership, target=target, user=request.user)
        new_url = request.build_absolute_uri(issued.path)
        form = forms.CalendarForm(bodies=bodies, person=person)
    return render(
        request,
        "governance/meetings/calendars.html",
        {
            "page_title": "Calendar feeds",
            "breadcrumbs": _crumbs(slug, ("Calendar feeds", None)),
            "partnership": partnership,
            "access": access,
            "form": form,
            "feeds": calendars.feeds_of(partnership=partnership, user=request.user),
            "new_url": new_url,
        },
    )


@require_POST
def calendar_revoke(request: HttpRequest, slug: str, link_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    if calendars.revoke_feed(partnership=access.partnership, user=request.user, link_id=link_id) is None:
        raise Http404("No such calendar feed")
    messages.success(request, "Calendar feed revoked: its address no longer works.")
    return redirect(reverse("governance:calendars", kwargs={"slug": slug}))


def calendar_feed(request: HttpRequest, link: SignedLink, token: str) -> HttpResponse:
    """The handler of `governance.calendar` links: the feed, for whoever holds the secret URL,
    while its creator still belongs to the partnership."""
    target = link.target
    partnership = getattr(target, "partnership", None)
    if target is None or partnership is None or partnership.pk != link.partnership_id:
        raise Http404
    if link.created_by is None or role_in(link.created_by, partnership) is None:
        raise Http404
    name = target.name if isinstance(target, Body) else f"Meetings of {target.full_name}"
    body = calendars.render_feed(
        name=f"{name} ({partnership.name})",
        meetings=calendars.meetings_for_feed(target),
        host=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
