"""The export helper: typed XLSX and CSV from column definitions and rows.

Every room's downloads go through here, so every spreadsheet has typed cells (numbers as
numbers, dates as dates, money in pounds), a bold frozen header row, sensible widths, and
no spreadsheet formula injection. See docs/adr/0003-exports.md.

    columns = [
        Column("Partner"),
        Column("Contribution", "money"),
        Column("Period", "period"),
    ]
    return export_response(columns, rows, filename="contributions 2020-21", format="xlsx")

Rows are sequences in column order, or mappings read by each column's `key` (its heading
when no key is given).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from joinedup.core.money import to_money
from joinedup.core.periods import Period, PeriodParseError, parse

ColumnType = Literal["text", "integer", "decimal", "money", "percent", "date", "period"]
ExportFormat = Literal["xlsx", "csv"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# Text starting with these is run as a formula by Excel, LibreOffice or Google Sheets
# (OWASP "CSV injection"); tab and carriage return hide the character that follows.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# How many rows to measure for column widths: enough to be representative, bounded so a
# national export does not have to be held in memory.
WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 8, 60
# How many rows below the header a drop-down list of choices covers.
CHOICE_ROWS = 5000
LISTS_SHEET = "Lists"


@dataclass(frozen=True)
class Column:
    """One column of an export.

    `type` decides how cells are written: text; integer; decimal (with `places` shown);
    money (Decimal pounds, never floats); percent (percentage points, 12.5 means 12.5%);
    date (a date, or an aware datetime shown in UK time); period (a Period or its code,
    written as its label).
    """

    heading: str
    type: ColumnType = "text"
    key: str | None = None
    places: int = 1
    width: int | None = None
    # In XLSX, a drop-down list of these on the column's cells below the header (a
    # workbook's lists are kept on a sheet named "Lists"); blank_allowed lets a cell be empty.
    choices: tuple[str, ...] = ()
    blank_allowed: bool = True

    def value(self, row: Sequence[Any] | Mapping[str, Any], index: int) -> Any:
        if isinstance(row, Mapping):
            return row.get(self.key or self.heading)
        return row[index]


def neutralise(text: str) -> str:
    """Text safe to put in a CSV cell: a leading apostrophe before a formula trigger."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _is_risky(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def _local(value: dt.datetime) -> dt.datetime:
    # Spreadsheets have no time zones: show what a reader in the UK would see.
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _period(value: Any) -> Period | None:
    if isinstance(value, Period):
        return value
    try:
        return parse(str(value))
    except PeriodParseError:
        return None


def _number(value: Any) -> Decimal | int | float:
    if isinstance(value, bool):
        raise TypeError("A yes/no value is not a number: use a text column")
    if isinstance(value, int | float | Decimal):
        return value
    return Decimal(str(value).replace(",", ""))


def _typed(column: Column, value: Any) -> tuple[Any, str | None]:
    """The value to write to XLSX and its number format (None for text)."""
    kind = column.type
    if kind == "integer":
        return int(_number(value)), "#,##0"
    if kind == "decimal":
        return _number(value), "#,##0" + ("." + "0" * column.places if column.places else "")
    if kind == "money":
        return to_money(value), MONEY_FORMAT
    if kind == "percent":
        return _number(value) / 100, "0" + ("." + "0" * column.places if column.places else "") + "%"
    if kind == "date":
        if isinstance(value, dt.datetime):
            return _local(value), DATETIME_FORMAT
        if isinstance(value, dt.date):
            return value, DATE_FORMAT
        return dt.date.fromisoformat(str(value)), DATE_FORMAT
    if kind == "period":
        period = _period(value)
        return (period.label if period else str(value)), None
    return str(value), None


def _csv_text(column: Column, value: Any) -> str:
    if value is None:
        return ""
    kind = column.type
    if kind == "integer":
        return str(int(_number(value)))
    if kind in ("decimal", "percent"):
        return str(_number(value))
    if kind == "money":
        return str(to_money(value))
    if kind == "date":
        if isinstance(value, dt.datetime):
            return _local(value).isoformat(sep=" ", timespec="minutes")
        if isinstance(value, dt.date):
            return value.isoformat()
        return dt.date.fromisoformat(str(value)).isoformat()
    if kind == "period":
        period = _period(value)
        return neutralise(period.label if period else str(value))
    return neutralise(str(value))


def write_csv(columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel reads £ and accents correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(column.heading) for column in columns])
    for row in rows:
        writer.writerow([_csv_text(column, column.value(row, i)) for i, column in enumerate(columns)])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _display_width(column: Column, value: Any) -> int:
    if value is None:
        return 0
    if column.type == "money":
        return len(f"£{to_money(value):,.2f}")
    if column.type in ("integer", "decimal", "percent"):
        return len(f"{_number(value):,}") + 2
    if column.type == "date":
        return 16 if isinstance(value, dt.datetime) else 10
    if column.type == "period":
        period = _period(value)
        return len(period.label if period else str(value))
    return max((len(line) for line in str(value).splitlines()), default=0)


