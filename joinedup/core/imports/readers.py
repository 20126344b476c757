"""Reading CSV and XLSX files into headings and numbered rows, as a spreadsheet shows them.

CSV: UTF-8 (with or without a byte-order mark), else Windows-1252; the delimiter is
sniffed; quoted fields may hold commas and line breaks; rows shorter than the header
(as in real Fingertips exports) are padded with blanks. XLSX: the first worksheet,
read-only, formula cells as their saved values.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter, methodcaller
from typing import Any

from joinedup.core.uploads import decode_text, describe_size, max_upload_bytes


class ReadError(Exception):
    """The file cannot be read as a table; `message` is written for the person who chose it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headings: list[str]
    # (row number as a spreadsheet shows it, cells); blank rows are left out.
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    encoding: str = ""
    kind: str = ""
    # Set when a column mapping made this table (joinedup.core.imports.mapping), so problems
    # name the columns the user sees in their own file:
    # the file's heading each column key was read from,
    sources: dict[str, str] = field(default_factory=dict)
    # for a wide layout, the file heading each row's melted cells came from (one per row)
    # and the column keys those cells went to,
    row_sources: list[str] | None = None
    melted: tuple[str, ...] = ()
    # and the file's headings the mapping leaves out.
    ignored: list[str] | None = None

    def source_heading(self, key: str, index: int | None = None) -> str | None:
        """The file's heading a column's cell came from (in row `index`), if a mapping says."""
        if index is not None and self.row_sources is not None and key in self.melted:
            return self.row_sources[index]
        return self.sources.get(key)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def head(self, count: int) -> list[tuple[int, list[Any]]]:
        """The first `count` rows (without building the others, for a `ColumnTable`)."""
        return self.rows[:count]

    def cell_columns(self) -> list[list[Any]] | None:
        """The cells a column at a time, when the reader kept them so (`ColumnTable`), else None."""
        return None


