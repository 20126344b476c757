"""Running the import pipeline: upload → validate every row (task) → preview → confirm →
write everything in one transaction (task) → report. See docs/adr/0005-import-pipeline.md."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from joinedup.core import jobs
from joinedup.core.audit import Actor, record
from joinedup.core.imports.mapping import ColumnMapping, apply_mapping, describe_columns, mapping_reasons
from joinedup.core.imports.pipeline import Validation, validate_table
from joinedup.core.imports.readers import ReadError, Table, read_table
from joinedup.core.imports.registry import ImportContext, Importer, get_importer
from joinedup.core.models import ImportRun
from joinedup.core.uploads import store_upload

logger = logging.getLogger(__name__)


class ImportNotReady(Exception):
    """Confirming a run that is not ready (still checking, has errors, or already confirmed)."""


def start_import(
    *,
    importer: Importer,
    partnership_id: int | None,
    upload,
    user,
    offer_mapping: bool = False,
    mapping: ColumnMapping | None = None,
) -> ImportRun:
    """Keep the upload (checked by content; raises UploadRejected) and queue its validation.

    `offer_mapping`: a file whose columns do not match the importer's stops at "Columns to
    match" for the user to match them (the web pages); otherwise headings match as they are.
    `mapping`: read the file through this column mapping (ADR 0019)."""
    stored = store_upload(
        upload, allowed=importer.file_kinds, partnership_id=partnership_id, uploaded_by=user
    )
    job = jobs.start_job(
        kind="import.validate",
        title=f"Checking {stored.original_name}",
        partnership_id=partnership_id,
        created_by=user,
    )
    run = ImportRun.objects.create(
        partnership_id=partnership_id,
        importer=importer.name,
        source=stored,
        status=ImportRun.Status.VALIDATING,
        job=job,
        created_by=user,
        ask_mapping=offer_mapping,
        mapping=mapping.as_json() if mapping is not None else None,
    )
    from joinedup.core.imports.tasks import validate_import

    validate_import.enqueue(run_id=run.pk)
    return run


def _claim(run: ImportRun, user) -> None:
    """Mark a ready run confirmed by `user`. Raises ImportNotReady otherwise."""
    # A conditional update, so a double-click cannot write twice.
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.READY).update(
        status=ImportRun.Status.CONFIRMED, confirmed_by=user, confirmed_at=timezone.now()
    )
    if not claimed:
        raise ImportNotReady


def confirm_import(*, run: ImportRun, user) -> ImportRun:
    """Queue the write of a run that validated cleanly. Raises ImportNotReady otherwise."""
    _claim(run, user)
    job = jobs.start_job(
        kind="import.write",
        title=f"Importing {run.source.original_name}",
        partnership_id=run.partnership_id,
        created_by=user,
        total=run.valid_rows,
    )
    ImportRun.objects.filter(pk=run.pk).update(job=job)
    from joinedup.core.imports.tasks import write_import

    write_import.enqueue(run_id=run.pk)
    run.refresh_from_db()
    return run


# --- the same pipeline, synchronously (the management command and the demo loader) ----------


def check_now(
    *,
    importer: Importer,
    partnership_id: int | None,
    upload,
    user,
    original_name: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportRun:
    """Keep the file (raises UploadRejected) and check every row now, not in a task. The run
    comes back READY (its plan to show) or INVALID/FAILED (its errors); `write_now` writes it.
    Headings match as they are (no mapping step)."""
    stored = store_upload(
        upload,
        allowed=importer.file_kinds,
        partnership_id=partnership_id,
        uploaded_by=user,
        original_name=original_name,
    )
    run = ImportRun.objects.create(
        partnership_id=partnership_id,
        importer=importer.name,
        source=stored,
        status=ImportRun.Status.VALIDATING,
        created_by=user,
    )
    run_validation(run.pk, on_progress=on_progress)
    run.refresh_from_db()
    return run


def write_now(*, run: ImportRun, user) -> ImportRun:
    """Confirm a READY run as `confirm_import` does (raises ImportNotReady otherwise) and write
    it now, not in a task. The run comes back WRITTEN, or INVALID/FAILED with its message."""
    _claim(run, user)
    run_write(run.pk)
    run.refresh_from_db()
    return run


def _context(run: ImportRun, user) -> ImportContext:
    return ImportContext(
        partnership_id=run.partnership_id, user=user, run_id=run.pk, file_name=run.source.original_name
    )


def _read(run: ImportRun) -> Table:
    with run.source.file.open("rb") as handle:
        data = handle.read()
    table = read_table(data, kind=run.source.kind)
    run.encoding = table.encoding
    return table


def _validate(
    run: ImportRun,
    importer: Importer,
    context: ImportContext,
    *,
    with_progress: bool,
    table: Table | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Validation:
    if table is None:
        table = _read(run)
    if run.mapping is not None:
        # Raises MappingDoesNotFit (a ReadError) if the file lacks a heading it names.
        table = apply_mapping(table, ColumnMapping.from_json(run.mapping))

    def progress(done: int, total: int) -> None:
        if on_progress is not None:
            on_progress(done, total)
        if run.job_id:
            jobs.report_progress(
                run.job_id, done=done, total=total, message=f"Checked {done} of {total} rows"
            )

    return validate_table(importer, table, context, progress=progress if with_progress else None)


def _store_validation(run: ImportRun, validation: Validation) -> None:
    bad_rows = {p.row for p in validation.problems if p.row is not None}
    whole_file = any(p.row is None for p in validation.problems)
    run.total_rows = validation.total_rows
    run.valid_rows = 0 if whole_file else validation.total_rows - len(bad_rows)
    run.error_count = len(validation.problems)
    run.errors = [p.as_dict() for p in validation.problems]
    run.ignored_columns = validation.ignored_columns
    run.preview = validation.preview


def run_validation(run_id: int, *, on_progress: Callable[[int, int], None] | None = None) -> None:
    """Task body: read and check every row, then mark the run ready or invalid.

    `on_progress(done, total)` is also told of progress (the management command's progress bar)."""
    run = ImportRun.objects.select_related("source", "created_by").get(pk=run_id)
    importer = get_importer(run.importer)
    try:
        if importer is None:
            raise ReadError("This kind of import is no longer available")
        context = _context(run, run.created_by)
        table = _read(run)
        run.file_columns = describe_columns(table)
        if run.mapping is None and run.ask_mapping and mapping_reasons(importer, table.headings):
            _ask_for_mapping(run)
            return
        validation = _validate(
            run, importer, context, with_progress=True, table=table, on_progress=on_progress
        )
        _store_validation(run, validation)
        if validation.ok:
            run.plan = importer.plan(validation.rows, context)
            run.status = ImportRun.Status.READY
        else:
            run.status = ImportRun.Status.INVALID
        run.validated_at = timezone.now()
        run.save()
        if run.job_id:
            jobs.finish_job(run.job_id, message=f"{run.get_status_display()}: {run.total_rows} rows checked")
    except ReadError as exc:
        _fail(run, exc.message, status=ImportRun.Status.INVALID)
    except Exception:
        logger.exception("Checking import run %s failed", run_id)
        _fail(run, "Something went wrong while checking the file. Nothing was imported")


def run_write(run_id: int) -> None:
    """Task body: check again (the partnership's data may have changed since the preview)
    and write every row in one transaction, with one audit entry. Any error writes nothing."""
    run = ImportRun.objects.select_related("source", "confirmed_by").get(pk=run_id)
    if run.status != ImportRun.Status.CONFIRMED:
        return
    importer = get_importer(run.importer)
    try:
        if importer is None:
            raise ReadError("This kind of import is no longer available")
        context = _context(run, run.confirmed_by)
        validation = _validate(run, importer, context, with_progress=False)
        if not validation.ok:
            _store_validation(run, validation)
            run.status = ImportRun.Status.INVALID
            run.message = "The partnership's records changed after the file was checked. Nothing was imported"
            run.save()
            if run.job_id:
                jobs.fail_job(run.job_id, message=run.message)
            return
        if run.job_id:
            jobs.report_progress(
                run.job_id, done=0, total=len(validation.rows), message=f"Writing {len(validation.rows)} rows"
            )
        actor = Actor.for_user(run.confirmed_by) if run.confirmed_by else Actor.system("Import")
        with transaction.atomic():
            result = importer.write(validation.rows, context)
            record(
                action=importer.action,
                actor=actor,
                partnership_id=run.partnership_id,
                target=run,
                summary=result.summary,
                after={
                    "file": run.source.original_name,
                    "rows": len(validation.rows),
                    "written": result.written,
                    "report": result.report,
                },
            )
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.WRITTEN,
            written_rows=result.written,
            report=result.report,
            undo_data=result.undo_data,
            written_at=timezone.now(),
            message="",
        )
        if run.job_id:
            jobs.finish_job(run.job_id, message=result.summary)
    except ReadError as exc:
        _fail(run, exc.message)
    except Exception:
        logger.exception("Writing import run %s failed", run_id)
        _fail(run, "Something went wrong while importing. Nothing was imported")


