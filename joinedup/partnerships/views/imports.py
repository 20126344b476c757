"""The import pipeline's pages, for every importer any room registers (see
docs/adr/0005-import-pipeline.md): choose an import, upload, preview, confirm, report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core import exports
from joinedup.core.forms import submit
from joinedup.core.imports import all_importers, get_importer
from joinedup.core.imports.files import column_help, errors_csv, template_csv, template_xlsx
from joinedup.core.imports.forms import ColumnMappingForm, ImportUploadForm
from joinedup.core.imports.mapping import ColumnMapping, mapping_reasons, suggest_mapping
from joinedup.core.imports.pipeline import Problem
from joinedup.core.imports.selectors import run_for, runs_for, saved_mapping_for
from joinedup.core.imports.services import (
    ImportNotReady,
    MappingNotAllowed,
    choose_mapping,
    confirm_import,
    file_columns_of,
    start_import,
)
from joinedup.core.jobs import Progress
from joinedup.core.uploads import UploadRejected, attachment_response
from joinedup.partnerships.access import PartnershipAccess, partnership_access

ERRORS_ON_SCREEN = 100


def _crumbs(access: PartnershipAccess, *more: dict) -> list[dict]:
    slug = access.partnership.slug
    return [
        {"label": access.partnership.name, "url": reverse("partnerships:home", kwargs={"slug": slug})},
        {"label": "Imports", "url": reverse("partnerships:imports", kwargs={"slug": slug})},
        *more,
    ]


def _run_and_importer(access: PartnershipAccess, run_id: int):
    """The partnership's run, if the user may use its importer (else 404 or 403)."""
    run = run_for(partnership_id=access.partnership.pk, run_id=run_id)
    if run is None:
        raise Http404("No such import")
    importer = get_importer(run.importer)
    if not access.can(importer.permission if importer else "partnerships.manage"):
        raise PermissionDenied
    return run, importer


def index(request: HttpRequest, slug: str) -> HttpResponse:
    access = partnership_access(request, slug)
    usable = [i for i in all_importers() if access.can(i.permission)]
    names = [i.name for i in usable]
    runs = runs_for(partnership_id=access.partnership.pk).filter(importer__in=names)[:20]
    titles = {i.name: i.title for i in usable}
    return render(
        request,
        "partnerships/imports/index.html",
        {
            "page_title": "Imports",
            "access": access,
            "importers": usable,
            "runs": [{"run": r, "title": titles.get(r.importer, r.importer)} for r in runs],
            "breadcrumbs": [*_crumbs(access)[:1], {"label": "Imports"}],
        },
    )


