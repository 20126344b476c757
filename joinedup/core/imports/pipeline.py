"""Validating a whole table against an importer: every row is checked, and every problem is
reported with its row and column, before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, cast

from joinedup.core.imports.readers import Table, paused_gc
from joinedup.core.imports.registry import CellError, ImportContext, Importer, ImportRow, ValidRow

PREVIEW_ROWS = 10


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None  # the column's heading, as users see it
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return f"Row {self.row}, column '{self.column}': {self.message}"
        if self.row is not None:
            return f"Row {self.row}: {self.message}"
        if self.column:
            return f"Column '{self.column}': {self.message}"
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Validation:
    total_rows: int = 0
    # A list, or a `ColumnRows` from an importer's whole-column pass (read-only, each row
    # built when read; typed as the list importers' signatures take, which they only read).
    rows: list[ValidRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    preview: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def normalise_heading(heading: str) -> str:
    return " ".join(str(heading).replace("\ufeff", "").replace("_", " ").split()).casefold()


def _shown(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def known_headings(importer: Importer) -> dict[str, str]:
    """Every normalised name (heading, key, alias) of the importer's columns -> column key."""
    wanted: dict[str, str] = {}
    for column in importer.columns:
        for name in (column.heading, column.key, *column.aliases):
            wanted.setdefault(normalise_heading(name), column.key)
    return wanted


def match_columns(importer: Importer, headings: list[str]) -> tuple[dict[str, int], list[Problem], list[str]]:
    """Which position in the file holds each column, tolerant of case and spacing."""
    wanted = known_headings(importer)
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    ignored: list[str] = []
    for index, heading in enumerate(headings):
        key = wanted.get(normalise_heading(heading))
        if key is None:
            if heading:
                ignored.append(heading)
            continue
        if key in positions:
            problems.append(
                Problem(
                    None,
                    importer.column(key).heading,
                    "This column appears more than once. Keep one and delete the others",
                )
            )
            continue
        positions[key] = index
    for column in importer.columns:
        if column.required and column.key not in positions:
            problems.append(
                Problem(
                    None,
                    column.heading,
                    "The file has no column with this heading. Use the template's headings",
                )
            )
    return positions, problems, ignored


