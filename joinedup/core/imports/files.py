"""Files the pipeline hands out: the full error list and a blank template per importer.

Cells that a spreadsheet would run as a formula are neutralised (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from joinedup.core.imports.registry import Importer
from joinedup.core.models import ImportRun

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would read as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    # UTF-8 with a byte-order mark, so Excel opens "£" and accented names correctly.
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headings])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def errors_csv(run: ImportRun) -> bytes:
    return csv_bytes(
        ["Row", "Column", "Error"],
        ([e.get("row") or "", e.get("column") or "", e.get("message", "")] for e in run.errors),
    )


def template_csv(importer: Importer) -> bytes:
    return csv_bytes(
        [c.heading for c in importer.columns],
        ([example.get(c.key, "") for c in importer.columns] for example in importer.example_rows),
    )


def template_xlsx(importer: Importer) -> bytes:
    """A workbook with the headings, example rows, drop-down lists for choice columns and a
    sheet that explains every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = importer.noun_plural.capitalize()[:31]
    sheet.append([c.heading for c in importer.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for example in importer.example_rows:
        sheet.append([neutralise(example.get(c.key, "")) for c in importer.columns])
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet("Lists")
    list_column = 0
    for index, column in enumerate(importer.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.heading) + 4))
        if not column.choices:
            continue
        list_column += 1
        list_letter = get_column_letter(list_column)
        lists.cell(row=1, column=list_column, value=column.heading).font = Font(bold=True)
        for offset, label in enumerate(column.choices, start=2):
            lists.cell(row=offset, column=list_column, value=label)
        end = len(column.choices) + 1
        validation = DataValidation(
            type="list",
            formula1=f"=Lists!${list_letter}$2:${list_letter}${end}",
            allow_blank=not column.required,
            showErrorMessage=False,
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
    if list_column == 0:
        workbook.remove(lists)

    about = workbook.create_sheet("About the columns")
    about.append(["Column", "Required", "What to enter"])
    for cell in about[1]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        about.append([column.heading, "Yes" if column.required else "No", column_help(column)])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["C"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_help(column) -> str:
    text = column.help
    if column.choices:
        text = (text + " " if text else "") + "One of: " + "; ".join(column.choices) + "."
    return text
