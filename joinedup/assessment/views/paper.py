"""The partnership review paper: the page, its PDF, generation, the author's text, commentary
and overrides per finding, and publishing to members.

Draft papers are for coordinators only; a published paper is read by every role in the
partnership (assessment.rules)."""

from __future__ import annotations

import copy
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from joinedup.accounts.models import User
from joinedup.assessment import rules
from joinedup.assessment import selectors_paper as selectors
from joinedup.assessment.forms import paper as forms
from joinedup.assessment.models import PaperStatus
from joinedup.assessment.services import paper as services
from joinedup.core.audit import history_for
from joinedup.core.forms import submit
from joinedup.core.history import history_rows
from joinedup.core.pdf import render_pdf
from joinedup.partnerships.access import partnership_access

VIEW = "partnerships.view"


def _user(request: HttpRequest) -> User:
    """The signed-in user (partnership_access has already turned anonymous users away)."""
    return cast(User, request.user)


def _paper_url(slug: str, round_id: int) -> str:
    return reverse("assessment:paper", kwargs={"slug": slug, "round_id": round_id})


def _crumbs(
    round_: Any, *extra: tuple[str, str | None], coordinator: bool = True
) -> list[dict[str, str | None]]:
    """Self-assessment › the round › its paper › ..., each level linked where its page exists
    and the reader may open it: the round page is the coordinator's, so others skip it."""
    url = _paper_url(round_.partnership.slug, round_.pk)
    up: list[dict[str, str | None]] = [
        {"label": "Self-assessment", "url": selectors.room_url(round_.partnership, "assessment:rounds")},
    ]
    if coordinator:
        up.append(
            {
                "label": round_.title,
                "url": selectors.room_url(round_.partnership, "assessment:round", round_id=round_.pk),
            }
        )
    return (
        [c for c in up if c["url"]]
        + [{"label": "Review paper", "url": url if extra else None}]
        + [{"label": label, "url": u} for label, u in extra]
    )


def _readable_paper(access: Any, round_: Any, coordinator: bool) -> Any:
    """The paper if this user may read it: coordinators always, everyone once published."""
    paper = selectors.paper_of(round_)
    if coordinator:
        return paper
    if paper is None or paper.status != PaperStatus.PUBLISHED:
        raise PermissionDenied
    return paper


def _draft_for_coordinator(request: HttpRequest, slug: str, round_id: int) -> tuple[Any, Any, Any]:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = selectors.round_in(access.partnership, round_id)
    paper = selectors.paper_of(round_)
    if paper is None:
        raise Http404("The paper has not been generated")
    return access, round_, paper


def _document_context(view: selectors.PaperView, round_: Any, *, controls: bool) -> dict[str, Any]:
    slug = round_.partnership.slug
    return {
        "paper": view.paper,
        "view": view,
        "content": view.content,
        "round": round_,
        "partnership": round_.partnership,
        "controls": controls,
        "paper_url": _paper_url(slug, round_.pk),
        "judgement_words": selectors.JUDGEMENT_WORDS,
    }


