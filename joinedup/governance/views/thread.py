"""The golden thread panels, the agenda suggestion for a body's next meeting, and governing
documents with their checklists."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.core import uploads
from joinedup.core.audit import history_for
from joinedup.core.conflicts import EditConflict
from joinedup.core.forms import add_service_errors, submit
from joinedup.core.history import history_rows
from joinedup.governance import analysis_thread as analysis
from joinedup.governance import checklists, rules
from joinedup.governance import selectors_meetings as meeting_selectors
from joinedup.governance import selectors_thread as selectors
from joinedup.governance.forms import thread as forms
from joinedup.governance.services import thread as services
from joinedup.partnerships.access import partnership_access

VIEW = "partnerships.view"


# --- panels ---------------------------------------------------------------------------------------


def _thread_panel(access: Any, link: str, obj: Any, what: str) -> dict[str, Any] | None:
    if access is None or obj is None:
        return None
    # Only for a record the partnership may see (its own; an indicator may also be shared).
    owner = getattr(obj, "partnership_id", None)
    if owner != access.partnership.pk and not (link == "indicators" and owner is None):
        return None
    data = selectors.thread_for(access, link, obj)
    return {"thread": data, "thread_what": what, "thread_slug": access.partnership.slug}


def action_panel_context(*, action: Any = None, access: Any = None, **_: Any) -> dict[str, Any] | None:
    return _thread_panel(access, "actions", action, "action")


def risk_panel_context(*, risk: Any = None, access: Any = None, **_: Any) -> dict[str, Any] | None:
    return _thread_panel(access, "risks", risk, "risk")


def indicator_panel_context(*, indicator: Any = None, access: Any = None, **_: Any) -> dict[str, Any] | None:
    return _thread_panel(access, "indicators", indicator, "indicator")


def item_panel_context(*, item: Any = None, access: Any = None, **_: Any) -> dict[str, Any] | None:
    """On the agenda item page: what the item discusses (hidden with the item when exempt)."""
    if item is None or access is None:
        return None
    if item.is_exempt and not rules.may_see_exempt(access, item.meeting.body):
        return None
    links = {
        "indicators": list(item.indicators.all()),
        "actions": list(item.actions.all()),
        "risks": list(item.risks.all()),
        "programmes": list(item.programmes.all()),
        "escalations": list(item.escalations.select_related("indicator")),
    }
    return {"thread_links": links, "thread_slug": access.partnership.slug}


def meeting_panel_context(*, meeting: Any = None, access: Any = None, **_: Any) -> dict[str, Any] | None:
    """On a meeting page, for those who manage the body's meetings: a link to the suggestion."""
    if meeting is None or access is None or not rules.may_manage_meetings(access, meeting.body):
        return None
    return {"thread_body": meeting.body, "thread_slug": access.partnership.slug}


# --- the agenda suggestion --------------------------------------------------------------------------


def _suggestion_url(slug: str, body_id: int) -> str:
    return reverse("governance:agenda_suggestion", kwargs={"slug": slug, "body_id": body_id})


