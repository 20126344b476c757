"""The respondent's pages, reached through their personal link (no account): start page, one
element per page, check your answers, submit, confirmation.

Every view re-opens the link from the token in the URL (`open_link(token, purpose=...)`),
so a guessed, altered, revoked, expired or used link never opens the form, and checks that
the round is open and the invitation has not responded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.assessment import selectors_rounds as selectors
from joinedup.assessment.forms.rounds import QuestionsForm
from joinedup.assessment.models import Choice, Invitation
from joinedup.assessment.services import responses as services
from joinedup.assessment.services.rounds import PURPOSE
from joinedup.core import signed_links
from joinedup.core.forms import add_service_errors
from joinedup.core.models import SignedLink

CHOICE_LABELS = dict(Choice.choices)
# Roughly a minute a question, rounded up to five minutes.
MINUTES_PER_QUESTION = 1


class _Refused(Exception):
    def __init__(self, title: str, reason: str):
        self.title, self.reason = title, reason


def _not_open(request: HttpRequest, refused: _Refused) -> HttpResponse:
    return render(
        request,
        "assessment/respond/not_open.html",
        {"page_title": refused.title, "title": refused.title, "reason": refused.reason},
        status=410,
    )


def _open(token: str) -> tuple[SignedLink, Invitation]:
    """The link and its invitation, if the form may be opened; otherwise _Refused with why."""
    try:
        link = signed_links.open_link(token, purpose=PURPOSE)
    except signed_links.LinkNotUsable as exc:
        if exc.link is not None and exc.link.completed_at is not None:
            raise _Refused(
                "You have already submitted your answers",
                "Thank you: your answers to this self-assessment have been submitted, so this link no "
                "longer opens the form. Answers cannot be changed after they are submitted.",
            ) from exc
        raise _Refused("This link cannot be used", exc.reason) from exc
    invitation = selectors.invitation_for_link(link)
    if invitation is None:
        raise _Refused(
            "This link cannot be used",
            "This link has been replaced by a newer one. "
            "Use the link in the most recent email you were sent.",
        )
    round_ = invitation.round
    today = timezone.localdate()
    if invitation.responded:
        raise _Refused(
            "You have already submitted your answers",
            "Thank you: your answers to this self-assessment have been submitted, so this link no longer "
            "opens the form.",
        )
    if round_.closed_at is not None or round_.closes_on < today:
        closed_on = round_.closes_on if round_.closed_at is None else timezone.localdate(round_.closed_at)
        raise _Refused(
            "This self-assessment has closed",
            f"{round_.title} closed on {_day(closed_on)}, "
            "so it no longer takes answers. Answers you saved but did not submit are not counted.",
        )
    if round_.opens_on > today:
        raise _Refused(
            "This self-assessment has not opened yet",
            f"{round_.title} opens on {_day(round_.opens_on)}. Use the same link then.",
        )
    return link, invitation


def _day(date) -> str:
    return f"{date.day} {date:%B %Y}"


def _context(invitation: Invitation, token: str, **extra) -> dict:
    round_ = invitation.round
    return {
        "round": round_,
        "partnership": round_.partnership,
        "token": token,
        "closes_on": round_.closes_on,
        **extra,
    }


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The start page: what the round is, anonymous or named, closing date, how long."""
    try:
        _link, invitation = _open(token)
    except _Refused as refused:
        return _not_open(request, refused)
    elements = selectors.elements_of(invitation.round.framework_version)
    questions = sum(len(e.question_list) for e in elements)  # type: ignore[attr-defined,misc]
    draft = selectors.draft_for(invitation)
    return render(
        request,
        "assessment/respond/start.html",
        _context(
            invitation,
            token,
            page_title=f"{invitation.round.title}: self-assessment",
            person=invitation.person,
            elements=elements,
            questions=questions,
            minutes=max(5, -(-questions * MINUTES_PER_QUESTION // 5) * 5),
            has_draft=draft is not None,
            answered=len(selectors.saved_answers(draft)),
        ),
    )


def respond_element(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """One element per page: radios per question (descriptors in words), optional comment."""
    try:
        _link, invitation = _open(token)
    except _Refused as refused:
        return _not_open(request, refused)
    elements = selectors.elements_of(invitation.round.framework_version)
    if not 1 <= number <= len(elements):
        raise Http404("No such element")
    element = elements[number - 1]
    questions = element.question_list  # type: ignore[attr-defined]
    saved = selectors.saved_answers(selectors.draft_for(invitation))
    initial = {}
    for q in questions:
        if q.pk in saved:
            initial[f"q{q.pk}"], initial[f"c{q.pk}"] = saved[q.pk]
    form = QuestionsForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answers(invitation=invitation, questions=questions, answers=form.answers())
        except services.NotAnswerable as exc:
            return _not_open(request, _Refused("Your answers were not saved", str(exc)))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.POST.get("then") == "later":
                return render(
                    request,
                    "assessment/respond/saved.html",
                    _context(invitation, token, page_title="Your answers have been saved"),
                )
            if number < len(elements):
                return redirect("assessment:respond_element", token=token, number=number + 1)
            return redirect("assessment:respond_check", token=token)
    return render(
        request,
        "assessment/respond/element.html",
        _context(
            invitation,
            token,
            page_title=f"{element.title} ({number} of {len(elements)})",
            element=element,
            number=number,
            count=len(elements),
            form=form,
            items=form.items(),
            previous_url=(
                reverse("assessment:respond_element", kwargs={"token": token, "number": number - 1})
                if number > 1
                else reverse("assessment:respond", kwargs={"token": token})
            ),
        ),
    )


def respond_check(request: HttpRequest, token: str) -> HttpResponse:
    """Check your answers (summary list, change links); POST submits. Every question must be
    answered ("Don't know" counts), else an error summary links to each unanswered one."""
    try:
        link, invitation = _open(token)
    except _Refused as refused:
        return _not_open(request, refused)
    elements = selectors.elements_of(invitation.round.framework_version)
    questions = [q for e in elements for q in e.question_list]  # type: ignore[attr-defined]
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            services.submit_response(invitation=invitation, link=link, questions=questions)
        except services.NotAnswerable as exc:
            return _not_open(request, _Refused("Your answers were not submitted", str(exc)))
        except ValidationError as error:
            by_id = {f"q{q.pk}": q for q in questions}
            for key, messages in error.message_dict.items():
                if key in by_id:
                    errors.append({"href": f"#answer-{by_id[key].pk}", "text": f"Answer “{by_id[key].text}”"})
                else:
                    errors.extend({"href": "#answers", "text": m} for m in messages)
        else:
            return render(
                request,
                "assessment/respond/done.html",
                _context(invitation, token, page_title="Answers submitted"),
            )
    saved = selectors.saved_answers(selectors.draft_for(invitation))
    sections: list[dict] = []
    for number, element in enumerate(elements, start=1):
        rows = []
        for q in element.question_list:  # type: ignore[attr-defined]
            choice, comment = saved.get(q.pk, ("", ""))
            rows.append(
                {
                    "question": q,
                    "answer": CHOICE_LABELS.get(choice, ""),
                    "descriptor": q.descriptor(choice),
                    "comment": comment,
                    "change_url": reverse(
                        "assessment:respond_element", kwargs={"token": token, "number": number}
                    )
                    + f"#question-{q.pk}",
                }
            )
        sections.append({"element": element, "rows": rows})
    return render(
        request,
        "assessment/respond/check.html",
        _context(
            invitation,
            token,
            page_title="Check your answers before submitting",
            sections=sections,
            errors=errors,
            unanswered=sum(1 for s in sections for r in s["rows"] if not r["answer"]),
        ),
        status=200,
    )


def respond_link(request: HttpRequest, link: SignedLink, token: str) -> HttpResponse:
    """The shared `/l/<token>/` entry point for this purpose leads to the start page."""
    return redirect("assessment:respond", token=token)
