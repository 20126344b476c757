"""Rounds for coordinators: open a round (with a preview of who is invited), the round page
(response rate by sector and layer, invitations), send invitations and reminders, resend a
link, close early, extend, and record consensus answers. The rounds list is for every role."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.assessment import rules, selectors_navigation
from joinedup.assessment import selectors_rounds as selectors
from joinedup.assessment.forms.rounds import ExtendForm, OpenRoundForm, QuestionsForm
from joinedup.assessment.models import Choice, ConsensusAnswer, Round
from joinedup.assessment.services import rounds as services
from joinedup.core.conflicts import ConflictRow, EditConflict
from joinedup.core.forms import add_service_errors, submit
from joinedup.partnerships.access import partnership_access

VIEW = "partnerships.view"
CHOICE_LABELS = dict(Choice.choices)


def _crumbs(slug: str, round_: Round | None = None, here: str = "") -> list[dict]:
    crumbs: list[dict[str, str | None]] = [
        {"label": "Self-assessment", "url": reverse("assessment:rounds", kwargs={"slug": slug})}
    ]
    if round_ is not None:
        crumbs.append(
            {
                "label": round_.title,
                "url": reverse("assessment:round", kwargs={"slug": slug, "round_id": round_.pk}),
            }
        )
    crumbs.append({"label": here, "url": None})
    return crumbs


def rounds(request: HttpRequest, slug: str) -> HttpResponse:
    """Every round: title, dates, status, response count. Coordinators may open one."""
    access = partnership_access(request, slug, VIEW)
    coordinator = rules.is_coordinator(access)
    rounds_ = selectors.rounds_for_list(access.partnership)
    papers = selectors_navigation.paper_statuses(access.partnership)
    for round_ in rounds_:
        # Links only where this reader may follow them (the rules each page applies).
        round_.show_results = rules.may_see_results_of(  # type: ignore[attr-defined]
            access, round_, coordinator=coordinator
        )
        round_.paper_status = papers.get(round_.pk)  # type: ignore[attr-defined]
        round_.show_paper = rules.may_read_paper(  # type: ignore[attr-defined]
            coordinator=coordinator, round_closed=round_.is_closed, paper_status=papers.get(round_.pk)
        )
    return render(
        request,
        "assessment/rounds/list.html",
        {
            "page_title": "Self-assessment",
            "partnership": access.partnership,
            "rounds": rounds_,
            "is_coordinator": coordinator,
        },
    )


def round_open(request: HttpRequest, slug: str) -> HttpResponse:
    """Open a round: the form, then a preview of the invitees (counts by sector and layer,
    people with no email) to confirm. Works without JavaScript: the preview carries the form."""
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    partnership = access.partnership
    form = OpenRoundForm(request.POST or None, partnership=partnership)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") == "yes":
            result = submit(
                form,
                lambda: services.open_round(
                    partnership=partnership,
                    user=request.user,
                    title=data["title"],
                    framework_version=data["framework_version"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    is_anonymous=data["is_anonymous"],
                    bodies=list(data["bodies"]),
                    sectors=data["sectors"],
                    layers=data["layers"],
                    people=list(data["people"]),
                    previous_round=data["previous_round"],
                ),
            )
            if result.succeeded:
                round_ = result.result
                messages.success(
                    request,
                    f"Round opened with {round_.invitations.count()} invitees. "
                    "Send the invitations when you are ready.",
                )
                return redirect("assessment:round", slug=slug, round_id=round_.pk)
        if not form.errors:
            preview = selectors.invitee_preview(
                partnership,
                body_ids=[b.pk for b in data["bodies"]],
                sectors=data["sectors"],
                layers=data["layers"],
                person_ids=[p.pk for p in data["people"]],
                today=data["opens_on"],
            )
    return render(
        request,
        "assessment/rounds/open_preview.html" if preview is not None else "assessment/rounds/open.html",
        {
            "page_title": "Check who will be invited" if preview is not None else "Open a round",
            "partnership": partnership,
            "form": form,
            "preview": preview,
            # The preview's confirm button posts the same choices again (no JavaScript needed).
            "carried": [
                (name, value)
                for name in request.POST
                if name not in {"csrfmiddlewaretoken", "confirm"}
                for value in request.POST.getlist(name)
            ],
            "breadcrumbs": _crumbs(slug, here="Open a round"),
        },
    )


def _round(access, round_id: int) -> Round:
    round_ = selectors.round_for(access.partnership, round_id)
    if round_ is None:
        raise Http404("No such round")
    return round_


def round_detail(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """The coordinator's round page: status, dates, live response rate, invitations."""
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = _round(access, round_id)
    overview = selectors.round_overview(access.partnership, round_)
    paper_status = selectors_navigation.paper_status(access.partnership, round_)
    return render(
        request,
        "assessment/rounds/round.html",
        {
            "page_title": round_.title,
            "partnership": access.partnership,
            "round": round_,
            "overview": overview,
            "show_results": rules.may_see_results_of(access, round_, coordinator=True),
            "paper_status": paper_status,
            "show_paper": rules.may_read_paper(
                coordinator=True, round_closed=round_.is_closed, paper_status=paper_status
            ),
            "breadcrumbs": _crumbs(slug, here=round_.title),
        },
    )


