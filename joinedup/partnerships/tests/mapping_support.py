"""The persona world's objects for the column-mapping step (joinedup/tests/world.py, section
"imports: column mapping step (mapping)")."""

from __future__ import annotations

from django.core.files.base import ContentFile

from joinedup.core.imports.mapping import ColumnMapping, header_signature
from joinedup.core.models import ImportRun, SavedColumnMapping, StoredFile

HEADINGS = ["Organisation name", "Type", "Notes"]


def add_mapping_to_world(world) -> None:
    """`world.mapping_run`: an organisations import of world.partnership whose columns need
    matching; `world.saved_mapping`: the partnership's saved mapping for its header, and
    `world.elsewhere_saved_mapping`: world.elsewhere's, for the same header (never offered
    here)."""
    data = b"Organisation name,Type,Notes\r\nWorld Fire and Rescue,Fire and rescue,\r\n"
    source = StoredFile(
        original_name="world-partners-renamed.csv",
        content_type="text/csv; charset=utf-8",
        kind="csv",
        size=len(data),
        sha256="1" * 64,
        partnership_id=world.partnership.pk,
        uploaded_by=world.users["editor"],
    )
    source.file.save("world-partners-renamed.csv", ContentFile(data), save=False)
    source.save()
    world.mapping_run = ImportRun.objects.create(
        partnership_id=world.partnership.pk,
        importer="partnerships.organisations",
        source=source,
        status=ImportRun.Status.NEEDS_MAPPING,
        ask_mapping=True,
        encoding="UTF-8",
        file_columns=[
            {"heading": "Organisation name", "examples": ["World Fire and Rescue"]},
            {"heading": "Type", "examples": ["Fire and rescue"]},
            {"heading": "Notes", "examples": []},
        ],
        created_by=world.users["editor"],
    )
    mapping = ColumnMapping(columns={"name": "Organisation name", "sector": "Type"}).as_json()
    world.saved_mapping = SavedColumnMapping.objects.create(
        partnership_id=world.partnership.pk,
        importer="partnerships.organisations",
        name="County partner list",
        header_signature=header_signature(HEADINGS),
        headings=HEADINGS,
        mapping=mapping,
        created_by=world.users["editor"],
    )
    world.elsewhere_saved_mapping = SavedColumnMapping.objects.create(
        partnership_id=world.elsewhere.pk,
        importer="partnerships.organisations",
        name="Elsewhere partner list",
        header_signature=header_signature(HEADINGS),
        headings=HEADINGS,
        mapping=mapping,
        created_by=world.users["admin_elsewhere"],
    )
