"""Frameworks pages: the list (shipped and the partnership's own), a version with every
element, question and finding, export as YAML or JSON, and for coordinators import, adapt,
new draft, publish and editing a draft (never a version a round uses)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.assessment import rules
from joinedup.assessment import selectors_frameworks as selectors
from joinedup.assessment.forms_frameworks import ElementForm, FindingForm, ImportForm, QuestionForm
from joinedup.assessment.models import FrameworkVersion, VersionStatus
from joinedup.assessment.presenters_frameworks import metric_labels, practices_text
from joinedup.assessment.services import frameworks as services
from joinedup.core.forms import submit
from joinedup.core.uploads import decode_text
from joinedup.partnerships.access import partnership_access

VIEW = "partnerships.view"


def _list_url(slug: str) -> str:
    return reverse("assessment:frameworks", kwargs={"slug": slug})


def _version_url(slug: str, version: FrameworkVersion) -> str:
    return reverse("assessment:framework_version", kwargs={"slug": slug, "version_id": version.pk})


def _crumbs(slug: str, *extra: tuple[str, str | None]) -> list[dict[str, str | None]]:
    first: dict[str, str | None] = {"label": "Frameworks", "url": _list_url(slug)}
    return [first] + [{"label": label, "url": url} for label, url in extra]


def _version_label(version: FrameworkVersion) -> str:
    return f"{version.framework.title}, version {version.number}"


def _rounds(version: FrameworkVersion) -> int:
    return int(getattr(version, "rounds_count", 0))  # annotated by selectors.version_in


def framework_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    items = selectors.frameworks(partnership)
    return render(
        request,
        "assessment/frameworks/list.html",
        {
            "page_title": "Self-assessment frameworks",
            "breadcrumbs": [{"label": "Frameworks", "url": None}],
            "partnership": partnership,
            "shipped": [f for f in items if f.partnership_id is None],
            "own": [f for f in items if f.partnership_id is not None],
            "may_coordinate": rules.is_coordinator(access),
        },
    )


def version_detail(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    partnership = access.partnership
    version = selectors.version_in(partnership, version_id)
    content = selectors.version_content(version)
    may_coordinate = rules.is_coordinator(access)
    locked = services.locked_reason(partnership, version, rounds=_rounds(version))
    is_own = version.framework.partnership_id == partnership.pk
    return render(
        request,
        "assessment/frameworks/version.html",
        {
            "page_title": _version_label(version),
            "breadcrumbs": _crumbs(slug, (_version_label(version), None)),
            "partnership": partnership,
            "version": version,
            "framework": version.framework,
            "is_own": is_own,
            "elements": [
                {
                    "element": element,
                    "questions": [
                        {
                            "question": q,
                            "metrics": metric_labels(q.metrics),
                            "practices": practices_text(q.practices),
                        }
                        for q in element.questions.all()
                    ],
                }
                for element in content.elements
            ],
            "findings": [{"finding": f, "metrics": metric_labels(f.metrics)} for f in content.findings],
            "question_count": content.question_count,
            "may_coordinate": may_coordinate,
            "may_edit": may_coordinate and not locked,
            "locked_reason": locked,
            "may_publish": may_coordinate and not locked and version.status == VersionStatus.DRAFT,
            "may_new_draft": may_coordinate and is_own and version.status == VersionStatus.PUBLISHED,
            "may_adapt": may_coordinate and not is_own,
            "rounds_count": _rounds(version) if is_own else None,
        },
    )


def version_export(request: HttpRequest, slug: str, version_id: int, fmt: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    if fmt not in services.FORMATS:
        raise Http404("No such format")
    version = selectors.version_in(access.partnership, version_id)
    content_type = "application/json" if fmt == "json" else "application/yaml"
    response = HttpResponse(
        services.export_version(version, fmt), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{services.export_name(version, fmt)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def framework_import(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    partnership = access.partnership
    form = ImportForm(request.POST or None, request.FILES or None)

    def save() -> FrameworkVersion:
        uploaded = form.cleaned_data["file"]
        uploaded.seek(0)
        text, _encoding = decode_text(uploaded.read())
        return services.import_framework(partnership=partnership, data=text, user=request.user)

    submission = submit(form, save)
    if submission.succeeded:
        messages.success(
            request, f"Imported as draft version {submission.result.number}. Check it, then publish it."
        )
        return redirect(_version_url(slug, submission.result))
    return render(
        request,
        "assessment/frameworks/import.html",
        {
            "page_title": "Import a framework",
            "breadcrumbs": _crumbs(slug, ("Import a framework", None)),
            "partnership": partnership,
            "form": form,
            "cancel_url": _list_url(slug),
        },
    )


def _confirm(
    request: HttpRequest,
    slug: str,
    version_id: int,
    *,
    action: str,
) -> HttpResponse:
    """Adapt, new draft and publish: a confirmation page, then the service on POST."""
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    partnership = access.partnership
    version = selectors.version_in(partnership, version_id)
    label = _version_label(version)
    texts = {
        "adapt": (
            f"Adapt {label} for the partnership?",
            "A copy becomes a draft of the partnership's own framework. You can change its questions, "
            "descriptors and findings, then publish it for your rounds. The original is not changed.",
            "Adapt a copy",
            services.adapt,
        ),
        "new_draft": (
            f"Start a new draft from {label}?",
            "The new draft copies everything in this version. This version stays as it is, so rounds "
            "that use it keep their questions.",
            "Start a new draft",
            services.new_draft,
        ),
        "publish": (
            f"Publish {label}?",
            "Once published, rounds can use this version. A published version is never changed: to "
            "change it later, start a new draft from it.",
            "Publish this version",
            services.publish,
        ),
    }
    question, explanation, button, service = texts[action]
    if action == "publish" and services.locked_reason(partnership, version, rounds=_rounds(version)):
        raise PermissionDenied
    if action == "new_draft" and version.framework.partnership_id != partnership.pk:
        raise PermissionDenied
    if request.method == "POST":
        result = service(partnership=partnership, version=version, user=request.user)
        done = "Published. Rounds can now use this version." if action == "publish" else "Draft started."
        messages.success(request, done)
        return redirect(_version_url(slug, result))
    return render(
        request,
        "assessment/frameworks/confirm.html",
        {
            "page_title": question.rstrip("?"),
            "breadcrumbs": _crumbs(slug, (label, _version_url(slug, version)), (button, None)),
            "partnership": partnership,
            "question": question,
            "explanation": explanation,
            "button": button,
            "cancel_url": _version_url(slug, version),
        },
    )


def version_adapt(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    return _confirm(request, slug, version_id, action="adapt")


def version_new_draft(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    return _confirm(request, slug, version_id, action="new_draft")


def version_publish(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    return _confirm(request, slug, version_id, action="publish")


def _editable_version(request: HttpRequest, slug: str, version_id: int):
    access = partnership_access(request, slug, VIEW)
    rules.require_coordinator(access)
    version = selectors.version_in(access.partnership, version_id)
    if services.locked_reason(access.partnership, version, rounds=_rounds(version)):
        raise PermissionDenied
    return access, version


def _edit_page(request: HttpRequest, slug: str, version: FrameworkVersion, *, form, submission, title: str):
    if submission.succeeded:
        messages.success(request, "Saved.")
        return redirect(_version_url(slug, version))
    return render(
        request,
        "assessment/frameworks/form.html",
        {
            "page_title": title,
            "breadcrumbs": _crumbs(
                slug, (_version_label(version), _version_url(slug, version)), (title, None)
            ),
            "partnership": version.framework.partnership,
            "form": form,
            "conflict_rows": submission.conflict_rows,
            "cancel_url": _version_url(slug, version),
        },
        status=submission.status,
    )


def element_edit(request: HttpRequest, slug: str, version_id: int, element_id: int) -> HttpResponse:
    access, version = _editable_version(request, slug, version_id)
    element = selectors.element_in(version, element_id)
    form = ElementForm(request.POST or None, instance=copy.copy(element))
    submission = submit(
        form,
        lambda: services.update_element(
            partnership=access.partnership,
            element=element,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
        ),
    )
    return _edit_page(request, slug, version, form=form, submission=submission, title=f"Edit {element.title}")


def question_edit(request: HttpRequest, slug: str, version_id: int, question_id: int) -> HttpResponse:
    access, version = _editable_version(request, slug, version_id)
    question = selectors.question_in(version, question_id)
    form = QuestionForm(request.POST or None, instance=copy.copy(question))
    submission = submit(
        form,
        lambda: services.update_question(
            partnership=access.partnership,
            question=question,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
        ),
    )
    return _edit_page(
        request, slug, version, form=form, submission=submission, title=f"Edit question {question.key}"
    )


def finding_edit(request: HttpRequest, slug: str, version_id: int, finding_id: int) -> HttpResponse:
    access, version = _editable_version(request, slug, version_id)
    finding = selectors.finding_in(version, finding_id)
    form = FindingForm(
        request.POST or None,
        instance=copy.copy(finding),
        questions=selectors.version_questions(version),
        elements=version.elements.order_by("position"),
    )
    submission = submit(
        form,
        lambda: services.update_finding(
            partnership=access.partnership,
            finding=finding,
            user=request.user,
            expected_version=form.expected_version,
            fields=form.service_fields(),
            questions=form.cleaned_data["questions"],
        ),
    )
    return _edit_page(
        request, slug, version, form=form, submission=submission, title=f"Edit finding {finding.key}"
    )
