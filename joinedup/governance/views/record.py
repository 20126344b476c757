"""Pages for what is recorded at and after meetings: the attendance grid, decisions and
ratifications, meeting actions and the action log, challenge, the register of interests and
declarations. The meeting and item pages show these through panels (see apps.py)."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.governance import analysis_record as analysis
from joinedup.governance import rules
from joinedup.governance import selectors_record as selectors
from joinedup.governance.forms import record as forms
from joinedup.governance.models import AgendaItem, Interest, Meeting
from joinedup.governance.selectors_thread import exempt_filtered
from joinedup.governance.services import record as services
from joinedup.partnerships.access import PartnershipAccess, partnership_access
from joinedup.partnerships.models import Body

VIEW = "partnerships.view"
FORM = "governance/record/form.html"


# --- helpers -----------------------------------------------------------------------------------


def _url(name: str, slug: str, **kwargs: Any) -> str:
    return reverse(f"governance:{name}", kwargs={"slug": slug, **kwargs})


def meeting_url(slug: str, meeting: Meeting) -> str:
    return _url("meeting", slug, meeting_id=meeting.pk)


def item_url(slug: str, item: AgendaItem) -> str:
    return _url("item", slug, item_id=item.pk)


def _manages(access: PartnershipAccess) -> Any:
    """may_manage_meetings for many rows, one query per body rather than per row."""
    cache: dict[int, bool] = {}

    def check(body: Body) -> bool:
        if body.pk not in cache:
            cache[body.pk] = rules.may_manage_meetings(access, body)
        return cache[body.pk]

    return check


def _require_item_visible(access: PartnershipAccess, item: AgendaItem) -> None:
    if item.is_exempt and not rules.may_see_exempt(access, item.meeting.body):
        raise PermissionDenied


def _visible(access: PartnershipAccess, qs: QuerySet) -> QuerySet:
    """Records on exempt items only for those who may see the body's exempt items."""
    return exempt_filtered(qs, rules.bodies_with_exempt_access(access), prefix="item__")


def _crumbs(
    slug: str, meeting: Meeting | None, *extra: tuple[str, str | None]
) -> list[dict[str, str | None]]:
    crumbs: list[dict[str, str | None]] = [
        {"label": "Governance", "url": _url("decisions", slug)},
    ]
    if meeting is not None:
        crumbs.append({"label": str(meeting), "url": meeting_url(slug, meeting)})
    return crumbs + [{"label": label, "url": url} for label, url in extra]


def _form_page(
    request: HttpRequest,
    access: PartnershipAccess,
    *,
    title: str,
    form: Any,
    cancel_url: str,
    meeting: Meeting | None,
    submission: Any = None,
    intro: str = "",
    history: Any = None,
) -> HttpResponse:
    return render(
        request,
        FORM,
        {
            "page_title": title,
            "breadcrumbs": _crumbs(access.partnership.slug, meeting, (title, None)),
            "partnership": access.partnership,
            "form": form,
            "cancel_url": cancel_url,
            "intro": intro,
            "conflict_rows": submission.conflict_rows if submission else None,
            "history": history_rows(history) if history is not None else None,
        },
        status=submission.status if submission else 200,
    )


# --- attendance --------------------------------------------------------------------------------