def validate_table(
    importer: Importer,
    table: Table,
    context: ImportContext,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Validation:
    result = Validation(total_rows=table.row_count)
    positions, problems, result.ignored_columns = match_columns(importer, table.headings)
    if table.ignored is not None:  # a column mapping made the table: it knows what it left out
        result.ignored_columns = list(table.ignored)
    result.problems.extend(problems)
    if problems:
        # Without the columns, every row would fail the same way; say it once.
        return result
    if not table.row_count:
        result.problems.append(Problem(None, None, "The file has headings but no rows of data"))
        return result

    headings = {c.key: c.heading for c in importer.columns}
    shown_keys = [c.key for c in importer.columns if c.key in positions]
    result.preview = {"headings": [headings[k] for k in shown_keys], "rows": []}

    def to_problem(error: CellError, row_number: int | None, index: int | None = None) -> Problem:
        column = None
        if error.column:
            # After a column mapping, name the column as it is in the user's file.
            column = table.source_heading(error.column, index) or headings.get(error.column, error.column)
        return Problem(error.row if error.row is not None else row_number, column, error.message)

    importer.prepare(context)
    with paused_gc():
        fast = _validate_columns(importer, table, context, positions, shown_keys)
        if fast is not None:
            rows, result.preview["rows"] = fast
            result.rows = cast("list[ValidRow]", rows)
            if progress is not None:
                progress(result.total_rows, result.total_rows)
        else:
            _validate_rows(importer, table, context, result, positions, shown_keys, progress, to_problem)
        result.problems.extend(to_problem(e, None) for e in importer.check_rows(result.rows, context))
    result.problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return result


def _picker(indexes: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """A function giving the cells at these positions as a tuple (whatever their number)."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    if indexes:
        index = indexes[0]
        return lambda cells: (cells[index],)
    return lambda cells: ()


_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_TEXT = {str}


def _validate_columns(
    importer: Importer,
    table: Table,
    context: ImportContext,
    positions: dict[str, int],
    shown_keys: list[str],
) -> tuple[Sequence[ValidRow], list[Any]] | None:
    """The importer's whole-column fast path (`Importer.validate_columns`), when it has one
    and the file allows it: (valid rows, preview rows), or None to check row by row."""
    if type(importer).validate_columns is Importer.validate_columns:
        return None
    if any(c.unique for c in importer.columns):
        return None
    count = table.row_count
    kept = table.cell_columns()
    if kept is not None:
        # A quote-free CSV file read a column at a time: every cell is text, every row full.
        columns: dict[str, Sequence[str]] = {key: kept[index] for key, index in positions.items()}
        numbers: list[int] = list(range(2, count + 2))
    else:
        cells = list(map(_SECOND, table.rows))
        last_index = max(positions.values(), default=-1)
        if min(map(len, cells)) <= last_index:
            return None  # a short row (never from the CSV reader, which pads them)
        # The rows turned into columns in one pass in C; the importer strips each distinct text once.
        transposed = list(zip(*cells, strict=False))  # as long as the shortest row: enough (above)
        del cells
        columns = {key: transposed[index] for key, index in positions.items()}
        del transposed
        for column in columns.values():
            if set(map(type, column)) != _TEXT:
                return None  # dates or numbers from an XLSX sheet
        numbers = list(map(_FIRST, table.rows))
    if any(not text.strip() for c in importer.columns if c.required for text in set(columns[c.key])):
        return None  # a blank required cell: the row-by-row pass names it
    blank = ("",) * count
    for wanted in importer.columns:
        columns.setdefault(wanted.key, blank)
    rows = importer.validate_columns(columns, numbers, context)
    if rows is None:
        return None
    preview = [
        [numbers[i], [_shown(columns[k][i].strip()) for k in shown_keys]]
        for i in range(min(PREVIEW_ROWS, len(numbers)))
    ]
    return rows, preview


def _validate_rows(
    importer: Importer,
    table: Table,
    context: ImportContext,
    result: Validation,
    positions: dict[str, int],
    shown_keys: list[str],
    progress: Callable[[int, int], None] | None,
    to_problem: Callable[[CellError, int | None, int | None], Problem],
) -> None:
    seen: dict[str, dict[str, int]] = {c.key: {} for c in importer.columns if c.unique}
    # Per-row work is kept small (a 1M-row file is checked in one pass; see bench/).
    keys = list(positions)
    indexes = [positions[k] for k in keys]
    last_index = max(indexes, default=-1)
    pick = _picker(indexes)
    required = [(c.key, c.missing) for c in importer.columns if c.required]
    preview_rows = result.preview["rows"]
    valid_rows: list[ValidRow] = []
    result.rows = valid_rows
    found = result.problems
    validate_row = importer.validate_row
    append_valid = valid_rows.append
    seen_items = list(seen.items())
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        if len(cells) > last_index:
            raw = pick(cells)
        else:
            raw = tuple(cells[i] if i < len(cells) else "" for i in indexes)
        try:
            # Text cells (every CSV row): stripped in C.
            values = dict(zip(keys, map(str.strip, raw), strict=True))
        except TypeError:  # dates and other values from an XLSX sheet
            values = dict(zip(keys, [v.strip() if isinstance(v, str) else v for v in raw], strict=True))
        if done <= PREVIEW_ROWS:
            preview_rows.append([number, [_shown(values.get(k, "")) for k in shown_keys]])
        row = ImportRow(number, values)
        for key, missing in required:
            if values[key] == "":
                row.error(key, missing)
        for key, first_rows in seen_items:
            value = " ".join(str(values.get(key, "")).split()).casefold()
            if not value:
                continue
            if value in first_rows:
                row.error(
                    key,
                    f"'{values[key]}' is already in row {first_rows[value]}. "
                    "Each row must have a different one",
                )
            else:
                first_rows[value] = number
        if not row.errors:
            outcome = validate_row(row, context)
            if isinstance(outcome, dict) and not row.errors:
                append_valid(ValidRow(number, outcome))
            elif isinstance(outcome, list):
                row.errors.extend(e for e in outcome if e not in row.errors)
        if row.errors:
            found.extend(to_problem(e, number, done - 1) for e in row.errors)
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)
