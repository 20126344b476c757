"""Saving a column mapping under a name, so it is offered again for a file with the same
header (docs/adr/0019-column-mapping.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core.audit import Actor, record
from joinedup.core.imports.mapping import ColumnMapping, header_signature
from joinedup.core.models import SavedColumnMapping

NAME_MAX_LENGTH = 100


def save_mapping(
    *,
    partnership_id: int | None,
    importer: str,
    name: str,
    headings: list[str],
    mapping: ColumnMapping,
    user,
    file_name: str = "",
) -> SavedColumnMapping:
    """Save (or, for the same header, replace) the partnership's mapping called `name`.

    A name already used for a different header is refused, so saving never silently
    replaces a mapping made for other files. Errors are about the form's `save_as` field."""
    name = " ".join(name.split())
    if partnership_id is None:
        raise ValidationError({"save_as": "Only a partnership's imports can save a mapping"})
    if not name:
        raise ValidationError({"save_as": "Enter a name for the mapping"})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"save_as": f"The name must be {NAME_MAX_LENGTH} characters or fewer"})
    signature = header_signature(headings)
    with transaction.atomic():
        existing = (
            SavedColumnMapping.objects.filter(
                partnership_id=partnership_id, importer=importer, name__iexact=name
            )
            .select_for_update()
            .first()
        )
        if existing is not None and existing.header_signature != signature:
            raise ValidationError(
                {
                    "save_as": f"You already have a mapping called '{existing.name}' for files with other "
                    "columns. Choose a different name"
                }
            )
        before = None
        if existing is None:
            saved = SavedColumnMapping(
                partnership_id=partnership_id,
                importer=importer,
                name=name,
                header_signature=signature,
                created_by=user,
            )
            action, verb = "core.import_mapping.saved", "Saved"
        else:
            saved = existing
            before = {"mapping": existing.mapping}
            action, verb = "core.import_mapping.updated", "Updated"
        saved.headings = list(headings)
        saved.mapping = mapping.as_json()
        saved.updated_at = timezone.now()
        saved.full_clean()
        saved.save()
        record(
            action=action,
            actor=Actor.for_user(user),
            partnership_id=partnership_id,
            target=saved,
            summary=f"{verb} the column mapping '{name}'" + (f" (from {file_name})" if file_name else ""),
            before=before,
            after={"mapping": saved.mapping, "importer": importer},
        )
    return saved