def _post_only(request: HttpRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _sent_message(count: int, what: str) -> str:
    return f"Sent {count} {what}{'s' if count != 1 else ''}."


def round_send(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = _round(access, round_id)
    if (refused := _post_only(request)) is not None:
        return refused
    try:
        run = services.send_invitations(round_=round_, user=request.user)
        messages.success(request, _sent_message(len(run.sent), "invitation"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessment:round", slug=slug, round_id=round_.pk)


def round_remind(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = _round(access, round_id)
    if (refused := _post_only(request)) is not None:
        return refused
    try:
        run = services.send_reminders(round_=round_, user=request.user)
        messages.success(request, _sent_message(len(run.sent), "reminder"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessment:round", slug=slug, round_id=round_.pk)


def invitation_resend(request: HttpRequest, slug: str, round_id: int, invitation_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = _round(access, round_id)
    invitation = selectors.invitation_for(round_, invitation_id)
    if invitation is None:
        raise Http404("No such invitation")
    if (refused := _post_only(request)) is not None:
        return refused
    try:
        services.resend_invitation(invitation=invitation, user=request.user)
        messages.success(
            request, f"Sent {invitation.person.full_name} a fresh link. The old link no longer works."
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessment:round", slug=slug, round_id=round_.pk)


def round_close(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """GET asks to confirm; POST closes the round now."""
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = _round(access, round_id)
    if request.method == "POST":
        try:
            services.close_round(round_=round_, user=request.user)
            messages.success(request, "The round is closed. Links no longer open the form.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("assessment:round", slug=slug, round_id=round_.pk)
    return render(
        request,
        "assessment/rounds/close.html",
        {
            "page_title": f"Close {round_.title} early",
            "partnership": access.partnership,
            "round": round_,
            "breadcrumbs": _crumbs(slug, round_, "Close early"),
        },
    )


def round_extend(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = _round(access, round_id)
    form = ExtendForm(request.POST or None, instance=round_)
    result = submit(
        form,
        lambda: services.extend_round(
            round_=round_,
            user=request.user,
            closes_on=form.cleaned_data["closes_on"],
            expected_version=form.expected_version,
        ),
    )
    if result.succeeded:
        messages.success(
            request, "The closing date is extended. Links sent already work until the day after it."
        )
        return redirect("assessment:round", slug=slug, round_id=round_.pk)
    return render(
        request,
        "assessment/rounds/extend.html",
        {
            "page_title": f"Extend {round_.title}",
            "partnership": access.partnership,
            "round": round_,
            "form": form,
            "conflict_rows": result.conflict_rows,
            "breadcrumbs": _crumbs(slug, round_, "Extend"),
        },
        status=result.status,
    )


def consensus(request: HttpRequest, slug: str, round_id: int, number: int) -> HttpResponse:
    """The coordinator's consensus answers for one element (one element per page)."""
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = _round(access, round_id)
    elements = selectors.elements_of(round_.framework_version)
    if not 1 <= number <= len(elements):
        raise Http404("No such element")
    element = elements[number - 1]
    questions = element.question_list  # type: ignore[attr-defined]
    recorded = selectors.consensus_for(round_)
    initial = {}
    for q in questions:
        answer = recorded.get(q.pk)
        if answer is not None:
            initial.update({f"q{q.pk}": answer.choice, f"c{q.pk}": answer.note, f"v{q.pk}": answer.version})
    form = QuestionsForm(request.POST or None, questions=questions, with_note="note", initial=initial)
    conflict_rows = None
    status = 200
    if request.method == "POST" and form.is_valid():
        inputs = {
            q.pk: services.ConsensusInput(
                choice=form.cleaned_data[f"q{q.pk}"] or "",
                note=(form.cleaned_data[f"c{q.pk}"] or "").strip(),
                version=form.cleaned_data[f"v{q.pk}"],
            )
            for q in questions
        }
        try:
            services.record_consensus(round_=round_, questions=questions, answers=inputs, user=request.user)
        except EditConflict as conflict:
            current = cast(ConsensusAnswer, conflict.current)
            conflict_rows = [
                ConflictRow(
                    "Answer",
                    current.get_choice_display(),
                    CHOICE_LABELS.get(inputs[current.question_id].choice, "No answer"),
                ),
                ConflictRow("Note", current.note, inputs[current.question_id].note),
            ]
            data = request.POST.copy()
            data[f"v{current.question_id}"] = str(current.version)
            form = QuestionsForm(data, questions=questions, with_note="note")
            form.is_valid()
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Consensus answers for {element.title} saved.")
            if number < len(elements):
                return redirect("assessment:consensus", slug=slug, round_id=round_.pk, number=number + 1)
            return redirect("assessment:round", slug=slug, round_id=round_.pk)
    return render(
        request,
        "assessment/rounds/consensus.html",
        {
            "page_title": f"Consensus answers: {element.title}",
            "partnership": access.partnership,
            "round": round_,
            "element": element,
            "number": number,
            "count": len(elements),
            "elements": elements,
            "form": form,
            "items": [{**item, "recorded": recorded.get(item["question"].pk)} for item in form.items()],
            "conflict_rows": conflict_rows,
            "breadcrumbs": _crumbs(slug, round_, "Consensus answers"),
        },
        status=status,
    )
