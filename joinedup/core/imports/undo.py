"""Undoing a whole import run: everything it wrote is taken back and what it replaced is
restored, in one transaction with one audit entry, or nothing changes.

An importer opts in with `supports_undo = True` and implements `undo_problems` (why the
run cannot be undone now, e.g. later changes were made on top of its records) and `undo`.
The run is then marked `UNDONE`, with who undid it and when.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.core.audit import Actor, record
from joinedup.core.imports.registry import ImportContext, Importer, WriteResult, get_importer
from joinedup.core.models import ImportRun


class UndoRefused(Exception):
    """The run cannot be undone; `problems` are sentences for the person who asked."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _context(run: ImportRun, user: Any) -> ImportContext:
    return ImportContext(
        partnership_id=run.partnership_id, user=user, run_id=run.pk, file_name=run.source.original_name
    )


def can_be_undone(run: ImportRun) -> bool:
    """Whether the run is of a kind that can be undone and is written (not whether anything
    made since stops it: see `undo_problems`)."""
    importer = get_importer(run.importer)
    return bool(importer and importer.supports_undo and run.status == ImportRun.Status.WRITTEN)


def undo_problems(run: ImportRun, user: Any = None) -> list[str]:
    """Why the run cannot be undone now; empty if it can."""
    importer = get_importer(run.importer)
    if importer is None or not importer.supports_undo:
        return ["This kind of import cannot be undone"]
    if run.status == ImportRun.Status.UNDONE:
        return ["This import has already been undone"]
    if run.status != ImportRun.Status.WRITTEN:
        return ["Only a completed import can be undone: nothing was written by this one"]
    return importer.undo_problems(run, _context(run, user))


def undo_import(*, run: ImportRun, user: Any) -> WriteResult:
    """Undo a written run. Raises UndoRefused (and changes nothing) if it cannot be undone."""
    with transaction.atomic():
        # Lock the run, so two people undoing at once cannot both take it back.
        locked = ImportRun.objects.select_for_update().select_related("source").get(pk=run.pk)
        problems = undo_problems(locked, user)
        if problems:
            raise UndoRefused(problems)
        importer = get_importer(locked.importer)
        assert isinstance(importer, Importer)
        result = importer.undo(locked, _context(locked, user))
        now = timezone.now()
        actor = (
            Actor.for_user(user) if user is not None and getattr(user, "pk", None) else Actor.system("Import")
        )
        record(
            action=f"{importer.name}.undone",
            actor=actor,
            partnership_id=locked.partnership_id,
            target=locked,
            summary=result.summary,
            after={"file": locked.source.original_name, "removed": result.written, "report": result.report},
        )
        ImportRun.objects.filter(pk=locked.pk).update(
            status=ImportRun.Status.UNDONE,
            undone_at=now,
            undone_by=user if user is not None and getattr(user, "pk", None) else None,
        )
    run.refresh_from_db()
    return result
