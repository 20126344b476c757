"""Helpers for the import and geography tests, and the persona world's import objects."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from openpyxl import Workbook

from joinedup.accounts.models import User
from joinedup.core.models import ImportRun, StoredFile
from joinedup.partnerships.models import Partnership, PartnershipRole


def make_partnership(slug: str = "oxford", name: str = "Oxford Strategic Partnership") -> Partnership:
    return Partnership.objects.create(slug=slug, name=name, partnership_type="place", tier="district")


def make_user(partnership: Partnership | None, role: str | None, email: str) -> User:
    user = User.objects.create_user(email=email, password="a-long-password")
    if partnership is not None and role is not None:
        PartnershipRole.objects.create(partnership=partnership, user=user, role=role)
    return user


def csv_upload(text: str, name: str = "upload.csv", encoding: str = "utf-8") -> io.BytesIO:
    stream = io.BytesIO(text.encode(encoding))
    stream.name = name
    return stream


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_imports_to_world(world) -> None:
    """The persona world's import objects: `world.import_run`, a checked organisations import
    of `world.partnership`, ready to confirm. Call after `world.partnership` and `world.users`
    exist (joinedup/tests/world.py, section "imports and uploads")."""
    data = b"Name,Sector\r\nWorld Fire and Rescue,Fire and rescue\r\n"
    source = StoredFile(
        original_name="world-organisations.csv",
        content_type="text/csv; charset=utf-8",
        kind="csv",
        size=len(data),
        sha256="0" * 64,
        partnership_id=world.partnership.pk,
        uploaded_by=world.users["editor"],
    )
    source.file.save("world-organisations.csv", ContentFile(data), save=False)
    source.save()
    world.import_run = ImportRun.objects.create(
        partnership_id=world.partnership.pk,
        importer="partnerships.organisations",
        source=source,
        status=ImportRun.Status.READY,
        encoding="UTF-8",
        total_rows=1,
        valid_rows=1,
        plan=["1 organisation will be added", "0 organisations with the same name will be updated"],
        preview={"headings": ["Name", "Sector"], "rows": [[2, ["World Fire and Rescue", "Fire and rescue"]]]},
        created_by=world.users["editor"],
    )
