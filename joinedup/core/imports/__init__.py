"""The one import pipeline every room uses. Rooms define an `Importer` and register it
from `AppConfig.ready()`; the partnerships room provides the pages under
`/p/<slug>/imports/`. See docs/adr/0005-import-pipeline.md."""

from joinedup.core.imports.registry import (
    CellError,
    Column,
    ColumnRows,
    ColumnsRow,
    ImportContext,
    Importer,
    ImportRow,
    ValidRow,
    WriteResult,
    all_importers,
    get_importer,
    register,
)

__all__ = [
    "CellError",
    "Column",
    "ColumnRows",
    "ColumnsRow",
    "ImportContext",
    "ImportRow",
    "Importer",
    "ValidRow",
    "WriteResult",
    "all_importers",
    "get_importer",
    "register",
]