def upload(request: HttpRequest, slug: str, importer: str) -> HttpResponse:
    definition = get_importer(importer)
    access = partnership_access(request, slug, definition.permission if definition else "partnerships.view")
    if definition is None:
        raise Http404("No such import")
    posted = request.method == "POST"
    form = ImportUploadForm(
        request.POST if posted else None, request.FILES if posted else None, kinds=definition.file_kinds
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = start_import(
                importer=definition,
                partnership_id=access.partnership.pk,
                upload=form.cleaned_data["file"],
                user=request.user,
                offer_mapping=True,
            )
        except UploadRejected as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("partnerships:import_run", slug=slug, run_id=run.pk)
    columns = [{"column": c, "help": column_help(c)} for c in definition.columns]
    return render(
        request,
        "partnerships/imports/upload.html",
        {
            "page_title": definition.title,
            "access": access,
            "importer": definition,
            "form": form,
            "columns": columns,
            "breadcrumbs": _crumbs(access, {"label": definition.title}),
        },
    )


def template(request: HttpRequest, slug: str, importer: str, fmt: str) -> HttpResponse:
    definition = get_importer(importer)
    partnership_access(request, slug, definition.permission if definition else "partnerships.view")
    if definition is None or fmt not in {"xlsx", "csv"}:
        raise Http404("No such template")
    stem = definition.noun_plural.replace(" ", "-") + "-template"
    if fmt == "csv":
        return exports.attachment(
            template_csv(definition), filename=stem, extension="csv", content_type=exports.CSV_CONTENT_TYPE
        )
    return exports.attachment(
        template_xlsx(definition), filename=stem, extension="xlsx", content_type=exports.XLSX_CONTENT_TYPE
    )


def run(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    import_run, importer = _run_and_importer(access, run_id)
    errors = [
        str(Problem(e.get("row"), e.get("column"), e.get("message", "")))
        for e in import_run.errors[:ERRORS_ON_SCREEN]
    ]
    title = importer.title if importer else "Import"
    context = {
        "page_title": f"{title}: {import_run.source.original_name}",
        "access": access,
        "run": import_run,
        "importer": importer,
        "title": title,
        "errors_shown": [dict(e, text=text) for e, text in zip(import_run.errors, errors, strict=False)],
        "more_errors": max(0, import_run.error_count - ERRORS_ON_SCREEN),
        "progress": Progress(
            url=reverse("partnerships:import_run", kwargs={"slug": slug, "run_id": import_run.pk}),
            finished=not import_run.is_busy,
            job=import_run.job,
            region_id="import-run",
            unit="rows",
        ),
        "breadcrumbs": _crumbs(
            access,
            {
                "label": title,
                "url": reverse(
                    "partnerships:import_upload", kwargs={"slug": slug, "importer": import_run.importer}
                )
                if importer
                else "",
            },
            {"label": import_run.source.original_name},
        ),
    }
    if import_run.status == import_run.Status.NEEDS_MAPPING:
        return _to_mapping_page(request, slug, import_run, context)
    if request.htmx:
        return render(request, "partnerships/imports/run_status.html", context)
    return render(request, "partnerships/imports/run.html", context)


@require_POST
def confirm(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    import_run, _importer = _run_and_importer(access, run_id)
    try:
        confirm_import(run=import_run, user=request.user)
    except ImportNotReady:
        messages.error(
            request,
            "This import cannot be confirmed: it has errors, is still being checked, "
            "or was already confirmed",
        )
    return redirect("partnerships:import_run", slug=slug, run_id=import_run.pk)


def errors(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    import_run, _importer = _run_and_importer(access, run_id)
    stem = import_run.source.original_name.rsplit(".", 1)[0]
    return exports.attachment(
        errors_csv(import_run),
        filename=f"{stem}-errors",
        extension="csv",
        content_type=exports.CSV_CONTENT_TYPE,
    )


def source_file(request: HttpRequest, slug: str, run_id: int) -> HttpResponseBase:
    access = partnership_access(request, slug)
    import_run, _importer = _run_and_importer(access, run_id)
    return attachment_response(import_run.source)


# --- the column-mapping step (docs/adr/0019-column-mapping.md) ---------------------------


def _to_mapping_page(request: HttpRequest, slug: str, import_run, context: dict) -> HttpResponse:
    """A run whose columns need matching: the page goes to the mapping step (htmx polling
    is told to go there too; the partial links to it for anything else)."""
    target = reverse("partnerships:import_mapping", kwargs={"slug": slug, "run_id": import_run.pk})
    if request.htmx:
        response = render(request, "partnerships/imports/run_status.html", context)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


def column_mapping(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    access = partnership_access(request, slug)
    import_run, importer = _run_and_importer(access, run_id)
    if importer is None:
        raise Http404("This kind of import is no longer available")
    run_url = reverse("partnerships:import_run", kwargs={"slug": slug, "run_id": import_run.pk})
    if not import_run.may_change_mapping:
        messages.error(
            request, "The columns of this import cannot be changed now: it is being checked or imported"
        )
        return redirect(run_url)
    file_columns = file_columns_of(import_run)
    headings = [c["heading"] for c in file_columns]
    offered = None
    if import_run.mapping is not None:
        current = ColumnMapping.from_json(import_run.mapping)
    else:
        offered = saved_mapping_for(
            partnership_id=access.partnership.pk, importer=importer.name, headings=headings
        )
        current = (
            ColumnMapping.from_json(offered.mapping).fitted(headings)
            if offered
            else suggest_mapping(importer, headings)
        )
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None,
        importer=importer,
        file_columns=file_columns,
        initial_mapping=current,
    )
    if request.method == "POST":
        try:
            submission = submit(
                form,
                lambda: choose_mapping(
                    run=import_run,
                    mapping=form.mapping,
                    user=request.user,
                    save_as=form.cleaned_data["save_as"],
                ),
            )
        except MappingNotAllowed:
            messages.error(
                request, "The columns of this import cannot be changed now: it is being checked or imported"
            )
            return redirect(run_url)
        if submission.succeeded:
            return redirect(run_url)
    title = importer.title
    return render(
        request,
        "partnerships/imports/mapping.html",
        {
            "page_title": f"Match the columns: {import_run.source.original_name}",
            "access": access,
            "run": import_run,
            "importer": importer,
            "title": title,
            "form": form,
            "rows": [
                {
                    **row,
                    "select_field": form[row["select"]],
                    "fixed_field": form[row["fixed"]],
                    "help": column_help(row["column"]),
                }
                for row in form.column_rows
            ],
            "wide_fields": [
                form[n]
                for n in ("wide_headings", "wide_heading_column", "wide_value_column")
                if n in form.fields
            ],
            "reasons": mapping_reasons(importer, headings),
            "file_columns": file_columns,
            "ignored": form.mapping.ignored(headings),
            "offered": offered,
            "breadcrumbs": _crumbs(
                access,
                {
                    "label": title,
                    "url": reverse(
                        "partnerships:import_upload", kwargs={"slug": slug, "importer": importer.name}
                    ),
                },
                {"label": import_run.source.original_name, "url": run_url},
                {"label": "Match the columns"},
            ),
        },
    )


# --- import history and undo (performance "imports" part) -----------------------------------

HISTORY_PAGE_SIZE = 50


def history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every import of the partnership the user's role may use: who, what, when, how many rows,
    the file, its status, and an Undo link for runs that can be undone."""
    from django.core.paginator import Paginator

    from joinedup.core.imports.undo import can_be_undone

    access = partnership_access(request, slug)
    usable = {i.name: i for i in all_importers() if access.can(i.permission)}
    runs = (
        runs_for(partnership_id=access.partnership.pk)
        .filter(importer__in=list(usable))
        .select_related("confirmed_by", "undone_by")
    )
    page = Paginator(runs, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/imports/history.html",
        {
            "page_title": "Import history" + (f" (page {page.number})" if page.number > 1 else ""),
            "access": access,
            "page": page,
            "runs": [
                {"run": r, "title": usable[r.importer].title, "can_undo": can_be_undone(r)} for r in page
            ],
            "breadcrumbs": _crumbs(access, {"label": "Import history"}),
        },
    )


def undo(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """Confirm, then undo a whole run: everything it wrote is taken back (GOV.UK warning)."""
    from joinedup.core.imports.undo import UndoRefused, undo_import, undo_problems

    access = partnership_access(request, slug)
    import_run, importer = _run_and_importer(access, run_id)
    if importer is None or not importer.supports_undo:
        raise Http404("This kind of import cannot be undone")
    problems = undo_problems(import_run, request.user)
    if request.method == "POST" and not problems:
        try:
            result = undo_import(run=import_run, user=request.user)
        except UndoRefused as exc:
            problems = exc.problems
        else:
            messages.success(request, f"Import undone. {'. '.join(result.report)}")
            return redirect("partnerships:import_history", slug=slug)
    status = 409 if request.method == "POST" and problems else 200
    return render(
        request,
        "partnerships/imports/undo.html",
        {
            "page_title": f"Undo the import of {import_run.source.original_name}",
            "access": access,
            "run": import_run,
            "importer": importer,
            "problems": problems,
            "breadcrumbs": _crumbs(
                access,
                {
                    "label": "Import history",
                    "url": reverse("partnerships:import_history", kwargs={"slug": slug}),
                },
                {"label": f"Undo {import_run.source.original_name}"},
            ),
        },
        status=status,
    )