def paper(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    coordinator = rules.is_coordinator(access)
    round_ = selectors.round_in(access.partnership, round_id)
    paper = _readable_paper(access, round_, coordinator)
    context: dict[str, Any] = {
        "page_title": paper.title if paper else f"Review paper: {round_.title}",
        "breadcrumbs": _crumbs(round_, coordinator=coordinator),
        "partnership": access.partnership,
        "round": round_,
        "paper": paper,
        "may_edit": coordinator and paper is not None and paper.status == PaperStatus.DRAFT,
        "coordinator": coordinator,
        "round_closed": round_.is_closed,
    }
    if paper is not None:
        view = selectors.paper_view(paper)
        context.update(_document_context(view, round_, controls=context["may_edit"]))
        if coordinator:
            context["history"] = history_rows(history_for(paper, partnership_id=paper.partnership_id)[:50])
    return render(request, "assessment/paper/paper.html", context)


def paper_pdf(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    coordinator = rules.is_coordinator(access)
    round_ = selectors.round_in(access.partnership, round_id)
    paper = _readable_paper(access, round_, coordinator)
    if paper is None:
        raise Http404("The paper has not been generated")
    view = selectors.paper_view(paper)
    html = render_to_string(
        "assessment/paper/pdf.html", _document_context(view, round_, controls=False), request=request
    )
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), title=paper.title)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(paper.title)[:80] or "review-paper"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_POST
def paper_generate(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    round_ = selectors.round_in(access.partnership, round_id)
    try:
        services.generate_paper(round=round_, user=_user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The paper has been written from the round's results and the live data.")
    return redirect(_paper_url(slug, round_.pk))


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "assessment/paper/form.html", context, status=status)


def paper_edit(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access, round_, paper = _draft_for_coordinator(request, slug, round_id)
    form = forms.PaperTextForm(request.POST or None, instance=copy.copy(paper))
    conflict_rows, status = None, 200
    if request.method == "POST":
        submission = submit(
            form,
            lambda: services.update_paper_text(
                paper=paper,
                user=_user(request),
                fields=form.service_fields(),
                expected_version=form.expected_version,
            ),
        )
        if submission.succeeded:
            messages.success(request, "The paper's text is saved.")
            return redirect(_paper_url(slug, round_.pk))
        conflict_rows, status = (
            submission.conflict_rows,
            submission.status if submission.conflict_rows else 400,
        )
    return _form_page(
        request,
        {
            "page_title": "Edit the paper's introduction, looking forward and conclusions",
            "breadcrumbs": _crumbs(round_, ("Edit the text", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": conflict_rows,
            "submit_label": "Save the text",
            "cancel_url": _paper_url(slug, round_.pk),
        },
        status=status,
    )


def finding_commentary(request: HttpRequest, slug: str, round_id: int, finding_id: int) -> HttpResponse:
    access, round_, paper = _draft_for_coordinator(request, slug, round_id)
    row = selectors.finding_in(paper, finding_id)
    form = forms.CommentaryForm(request.POST or None, instance=copy.copy(row))
    conflict_rows, status = None, 200
    if request.method == "POST":
        submission = submit(
            form,
            lambda: services.update_commentary(
                paper_finding=row,
                user=_user(request),
                commentary=form.cleaned_data.get("commentary") or "",
                expected_version=form.expected_version,
            ),
        )
        if submission.succeeded:
            messages.success(request, f"Commentary on “{row.finding.title}” saved.")
            return redirect(_paper_url(slug, round_.pk) + f"#finding-{row.finding.key}")
        conflict_rows, status = (
            submission.conflict_rows,
            submission.status if submission.conflict_rows else 400,
        )
    return _form_page(
        request,
        {
            "page_title": "Commentary on a finding",
            "caption": row.finding.title,
            "breadcrumbs": _crumbs(round_, ("Commentary", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": conflict_rows,
            "submit_label": "Save the commentary",
            "cancel_url": _paper_url(slug, round_.pk) + f"#finding-{row.finding.key}",
        },
        status=status,
    )


def finding_override(request: HttpRequest, slug: str, round_id: int, finding_id: int) -> HttpResponse:
    access, round_, paper = _draft_for_coordinator(request, slug, round_id)
    row = selectors.finding_in(paper, finding_id)
    form = forms.OverrideForm(request.POST or None, instance=copy.copy(row))
    conflict_rows, status = None, 200
    if request.method == "POST":
        submission = submit(
            form,
            lambda: services.override_judgement(
                paper_finding=row,
                user=_user(request),
                judgement=form.cleaned_data.get("override") or "",
                reason=form.cleaned_data.get("override_reason") or "",
                expected_version=form.expected_version,
            ),
        )
        if submission.succeeded:
            messages.success(request, f"Judgement on “{row.finding.title}” saved.")
            return redirect(_paper_url(slug, round_.pk) + f"#finding-{row.finding.key}")
        conflict_rows, status = (
            submission.conflict_rows,
            submission.status if submission.conflict_rows else 400,
        )
    computed = row.computed if row.computed != "none" else None
    return _form_page(
        request,
        {
            "page_title": "Change the judgement on a finding",
            "caption": row.finding.title,
            "intro": f"Computed from the answers and the evidence: {selectors.judgement_words(computed)}.",
            "breadcrumbs": _crumbs(round_, ("Change the judgement", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": conflict_rows,
            "submit_label": "Save the judgement",
            "cancel_url": _paper_url(slug, round_.pk) + f"#finding-{row.finding.key}",
        },
        status=status,
    )


def paper_publish(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    access, round_, paper = _draft_for_coordinator(request, slug, round_id)
    if paper.status == PaperStatus.PUBLISHED:
        messages.info(request, "This paper is already published.")
        return redirect(_paper_url(slug, round_.pk))
    form = forms.PublishForm(request.POST or None, instance=copy.copy(paper))
    conflict_rows, status = None, 200
    if request.method == "POST":
        submission = submit(
            form,
            lambda: services.publish_paper(
                paper=paper, user=_user(request), expected_version=form.expected_version
            ),
        )
        if submission.succeeded:
            messages.success(request, "The paper is published. Every member has been sent an email.")
            return redirect(_paper_url(slug, round_.pk))
        conflict_rows, status = (
            submission.conflict_rows,
            submission.status if submission.conflict_rows else 400,
        )
    return _form_page(
        request,
        {
            "page_title": "Publish the paper to members",
            "caption": paper.title,
            "intro": (
                "Every role in the partnership will be able to read the paper and download its PDF, "
                "and every member will be sent an email. Once published, the paper cannot be changed "
                "or regenerated."
            ),
            "breadcrumbs": _crumbs(round_, ("Publish", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": conflict_rows,
            "submit_label": "Publish the paper",
            "cancel_url": _paper_url(slug, round_.pk),
        },
        status=status,
    )