def _fail(run: ImportRun, message: str, *, status: str = ImportRun.Status.FAILED) -> None:
    changes: dict = {"status": status, "message": message}
    if status == ImportRun.Status.INVALID:
        changes.update(
            errors=[{"row": None, "column": None, "message": message}],
            error_count=1,
            valid_rows=0,
            validated_at=timezone.now(),
        )
    ImportRun.objects.filter(pk=run.pk).update(**changes)
    if run.job_id:
        jobs.fail_job(run.job_id, message=message)


# --- the column-mapping step (ADR 0019) --------------------------------------------------


class MappingNotAllowed(Exception):
    """The run is being checked or written, or was written: its columns cannot be matched now."""


def _ask_for_mapping(run: ImportRun) -> None:
    """Stop a run whose columns do not match the importer's until the user matches them."""
    run.status = ImportRun.Status.NEEDS_MAPPING
    run.total_rows = run.valid_rows = run.error_count = 0
    run.errors, run.plan, run.preview, run.ignored_columns = [], [], {}, []
    run.validated_at = timezone.now()
    run.save()
    if run.job_id:
        jobs.finish_job(run.job_id, message="The file's columns need matching")


def choose_mapping(*, run: ImportRun, mapping: ColumnMapping, user, save_as: str = "") -> ImportRun:
    """Check a run again, reading its file through `mapping` (a task, with progress); if
    `save_as` is given, save the mapping under that name first (see `save_mapping`).

    Raises MappingNotAllowed if the run is busy or written, ValidationError for a bad name."""
    from joinedup.core.imports.saved_mappings import save_mapping

    if not run.may_change_mapping:
        raise MappingNotAllowed
    with transaction.atomic():
        if save_as:
            save_mapping(
                partnership_id=run.partnership_id,
                importer=run.importer,
                name=save_as,
                headings=[c["heading"] for c in run.file_columns],
                mapping=mapping,
                user=user,
                file_name=run.source.original_name,
            )
        else:
            record(
                action="core.import_run.mapped",
                actor=Actor.for_user(user),
                partnership_id=run.partnership_id,
                target=run,
                summary=f"Matched the columns of {run.source.original_name}",
                after={"mapping": mapping.as_json()},
            )
        job = jobs.start_job(
            kind="import.validate",
            title=f"Checking {run.source.original_name}",
            partnership_id=run.partnership_id,
            created_by=user,
        )
        # A conditional update, so a run confirmed meanwhile is never checked again under it.
        claimed = ImportRun.objects.filter(
            pk=run.pk,
            status__in=[ImportRun.Status.NEEDS_MAPPING, ImportRun.Status.READY, ImportRun.Status.INVALID],
        ).update(
            status=ImportRun.Status.VALIDATING,
            mapping=mapping.as_json(),
            job=job,
            message="",
            errors=[],
            error_count=0,
            plan=[],
            preview={},
        )
        if not claimed:
            raise MappingNotAllowed
    from joinedup.core.imports.tasks import validate_import

    validate_import.enqueue(run_id=run.pk)
    run.refresh_from_db()
    return run


def file_columns_of(run: ImportRun) -> list[dict]:
    """The run's file headings with example values, read from the file if the run was
    checked before they were kept (runs from before the mapping step)."""
    if not run.file_columns:
        try:
            run.file_columns = describe_columns(_read(run))
        except ReadError:
            return []
        ImportRun.objects.filter(pk=run.pk).update(file_columns=run.file_columns)
    return run.file_columns