def attendance(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    meeting = selectors.meeting_in(access.partnership, meeting_id)
    rules.require_manage_meetings(access, meeting.body)
    seat_rows = selectors.seats_for_grid(meeting)
    others = selectors.other_attendees(meeting)
    form = forms.AttendanceGridForm(
        request.POST or None,
        seat_rows=seat_rows,
        people=access.partnership.people.order_by("full_name"),
        others=others,
        initial={"fingerprint": services.attendance_fingerprint(meeting)},
    )
    conflict = False
    status = 200
    if form.is_bound and form.is_valid():
        seats, people = form.entries()
        try:
            submission = submit(
                form,
                lambda: services.save_attendance(
                    meeting=meeting,
                    user=request.user,
                    seats=[services.SeatEntry(s, st, d) for s, st, d in seats],
                    others=[services.OtherEntry(p, st) for p, st in people],
                    fingerprint=form.cleaned_data["fingerprint"],
                ),
            )
        except services.AttendanceConflict:
            # Keep what was typed; adopt the stored fingerprint so a second save overwrites knowingly.
            conflict = True
            status = 409
            data = form.data.copy()
            data["fingerprint"] = services.attendance_fingerprint(meeting)
            form.data = data
        else:
            if submission.succeeded:
                messages.success(request, "Attendance saved.")
                return redirect(_url("attendance", slug, meeting_id=meeting.pk))
    return render(
        request,
        "governance/record/attendance.html",
        {
            "page_title": f"Attendance: {meeting}",
            "breadcrumbs": _crumbs(slug, meeting, ("Attendance", None)),
            "partnership": access.partnership,
            "meeting": meeting,
            "form": form,
            "conflict": conflict,
            "saved_rows": selectors.attendance_rows(meeting),
            "quorum": selectors.quorum_for(meeting),
            "meeting_url": meeting_url(slug, meeting),
        },
        status=status,
    )


# --- decisions ---------------------------------------------------------------------------------


def decision_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    item = selectors.item_in(access.partnership, item_id)
    rules.require_manage_meetings(access, item.meeting.body)
    form = forms.DecisionForm(request.POST or None, partnership=access.partnership)
    submission = submit(
        form,
        lambda: services.create_decision(
            item=item, user=request.user, fields=form.service_fields(), links=form.links()
        ),
    )
    if submission.succeeded:
        messages.success(request, "Decision recorded.")
        return redirect(item_url(slug, item))
    return _form_page(
        request,
        access,
        title=f"Record a decision on {item.title}",
        form=form,
        cancel_url=item_url(slug, item),
        meeting=item.meeting,
        submission=submission,
    )


def decision_edit(request: HttpRequest, slug: str, decision_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    decision = selectors.decision_in(access.partnership, decision_id)
    rules.require_manage_meetings(access, decision.item.meeting.body)
    form = forms.DecisionForm(
        request.POST or None, partnership=access.partnership, instance=copy.copy(decision)
    )
    submission = submit(
        form,
        lambda: services.update_decision(
            decision=decision,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            links=form.links(),
        ),
    )
    if submission.succeeded:
        messages.success(request, "Decision saved.")
        return redirect(_url("decisions", slug))
    return _form_page(
        request,
        access,
        title="Edit a decision",
        form=form,
        history=selectors.record_history(decision),
        cancel_url=_url("decisions", slug),
        meeting=decision.item.meeting,
        submission=submission,
    )


def ratification_add(request: HttpRequest, slug: str, decision_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    decision = selectors.decision_in(access.partnership, decision_id)
    rules.require_manage_meetings(access, decision.item.meeting.body)
    form = forms.RatificationForm(request.POST or None, partnership=access.partnership)
    submission = submit(
        form,
        lambda: services.record_ratification(
            decision=decision,
            user=request.user,
            organisation=form.cleaned_data["organisation"],
            outcome=form.cleaned_data["outcome"],
            decided_on=form.cleaned_data["decided_on"],
            body_name=form.cleaned_data["body_name"],
            note=form.cleaned_data["note"],
        ),
    )
    if submission.succeeded:
        messages.success(request, "Ratification recorded.")
        return redirect(_url("decisions", slug))
    return _form_page(
        request,
        access,
        title="Record a partner's ratification",
        intro=f"Decision: {decision.text}. Recording a partner again replaces its earlier outcome.",
        form=form,
        cancel_url=_url("decisions", slug),
        meeting=decision.item.meeting,
        submission=submission,
    )


def _body_filter(request: HttpRequest, access: PartnershipAccess) -> Body | None:
    value = request.GET.get("body", "")
    if value.isdigit():
        return selectors.body_in(access.partnership, int(value))
    return None


def decisions(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    body = _body_filter(request, access)
    today = timezone.localdate()
    manages = _manages(access)
    rows = []
    for decision in _visible(access, selectors.decisions_for(access.partnership, body=body)):
        tracked = analysis.Tracked(decision.pk, decision.status, decision.due_date, decision.report_due)
        rows.append(
            {
                "decision": decision,
                "overdue": analysis.is_overdue(tracked, today),
                "due_back": analysis.is_due_back(tracked, today),
                "may_manage": manages(decision.item.meeting.body),
                "item_url": item_url(slug, decision.item),
            }
        )
    return render(
        request,
        "governance/record/decisions.html",
        {
            "page_title": "Decisions",
            "breadcrumbs": [{"label": "Decisions", "url": None}],
            "partnership": access.partnership,
            "rows": rows,
            "body": body,
            "bodies": access.partnership.bodies.order_by("name"),
        },
    )


# --- meeting actions ---------------------------------------------------------------------------


def action_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    item = selectors.item_in(access.partnership, item_id)
    rules.require_manage_meetings(access, item.meeting.body)
    form = forms.MeetingActionForm(request.POST or None, partnership=access.partnership)
    submission = submit(
        form,
        lambda: services.create_meeting_action(
            item=item, user=request.user, fields=form.service_fields(), links=form.links()
        ),
    )
    if submission.succeeded:
        messages.success(request, "Action recorded.")
        return redirect(item_url(slug, item))
    return _form_page(
        request,
        access,
        title=f"Record an action on {item.title}",
        form=form,
        cancel_url=item_url(slug, item),
        meeting=item.meeting,
        submission=submission,
    )


def action_edit(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    action = selectors.meeting_action_in(access.partnership, action_id)
    rules.require_manage_meetings(access, action.item.meeting.body)
    form = forms.MeetingActionForm(
        request.POST or None, partnership=access.partnership, instance=copy.copy(action)
    )
    submission = submit(
        form,
        lambda: services.update_meeting_action(
            action=action,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            links=form.links(),
        ),
    )
    if submission.succeeded:
        messages.success(request, "Action saved.")
        return redirect(_url("action_log", slug))
    return _form_page(
        request,
        access,
        title="Edit a meeting action",
        form=form,
        history=selectors.record_history(action),
        cancel_url=_url("action_log", slug),
        meeting=action.item.meeting,
        submission=submission,
    )


def _action_log_page(request: HttpRequest, access: PartnershipAccess, body: Body | None) -> HttpResponse:
    today = timezone.localdate()
    visible = set(_visible(access, access.partnership.meeting_actions.all()).values_list("pk", flat=True))
    chosen = [a for a in selectors.meeting_actions_for(access.partnership, body=body) if a.pk in visible]
    rows = selectors.action_log(chosen, today)
    manages = _manages(access)
    for row in rows:
        row["may_manage"] = manages(row["action"].item.meeting.body)
        row["item_url"] = item_url(access.partnership.slug, row["action"].item)
    summary = analysis.overdue(
        [analysis.Tracked(a.pk, a.status, a.due_date) for a in chosen], today, noun="action"
    )
    title = f"Action log: {body.name}" if body else "Action log"
    return render(
        request,
        "governance/record/action_log.html",
        {
            "page_title": title,
            "breadcrumbs": [{"label": title, "url": None}],
            "partnership": access.partnership,
            "rows": rows,
            "body": body,
            "summary": summary,
            "bodies": access.partnership.bodies.order_by("name"),
        },
    )


def action_log(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    return _action_log_page(request, access, None)


def body_action_log(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    return _action_log_page(request, access, selectors.body_in(access.partnership, body_id))


# --- challenge ---------------------------------------------------------------------------------


def challenge_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    item = selectors.item_in(access.partnership, item_id)
    rules.require_manage_meetings(access, item.meeting.body)
    form = forms.ChallengeForm(request.POST or None, partnership=access.partnership)
    submission = submit(
        form, lambda: services.create_challenge(item=item, user=request.user, fields=form.service_fields())
    )
    if submission.succeeded:
        messages.success(request, "Challenge recorded.")
        return redirect(item_url(slug, item))
    return _form_page(
        request,
        access,
        title=f"Record a challenge on {item.title}",
        form=form,
        cancel_url=item_url(slug, item),
        meeting=item.meeting,
        submission=submission,
    )


def challenge_edit(request: HttpRequest, slug: str, challenge_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    challenge = selectors.challenge_in(access.partnership, challenge_id)
    rules.require_manage_meetings(access, challenge.item.meeting.body)
    form = forms.ChallengeForm(
        request.POST or None, partnership=access.partnership, instance=copy.copy(challenge)
    )
    submission = submit(
        form,
        lambda: services.update_challenge(
            challenge=challenge,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
        ),
    )
    if submission.succeeded:
        messages.success(request, "Challenge saved.")
        return redirect(_url("challenges", slug))
    return _form_page(
        request,
        access,
        title="Edit a challenge",
        form=form,
        history=selectors.record_history(challenge),
        cancel_url=_url("challenges", slug),
        meeting=challenge.item.meeting,
        submission=submission,
    )


def challenges(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rows = list(_visible(access, selectors.challenges_for(access.partnership)))
    manages = _manages(access)
    per_meeting: dict[Meeting, list[Any]] = {}
    for challenge in rows:
        per_meeting.setdefault(challenge.item.meeting, []).append(challenge)
    return render(
        request,
        "governance/record/challenges.html",
        {
            "page_title": "Challenge",
            "breadcrumbs": [{"label": "Challenge", "url": None}],
            "partnership": access.partnership,
            "groups": [
                {
                    "meeting": m,
                    "url": meeting_url(slug, m),
                    "challenges": cs,
                    "may_manage": manages(m.body),
                }
                for m, cs in per_meeting.items()
            ],
        },
    )


# --- interests and declarations ----------------------------------------------------------------


def interests(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    own = rules.person_of(access)
    rows = [
        {
            "interest": i,
            "details": rules.may_see_interest_details(access, i),
            "may_edit": rules.may_edit_interest_of(access, i.person),
        }
        for i in selectors.interests_for(access.partnership)
    ]
    return render(
        request,
        "governance/record/interests.html",
        {
            "page_title": "Register of interests",
            "breadcrumbs": [{"label": "Register of interests", "url": None}],
            "partnership": access.partnership,
            "rows": rows,
            "may_add": rules.may_manage_interests(access) or own is not None,
        },
    )


def interest_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    own = rules.person_of(access)
    manages = rules.may_manage_interests(access)
    if not manages and own is None:
        raise PermissionDenied
    people = access.partnership.people.order_by("full_name") if manages else None
    chooser = forms.InterestPersonForm(request.POST or None, people=people) if manages else None
    form = forms.InterestForm(
        request.POST or None, partnership=access.partnership, initial={"registered_on": timezone.localdate()}
    )
    if form.is_bound and chooser is not None and not chooser.is_valid():
        form.is_valid()
        submission = None
    else:
        submission = submit(
            form,
            lambda: services.create_interest(
                person=chooser.cleaned_data["person"] if chooser is not None else own,
                user=request.user,
                fields=form.service_fields(),
            ),
        )
        if submission.succeeded:
            messages.success(request, "Interest registered.")
            return redirect(_url("interests", slug))
    return render(
        request,
        "governance/record/interest_form.html",
        {
            "page_title": "Register an interest",
            "breadcrumbs": [
                {"label": "Register of interests", "url": _url("interests", slug)},
                {"label": "Register an interest", "url": None},
            ],
            "partnership": access.partnership,
            "chooser": chooser,
            "form": form,
            "own": own,
            "cancel_url": _url("interests", slug),
        },
    )


def interest_edit(request: HttpRequest, slug: str, interest_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    interest: Interest = selectors.interest_in(access.partnership, interest_id)
    if not rules.may_edit_interest_of(access, interest.person):
        raise PermissionDenied
    form = forms.InterestForm(
        request.POST or None, partnership=access.partnership, instance=copy.copy(interest)
    )
    submission = submit(
        form,
        lambda: services.update_interest(
            interest=interest,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
        ),
    )
    if submission.succeeded:
        messages.success(request, "Interest saved.")
        return redirect(_url("interests", slug))
    return render(
        request,
        "governance/record/form.html",
        {
            "page_title": f"Edit an interest of {interest.person}",
            "history": history_rows(selectors.record_history(interest)),
            "breadcrumbs": [
                {"label": "Register of interests", "url": _url("interests", slug)},
                {"label": "Edit an interest", "url": None},
            ],
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _url("interests", slug),
        },
        status=submission.status,
    )


def declaration_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    item = selectors.item_in(access.partnership, item_id)
    body = item.meeting.body
    if not rules.may_declare(access, body):
        raise PermissionDenied
    _require_item_visible(access, item)
    if rules.may_manage_meetings(access, body):
        day = timezone.localtime(item.meeting.starts_at).date()
        ids = [p.pk for p in selectors.members_of(body, day)]
        people = access.partnership.people.filter(pk__in=ids).order_by("full_name")
    else:
        own = rules.person_of(access)
        people = access.partnership.people.filter(pk=own.pk if own else 0)
    interests_qs = access.partnership.interests.filter(person__in=people).select_related("person")
    initial = {"person": people.first()} if people.count() == 1 else {}
    form = forms.DeclarationForm(request.POST or None, people=people, interests=interests_qs, initial=initial)
    if (
        form.is_bound
        and form.is_valid()
        and not rules.may_declare_for(access, body, form.cleaned_data["person"])
    ):
        raise PermissionDenied
    submission = submit(
        form,
        lambda: services.create_declaration(
            item=item,
            user=request.user,
            person=form.cleaned_data["person"],
            nature=form.cleaned_data["nature"],
            withdrew=form.cleaned_data["withdrew"],
            interest=form.cleaned_data["interest"],
        ),
    )
    if submission.succeeded:
        messages.success(request, "Declaration recorded.")
        return redirect(item_url(slug, item))
    return _form_page(
        request,
        access,
        title=f"Declare an interest: {item.title}",
        form=form,
        cancel_url=item_url(slug, item),
        meeting=item.meeting,
        submission=submission,
    )


# --- panels on the meeting and item pages (registered in apps.py) -----------------------------


def meeting_panel_context(
    *, meeting: Meeting, access: PartnershipAccess, partnership: Any = None, **_: Any
) -> dict[str, Any] | None:
    slug = access.partnership.slug
    today = timezone.localdate()
    visible_items = meeting.items.all()
    if not rules.may_see_exempt(access, meeting.body):
        visible_items = visible_items.filter(is_exempt=False)
    item_ids = list(visible_items.values_list("pk", flat=True))
    decisions = list(selectors.decisions_for(access.partnership).filter(item_id__in=item_ids))
    actions = selectors.action_log(
        selectors.meeting_actions_for(access.partnership, item_ids=item_ids), today
    )
    challenges = [
        c for c in selectors.challenges_for(access.partnership, meeting=meeting) if c.item_id in item_ids
    ]
    rows = selectors.attendance_rows(meeting)
    return {
        "record_meeting": meeting,
        "record_may_manage": rules.may_manage_meetings(access, meeting.body),
        "record_attendance_url": _url("attendance", slug, meeting_id=meeting.pk),
        "record_attendance": rows,
        "record_quorum": selectors.quorum_for(meeting),
        "record_decisions": decisions,
        "record_actions": actions,
        "record_challenges": challenges,
        "record_slug": slug,
    }


def _declaration_rows(access: Any, item: Any) -> list[dict[str, Any]]:
    """The item's declarations; the nature of one linked to a sensitive interest is shown only
    to those who may see that interest's details (rules.may_see_interest_details)."""
    rows = []
    for d in item.declarations.select_related("person", "interest"):
        withheld = d.interest is not None and not rules.may_see_interest_details(access, d.interest)
        rows.append(
            {
                "person": d.person,
                "nature": "" if withheld else d.nature,
                "withdrew": d.withdrew,
                "withheld": withheld,
            }
        )
    return rows


def item_panel_context(
    *, item: AgendaItem, access: PartnershipAccess, meeting: Any = None, partnership: Any = None, **_: Any
) -> dict[str, Any] | None:
    body = item.meeting.body
    if item.is_exempt and not rules.may_see_exempt(access, body):
        return None
    manages = rules.may_manage_meetings(access, body)
    prompts = selectors.prompts_for_item(item)
    own = rules.person_of(access)
    own_prompt = next((p for p in prompts if own is not None and p.person_id == own.pk), None)
    return {
        "record_item": item,
        "record_slug": access.partnership.slug,
        "record_may_manage": manages,
        "record_may_declare": rules.may_declare(access, body),
        "record_prompts": prompts if manages else [],
        "record_own_prompt": own_prompt,
        "record_decisions": list(item.decisions.select_related("owner", "report_to")),
        "record_actions": list(item.meeting_actions.select_related("owner")),
        "record_challenges": list(
            item.challenges.select_related("challenger", "challenged_person", "challenged_organisation")
        ),
        "record_declarations": _declaration_rows(access, item),
    }
