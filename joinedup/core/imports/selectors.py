from __future__ import annotations

from django.db.models import QuerySet

from joinedup.core.models import ImportRun, SavedColumnMapping


def runs_for(*, partnership_id: int, importer: str | None = None) -> QuerySet[ImportRun]:
    """A partnership's import runs, newest first."""
    runs = ImportRun.objects.filter(partnership_id=partnership_id).select_related("source", "created_by")
    if importer is not None:
        runs = runs.filter(importer=importer)
    return runs


def run_for(*, partnership_id: int, run_id: int) -> ImportRun | None:
    return runs_for(partnership_id=partnership_id).filter(pk=run_id).first()


def saved_mapping_for(
    *, partnership_id: int, importer: str, headings: list[str]
) -> SavedColumnMapping | None:
    """The partnership's most recently saved mapping for a file with this header, if any."""
    from joinedup.core.imports.mapping import header_signature

    return (
        SavedColumnMapping.objects.filter(partnership_id=partnership_id)
        .filter(importer=importer, header_signature=header_signature(headings))
        .first()
    )
