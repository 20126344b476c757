"""Objects for the observation-import tests and the persona world's imports section."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile

from joinedup.core.imports import get_importer
from joinedup.core.imports.services import confirm_import, start_import
from joinedup.core.models import ImportRun, StoredFile
from joinedup.partnerships.models import Area, AreaType, Partnership
from joinedup.performance.models import Indicator, Unit


def area(code: str, name: str = "", *, fictional: bool = False) -> Area:
    found, _ = Area.objects.get_or_create(
        code=code,
        defaults={
            "name": name or code,
            "area_type": AreaType.UNITARY,
            "nation": "England",
            "source": "demo" if fictional else "ons",
            "is_fictional": fictional,
        },
    )
    return found


def shared_indicator(code: str = "90001", title: str = "A shared indicator", **extra: Any) -> Indicator:
    return Indicator.objects.create(partnership=None, code=code, title=title, **extra)


def local_indicator(
    partnership: Partnership, code: str = "NI 154", title: str = "Net additional homes", **extra: Any
) -> Indicator:
    extra.setdefault("unit", Unit.NUMBER)
    return Indicator.objects.create(partnership=partnership, code=code, title=title, **extra)


def upload(data: bytes | str, name: str = "values.csv") -> io.BytesIO:
    stream = io.BytesIO(data.encode("utf-8") if isinstance(data, str) else data)
    stream.name = name
    return stream


def run_import(
    importer: str, data: bytes | str, *, partnership: Partnership | None, user: Any, name: str = "values.csv"
) -> ImportRun:
    """Upload and check a file (tasks run immediately in tests); the run is READY or INVALID."""
    run = start_import(
        importer=get_importer(importer),
        partnership_id=partnership.pk if partnership else None,
        upload=upload(data, name),
        user=user,
    )
    run.refresh_from_db()
    return run


def confirm(run: ImportRun, user: Any) -> ImportRun:
    confirm_import(run=run, user=user)
    run.refresh_from_db()
    return run


def add_observation_imports_to_world(world) -> None:
    """`world.observation_run`: a written generic import of one value of a local indicator of
    `world.partnership`, so the history and undo pages have a run that can be undone."""
    indicator = local_indicator(world.partnership, code="WORLD 1", title="World homes delivered")
    place = area("X99000001", "World Town", fictional=True)
    data = f"Indicator code,Area code,Period,Value\r\n{indicator.code},{place.code},2020/21,12\r\n"
    source = StoredFile(
        original_name="world-values.csv",
        content_type="text/csv; charset=utf-8",
        kind="csv",
        size=len(data),
        sha256="1" * 64,
        partnership_id=world.partnership.pk,
        uploaded_by=world.users["editor"],
    )
    source.file.save("world-values.csv", ContentFile(data.encode()), save=False)
    source.save()
    world.observation_run = ImportRun.objects.create(
        partnership_id=world.partnership.pk,
        importer="performance.observations",
        source=source,
        status=ImportRun.Status.WRITTEN,
        encoding="UTF-8",
        total_rows=1,
        valid_rows=1,
        written_rows=1,
        created_by=world.users["editor"],
    )