class ColumnTable(Table):
    """A table a quote-free CSV file gave a column at a time (`_plain_columns`): the same
    headings and cells as `Table`, but `rows` is built from the columns only the first time it
    is read. The pipeline's whole-column fast path (`cell_columns`) never builds it, so a big
    file's rows are never a list each. Once `rows` is read (or set), it is the truth and the
    columns are dropped, so the two can never disagree."""

    def __init__(self, *, headings: list[str], columns: list[list[str]], encoding: str):
        super().__init__(headings=headings, encoding=encoding, kind="csv")
        self._columns: list[list[str]] | None = columns
        self._count = len(columns[0]) if columns else 0
        self._rows: list[tuple[int, list[Any]]] | None = None

    @property
    def rows(self) -> list[tuple[int, list[Any]]]:
        if self._rows is None:
            columns = self._columns or []
            # The header is the file's line 1, and no line is blank: row i is on line i + 2.
            self._rows = list(
                zip(range(2, self._count + 2), map(list, zip(*columns, strict=True)), strict=True)
            )
            self._columns = None
        return self._rows

    @rows.setter
    def rows(self, value: list[tuple[int, list[Any]]]) -> None:
        self._rows = value
        self._columns = None
        self._count = len(value)

    @property
    def row_count(self) -> int:
        return self._count if self._rows is None else len(self._rows)

    def head(self, count: int) -> list[tuple[int, list[Any]]]:
        if self._rows is not None or self._columns is None:
            return self.rows[:count]
        shown = min(count, self._count)
        return [(i + 2, [column[i] for column in self._columns]) for i in range(shown)]

    def cell_columns(self) -> list[list[Any]] | None:
        return self._columns if self._rows is None else None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many small objects that hold
    no cycles (a million rows' lists, dicts and dataclasses): its full passes over the
    growing heap otherwise take most of the time. Reference counting still frees memory."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cell_value(value: Any) -> Any:
    """A cell as the pipeline sees it: text, or a date/datetime (so dates are never guessed)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


def _is_blank(cells: list[Any]) -> bool:
    try:
        # Text cells (every CSV row): one join instead of a test per cell.
        return not "".join(cells).strip()
    except TypeError:  # dates and other values from an XLSX sheet
        return all(c == "" or (isinstance(c, str) and not c.strip()) for c in cells)


def _check_size(data: bytes, max_bytes: int | None) -> None:
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    if len(data) > limit:
        raise ReadError(f"The selected file must be smaller than {describe_size(limit)}")


def _headings(cells: list[Any]) -> list[str]:
    return [str(c).replace("\ufeff", "").strip() for c in cells]


def read_csv(data: bytes, *, max_bytes: int | None = None) -> Table:
    _check_size(data, max_bytes)
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as exc:
        raise ReadError("The selected file must be saved as UTF-8 or Windows-1252 text") from exc
    if "\x00" in text:
        raise ReadError("The selected file must be a CSV or XLSX spreadsheet")
    try:
        delimiter = csv.Sniffer().sniff(text[: 64 * 1024], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    with paused_gc():
        table = _plain_columns(text, delimiter, encoding)
        if table is not None:
            return table
        records = _plain_records(text, delimiter)
        if records is None:
            reader = csv.reader(io.StringIO(text, newline=""), dialect="excel", delimiter=delimiter)
            del text
            try:
                records = list(reader)
            except csv.Error as exc:
                raise ReadError(f"The selected file is not a readable CSV file ({exc})") from exc
        # Every row is a new list of its own: no copy needed.
        return _csv_table(records, encoding=encoding)


def _plain_records(text: str, delimiter: str) -> list[list[str]] | None:
    """The rows of a CSV file with no quotes at all, split in C (a line a row, the delimiter
    between cells): exactly what csv.reader gives for such a file, several times faster.
    None when the file has quotes or a lone carriage return (the csv module reads those)."""
    if '"' in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's last line break ends a row; it starts none
    # csv.reader gives [] for an empty line, "".split gives [""]: both are blank rows.
    return list(map(methodcaller("split", delimiter), lines))


def _plain_columns(text: str, delimiter: str, encoding: str) -> ColumnTable | None:
    """A CSV file with no quotes, a header on its first line and every line as wide as the
    header, read a column at a time: the whole text split once in C and each column taken as
    a slice. The same headings and cells `_plain_records` and `_csv_table` give such a file
    (tested against them). None for anything else (quotes, a lone carriage return, a blank or
    ragged line, a blank row, no rows): the row reader reads those."""
    if '"' in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if text.endswith("\n"):
        text = text[:-1]  # the file's last line break ends a row; it starts none
    first_end = text.find("\n")
    if first_end < 0:
        return None
    header = text[:first_end].split(delimiter)
    if not "".join(header).strip():
        return None  # blank lines before the headings: the row reader skips them
    width = len(header)
    body = text[first_end + 1 :]
    lines = body.count("\n") + 1
    cells = body.replace("\n", delimiter).split(delimiter)
    if len(cells) != lines * width:
        return None
    # Every line exactly `width` cells: equal totals do not prove it, equal counts a line do.
    if width > 1 and set(map(methodcaller("count", delimiter), body.split("\n"))) != {width - 1}:
        return None
    columns = [cells[i::width] for i in range(width)]
    del cells
    # No blank row (one the row reader would leave out): some column has no blank cell.
    if not any(all(map(str.strip, set(column))) for column in columns):
        return None
    headings = _headings(header)
    while headings and not headings[-1]:
        headings.pop()
    return ColumnTable(headings=headings, columns=columns, encoding=encoding)


def _csv_table(records: list[list[str]], *, encoding: str) -> Table:
    """`_table` for a CSV file's text rows, a pass per step in C rather than a step per row."""
    count = len(records)
    # Blank rows (every cell empty or spaces) are left out, as `_table` does.
    filled = list(map(str.strip, map("".join, records)))
    wanted = list(compress(range(count), filled))
    if not wanted:
        raise ReadError("The selected file is empty")
    first = wanted[0]
    headings = _headings(records[first])
    while headings and not headings[-1]:
        headings.pop()
    width = len(headings)
    kept = wanted[1:]
    rows = list(zip([i + 1 for i in kept], map(records.__getitem__, kept), strict=True))
    if rows and min(map(len, map(_SECOND, rows))) < width:
        # Rows shorter than the header (real Fingertips exports) are padded with blanks.
        rows = [(n, c + [""] * (width - len(c)) if len(c) < width else c) for n, c in rows]
    return Table(headings=headings, rows=rows, encoding=encoding, kind="csv")


def read_xlsx(data: bytes, *, max_bytes: int | None = None) -> Table:
    from openpyxl import load_workbook

    _check_size(data, max_bytes)
    try:
        # data_only: formula cells give the value Excel saved, never the formula text.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadError("The selected file is damaged or is not an XLSX spreadsheet") from exc
    try:
        if not workbook.worksheets:
            raise ReadError("The selected spreadsheet has no worksheets")
        sheet = workbook.worksheets[0]
        # Some tools write a wrong sheet size; read everything that is there.
        sheet.reset_dimensions()
        numbered = (
            (number, [cell_value(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        )
        return _table(numbered, encoding="", kind="xlsx")
    finally:
        workbook.close()


_SECOND = itemgetter(1)


def _table(
    numbered: Iterator[tuple[int, list[Any]]], *, encoding: str, kind: str, fresh_lists: bool = False
) -> Table:
    headings: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    append = rows.append
    width = 0
    for number, cells in numbered:
        if _is_blank(cells):
            continue
        if headings is None:
            headings = _headings(cells)
            while headings and not headings[-1]:
                headings.pop()
            width = len(headings)
            continue
        if len(cells) < width:
            cells = list(cells) + [""] * (width - len(cells))
        elif not fresh_lists:
            cells = list(cells)
        append((number, cells))
    if headings is None:
        raise ReadError("The selected file is empty")
    return Table(headings=headings, rows=rows, encoding=encoding, kind=kind)


def read_table(data: bytes, *, kind: str, max_bytes: int | None = None) -> Table:
    """Read a checked upload (`kind` from `joinedup.core.uploads.check_upload`)."""
    if kind == "xlsx":
        return read_xlsx(data, max_bytes=max_bytes)
    if kind in {"csv", "txt"}:
        return read_csv(data, max_bytes=max_bytes)
    raise ReadError("The selected file must be a CSV or XLSX spreadsheet")