def agenda_suggestion(request: HttpRequest, slug: str, body_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    body = meeting_selectors.body_in(access.partnership, body_id)
    if not rules.may_manage_meetings(access, body):
        raise PermissionDenied
    meeting = selectors.next_meeting(body)
    today = timezone.localdate()
    suggestions: list[analysis.Suggestion] = []
    remit = selectors.remit_of(body)
    errors: list[dict[str, str]] = []
    if meeting is not None:
        inputs, remit = selectors.suggestion_inputs(body, meeting, today=today)
        suggestions = analysis.suggest(inputs, today=today)
        if request.method == "POST":
            picked = analysis.chosen(suggestions, request.POST.getlist("suggestions"))
            picked = [s for s in picked if not s.on_agenda]
            try:
                added = services.add_suggestions(
                    meeting=meeting,
                    user=request.user,
                    suggestions=picked,
                    objects=selectors.objects_for(access.partnership, picked),
                )
            except ValidationError as exc:
                errors = [{"text": m, "href": "#suggestions"} for m in exc.messages]
            else:
                messages.success(request, f"{len(added)} item(s) added to the agenda of {meeting}.")
                return redirect(
                    reverse("governance:meeting", kwargs={"slug": slug, "meeting_id": meeting.pk})
                )
    elif request.method == "POST":
        raise Http404("No meeting is planned")
    title = f"Suggested agenda for {meeting}" if meeting else f"Suggested agenda for {body.name}"
    return render(
        request,
        "governance/thread/suggestion.html",
        {
            "page_title": title,
            "breadcrumbs": [
                {"label": "Meetings", "url": reverse("governance:meetings", kwargs={"slug": slug})},
                {
                    "label": body.name,
                    "url": reverse("governance:body_meetings", kwargs={"slug": slug, "body_id": body.pk}),
                },
                {"label": "Suggested agenda", "url": None},
            ],
            "partnership": access.partnership,
            "body": body,
            "meeting": meeting,
            "suggestions": suggestions,
            "remit": remit,
            "service_errors": errors,
        },
        status=400 if errors else 200,
    )


# --- governing documents -------------------------------------------------------------------------


def _documents_url(slug: str) -> str:
    return reverse("governance:documents", kwargs={"slug": slug})


def _document_url(slug: str, document_id: int) -> str:
    return reverse("governance:document", kwargs={"slug": slug, "document_id": document_id})


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return [{"label": "Governing documents", "url": _documents_url(slug)}] + [
        {"label": label, "url": url} for label, url in extra
    ]


def _require_edit(access: Any) -> None:
    if not access.may_edit:
        raise PermissionDenied


def documents(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    today = timezone.localdate()
    docs = selectors.documents(access.partnership)
    return render(
        request,
        "governance/thread/documents.html",
        {
            "page_title": "Governing documents",
            "breadcrumbs": [{"label": "Governing documents", "url": None}],
            "partnership": access.partnership,
            "documents": docs,
            "overdue": selectors.overdue_documents(access.partnership, today=today),
            "today": today,
            "may_edit": access.may_edit,
        },
    )


def document(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    doc = selectors.document_in(access.partnership, document_id)
    answers = {c.key: services.answers_of(doc, c.key) for c in checklists.CHECKLISTS.values()}
    sections = [
        {
            "checklist": c,
            "rows": checklists.rows(c, answers[c.key]),
            "missing": checklists.missing(c, answers[c.key]),
        }
        for c in checklists.CHECKLISTS.values()
    ]
    return render(
        request,
        "governance/thread/document.html",
        {
            "page_title": doc.title,
            "breadcrumbs": _crumbs(slug, (doc.title, None)),
            "partnership": access.partnership,
            "document": doc,
            "sections": sections,
            "overdue": bool(doc.review_due and doc.review_due < timezone.localdate()),
            "may_edit": access.may_edit,
            "history": history_rows(history_for(doc, partnership_id=doc.partnership_id)[:50]),
        },
    )


def _store(request: HttpRequest, access: Any, form: forms.DocumentForm) -> Any:
    upload = form.cleaned_data.get("upload")
    if not upload:
        return None
    return uploads.store_upload(
        upload, allowed=forms.DOCUMENT_KINDS, partnership_id=access.partnership.pk, uploaded_by=request.user
    )


def _document_form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "governance/meetings/form.html", {"multipart": True, **context}, status=status)


def document_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    _require_edit(access)
    form = forms.DocumentForm(request.POST or None, request.FILES or None, partnership=access.partnership)
    if form.is_bound and form.is_valid():
        try:
            stored = _store(request, access, form)
        except uploads.UploadRejected as exc:
            add_service_errors(form, ValidationError({"upload": str(exc)}))
        else:
            fields = form.service_fields() | ({"file": stored} if stored else {})
            submission = submit(
                form,
                lambda: services.create_document(
                    partnership=access.partnership, user=request.user, fields=fields
                ),
            )
            if submission.succeeded:
                messages.success(request, f"{submission.result.title} added.")
                return redirect(_document_url(slug, submission.result.pk))
    return _document_form_page(
        request,
        {
            "page_title": "Add a governing document",
            "breadcrumbs": _crumbs(slug, ("Add a document", None)),
            "partnership": access.partnership,
            "form": form,
            "submit_label": "Add the document",
            "cancel_url": _documents_url(slug),
        },
        status=400 if form.is_bound else 200,
    )


def document_edit(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    _require_edit(access)
    doc = selectors.document_in(access.partnership, document_id)
    form = forms.DocumentForm(
        request.POST or None, request.FILES or None, partnership=access.partnership, instance=copy.copy(doc)
    )
    conflict_rows = None
    status = 200
    if form.is_bound and form.is_valid():
        try:
            stored = _store(request, access, form)
        except uploads.UploadRejected as exc:
            add_service_errors(form, ValidationError({"upload": str(exc)}))
        else:
            fields = form.service_fields() | ({"file": stored} if stored else {})
            submission = submit(
                form,
                lambda: services.update_document(
                    document=doc, user=request.user, expected_version=form.expected_version, fields=fields
                ),
            )
            if submission.succeeded:
                messages.success(request, f"{doc.title} saved.")
                return redirect(_document_url(slug, doc.pk))
            conflict_rows, status = submission.conflict_rows, submission.status
    return _document_form_page(
        request,
        {
            "page_title": f"Edit {doc.title}",
            "breadcrumbs": _crumbs(slug, (doc.title, _document_url(slug, doc.pk)), ("Edit", None)),
            "partnership": access.partnership,
            "form": form,
            "conflict_rows": conflict_rows,
            "cancel_url": _document_url(slug, doc.pk),
        },
        status=status,
    )


def document_checklist(request: HttpRequest, slug: str, document_id: int, checklist: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    _require_edit(access)
    doc = selectors.document_in(access.partnership, document_id)
    definition = checklists.CHECKLISTS.get(checklist)
    if definition is None:
        raise Http404("No such checklist")
    initial = services.answers_of(doc, checklist) | {"version": doc.version}
    form = forms.ChecklistForm(request.POST or None, checklist=definition, initial=initial)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            services.save_checklist(
                document=doc,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                checklist=checklist,
                answers=form.answers(definition),
            )
        except EditConflict as conflict:
            # Keep what was typed; adopt the stored version so saving again overwrites knowingly.
            data = request.POST.copy()
            data["version"] = str(conflict.current.version)
            form = forms.ChecklistForm(data, checklist=definition)
            form.is_valid()
            form.add_error(
                None,
                "Someone else changed this document since you opened it. Your answers are kept below: "
                "check the document, then save again to replace theirs.",
            )
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(request, f"{definition.title} saved.")
            return redirect(_document_url(slug, doc.pk))
    return render(
        request,
        "governance/meetings/form.html",
        {
            "page_title": f"{definition.title}: {doc.title}",
            "breadcrumbs": _crumbs(slug, (doc.title, _document_url(slug, doc.pk)), (definition.title, None)),
            "partnership": access.partnership,
            "form": form,
            "intro": "For each element, enter the clause of the document that covers it. Leave it empty "
            "if the document does not cover it: it is then listed as missing.",
            "cancel_url": _document_url(slug, doc.pk),
        },
        status=status,
    )


def document_file(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    doc = selectors.document_in(access.partnership, document_id)
    if doc.file is None:
        raise Http404("No file")
    return uploads.attachment_response(doc.file)