def _cell(sheet: WriteOnlyWorksheet, column: Column, value: Any, font: Font | None = None) -> Any:
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    written, number_format = _typed(column, value)
    cell = WriteOnlyCell(sheet, value=written)
    if isinstance(written, str):
        mark_as_text(cell)
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook written by `write_workbook`."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Any] = ()


def write_xlsx(columns: Sequence[Column], rows: Iterable[Any], *, sheet_title: str = "Data") -> bytes:
    """An XLSX workbook of one sheet: typed cells, bold frozen header, measured widths."""
    return write_workbook([Sheet(sheet_title, columns, rows)])


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook of several sheets, each written as `write_xlsx` writes one. Columns
    with `choices` get a drop-down list, its values on a last sheet named "Lists"."""
    workbook = Workbook(write_only=True)
    choice_columns: list[tuple[WriteOnlyWorksheet, int, Column]] = []
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=_sheet_title(sheet.title))
        _write_sheet(worksheet, sheet.columns, sheet.rows)
        choice_columns += [(worksheet, i, c) for i, c in enumerate(sheet.columns, start=1) if c.choices]
    if choice_columns:
        _write_lists(workbook, choice_columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(sheet: WriteOnlyWorksheet, columns: Sequence[Column], rows: Iterable[Any]) -> None:
    rows = iter(rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for index, column in enumerate(columns):
        widths = [len(column.heading) + 2]
        widths += [_display_width(column, column.value(row, index)) + 2 for row in sample]
        width = column.width or min(MAX_WIDTH, max(MIN_WIDTH, *widths))
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = Column("heading")
    sheet.append([_cell(sheet, header, column.heading, bold) for column in columns])
    for row in itertools.chain(sample, rows):
        sheet.append([_cell(sheet, column, column.value(row, i), None) for i, column in enumerate(columns)])
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"


def _write_lists(workbook: Workbook, choice_columns: list[tuple[WriteOnlyWorksheet, int, Column]]) -> None:
    # The choices live on a sheet, not in the validation formula, which Excel limits to 255
    # characters.
    lists = workbook.create_sheet(title=LISTS_SHEET)
    text = Column("choice")
    for list_index, (sheet, index, column) in enumerate(choice_columns, start=1):
        list_letter = get_column_letter(list_index)
        lists.column_dimensions[list_letter].width = min(
            MAX_WIDTH, max(MIN_WIDTH, len(column.heading) + 2, *(len(c) + 2 for c in column.choices))
        )
        validation = DataValidation(
            type="list",
            formula1=f"={LISTS_SHEET}!${list_letter}$2:${list_letter}${len(column.choices) + 1}",
            allow_blank=column.blank_allowed,
            showErrorMessage=False,
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{CHOICE_ROWS + 1}")
        sheet.data_validations.append(validation)
    bold = Font(bold=True)
    lists.append([_cell(lists, text, column.heading, bold) for _, _, column in choice_columns])
    for values in itertools.zip_longest(*(column.choices for _, _, column in choice_columns)):
        lists.append([_cell(lists, text, value) for value in values])


def mark_as_text(cell: Any) -> None:
    """Make an openpyxl cell holding text stay text, never a formula.

    openpyxl treats text starting with "=" as a formula; say it is a string, and set
    quotePrefix so the cell stays text when someone edits it in Excel.
    """
    cell.data_type = "s"
    if isinstance(cell.value, str) and _is_risky(cell.value):
        cell.quotePrefix = True


def attachment(body: bytes, *, filename: str, extension: str, content_type: str) -> HttpResponse:
    """Any generated file as a download: always an attachment, never sniffed as HTML."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=safe_filename(filename, extension)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _sheet_title(title: str) -> str:
    # Excel forbids these characters in sheet names and allows 31 characters.
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip("' ") or "Data"
    return cleaned[:31]


def safe_filename(name: str, extension: str) -> str:
    """An ASCII file name with no path, quotes or control characters, ending `.extension`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip(".-_")
    stem = stem.removesuffix(f".{extension}")[:100].strip(".-_") or "export"
    return f"{stem}.{extension}"


def export_response(
    columns: Sequence[Column],
    rows: Iterable[Any],
    *,
    filename: str,
    format: ExportFormat = "xlsx",
    sheet_title: str = "Data",
) -> HttpResponse:
    """A download of the rows as XLSX or CSV, always as an attachment."""
    if format == "xlsx":
        body, content_type = write_xlsx(columns, rows, sheet_title=sheet_title), XLSX_CONTENT_TYPE
    elif format == "csv":
        body, content_type = write_csv(columns, rows), CSV_CONTENT_TYPE
    else:
        raise ValueError(f"Unknown export format {format!r}: use 'xlsx' or 'csv'")
    return attachment(body, filename=filename, extension=format, content_type=content_type)
