"""Files the pipeline hands out: the full error list and a blank template per importer,
written with the shared export helper (formula injection neutralised there)."""

from __future__ import annotations

import io

from joinedup.core.exports import Column, mark_as_text, write_csv
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
        sheet.append([example.get(c.key, "") for c in importer.columns])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                mark_as_text(cell)
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
