"""Files the pipeline hands out: the full error list and a blank template per importer,
written with the shared export helper (formula injection neutralised there)."""

from __future__ import annotations

from joinedup.core.exports import Column, Sheet, write_csv, write_workbook
from joinedup.core.imports.registry import Importer
from joinedup.core.models import ImportRun


def errors_csv(run: ImportRun) -> bytes:
    return write_csv(
        [Column("Row", "integer"), Column("Column"), Column("Error")],
        ([e.get("row"), e.get("column") or "", e.get("message", "")] for e in run.errors),
    )


def template_csv(importer: Importer) -> bytes:
    return write_csv(
        [Column(c.heading) for c in importer.columns],
        ([example.get(c.key, "") for c in importer.columns] for example in importer.example_rows),
    )


def template_xlsx(importer: Importer) -> bytes:
    """A workbook with the headings, example rows, drop-down lists for choice columns and a
    sheet that explains every column."""
    columns = [
        Column(c.heading, key=c.key, choices=tuple(c.choices or ()), blank_allowed=not c.required)
        for c in importer.columns
    ]
    about = [Column("Column", width=28), Column("Required"), Column("What to enter", width=100)]
    return write_workbook(
        [
            Sheet(importer.noun_plural.capitalize(), columns, importer.example_rows),
            Sheet(
                "About the columns",
                about,
                ([c.heading, "Yes" if c.required else "No", column_help(c)] for c in importer.columns),
            ),
        ]
    )


def column_help(column) -> str:
    text = column.help
    if column.choices:
        text = (text + " " if text else "") + "One of: " + "; ".join(column.choices) + "."
    return text
