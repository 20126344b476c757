"""What an importer is, and the registry rooms fill from `AppConfig.ready()`.

    class OrganisationsImporter(Importer):
        name = "partnerships.organisations"
        ...
    imports.register(OrganisationsImporter())

The pipeline calls, in order: `prepare` once, `validate_row` for every row, `check_rows`
once over all valid rows (cross-row checks beyond the `unique` columns), `plan` for the
preview, and on confirmation `write` inside one transaction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, overload

from joinedup.core.imports.cells import InvalidCell


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool = False
    help: str = ""
    example: str = ""
    # Choices users may type (labels); the XLSX template offers them as a drop-down list.
    choices: tuple[str, ...] = ()
    # No two rows may have the same value in this column (ignoring case and spacing).
    unique: bool = False
    aliases: tuple[str, ...] = ()
    missing_message: str = ""

    @property
    def missing(self) -> str:
        return self.missing_message or f"Enter the {self.heading[0].lower()}{self.heading[1:]}"


@dataclass
class CellError:
    """A problem in one row (and column, if known). `column` is a column key."""

    column: str | None
    message: str
    row: int | None = None


@dataclass
class ImportContext:
    partnership_id: int | None
    user: Any = None
    run_id: int | None = None
    file_name: str = ""
    # For importers: lookups loaded once in `prepare` (e.g. existing names), and anything
    # that `check_rows` or `plan` works out for `write` to use.
    cache: dict[str, Any] = field(default_factory=dict)


# ImportRow and ValidRow have slots: the pipeline makes one of each for every row of a file.
@dataclass(slots=True)
class ImportRow:
    """One row of the file, its cells keyed by column key (blank columns give "")."""

    number: int
    values: dict[str, Any]
    errors: list[CellError] = field(default_factory=list)

    def text(self, key: str) -> str:
        value = self.values.get(key, "")
        return value.strip() if isinstance(value, str) else str(value)

    def has(self, key: str) -> bool:
        return self.text(key) != ""

    def parse(self, key: str, parser: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Parse a cell, recording any error against this row and column. Blank cells give None."""
        value = self.values.get(key, "")
        if isinstance(value, str) and not value.strip():
            return None
        try:
            return parser(value, *args, **kwargs)
        except InvalidCell as exc:
            self.errors.append(CellError(key, exc.message, self.number))
            return None

    def error(self, key: str | None, message: str) -> None:
        self.errors.append(CellError(key, message, self.number))


@dataclass(slots=True)
class ValidRow:
    number: int
    # A dict from `validate_row`; a `ColumnsRow` from `validate_columns`.
    data: Mapping[str, Any]


class ColumnsRow(Mapping[str, Any]):
    """One row's cleaned values, read from whole columns of them (an importer's
    `validate_columns`): reads like the dict `validate_row` gives, without building a dict
    for every row of a big file."""

    __slots__ = ("_columns", "_index")

    def __init__(self, columns: Mapping[str, Sequence[Any]], index: int):
        self._columns = columns
        self._index = index

    def __getitem__(self, key: str) -> Any:
        return self._columns[key][self._index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        return repr(dict(self))


class ColumnRows(Sequence[ValidRow]):
    """Valid rows held as whole columns (an importer's `validate_columns`): reads like the
    list of `ValidRow`s the row-by-row pass gives, each row (a `ValidRow` of a `ColumnsRow`)
    built only when read, so a big file's rows are never an object each. Never changed once
    made: importers may trust that the same `ColumnRows` holds the same rows."""

    __slots__ = ("columns", "numbers")

    def __init__(self, numbers: Sequence[int], columns: Mapping[str, Sequence[Any]]):
        self.numbers = numbers
        self.columns = columns

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, index: int) -> ValidRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[ValidRow]: ...
    def __getitem__(self, index: int | slice) -> ValidRow | list[ValidRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self.numbers))[index]]
        position = range(len(self.numbers))[index]
        return ValidRow(self.numbers[position], ColumnsRow(self.columns, position))

    def __iter__(self) -> Iterator[ValidRow]:
        return map(ValidRow, self.numbers, map(ColumnsRow, repeat(self.columns), range(len(self.numbers))))

    def __repr__(self) -> str:
        return f"ColumnRows({list(self)!r})"


@dataclass
class WriteResult:
    written: int
    # Sentences for the report page, e.g. "3 organisations added".
    report: list[str]
    summary: str  # one sentence for the audit log
    # What an undo needs beyond the rows that name the run (e.g. records the run created),
    # kept on the run as JSON (`ImportRun.undo_data`).
    undo_data: dict[str, Any] = field(default_factory=dict)


class Importer(ABC):
    name: str = ""
    title: str = ""  # "Import organisations"
    description: str = ""
    noun_plural: str = "rows"
    permission: str = "partnerships.edit"
    columns: Sequence[Column] = ()
    file_kinds: tuple[str, ...] = ("csv", "xlsx")
    # Defaults to "<name>.imported", e.g. partnerships.organisations.imported
    audit_action: str = ""
    example_rows: Sequence[dict[str, str]] = ()
    # The column mapping step (joinedup.core.imports.mapping, ADR 0019). A wide layout puts
    # one period in each column: (the key of the column its headings go to, the key of the
    # column its cells go to), e.g. ("period", "value"). None: guessed from the columns (a
    # column called "period" or "time period" and one called "value"), else never offered.
    wide_layout: tuple[str, str] | None = None
    # Whether a file with columns this importer does not know is shown the mapping step
    # (False for layouts published with many columns the importer does not need).
    ask_about_extra_columns: bool = True

    @property
    def action(self) -> str:
        return self.audit_action or f"{self.name}.imported"

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def prepare(self, context: ImportContext) -> None:  # noqa: B027 (an optional hook)
        """Load what validation needs once (e.g. existing names), into `context.cache`."""

    @abstractmethod
    def validate_row(self, row: ImportRow, context: ImportContext) -> dict[str, Any] | list[CellError]:
        """The row's cleaned values, or its errors (`row.errors` after `row.parse(...)`).

        Required columns are already checked: a row with a blank required cell never gets here.
        """

    def validate_columns(
        self, columns: dict[str, Sequence[str]], numbers: list[int], context: ImportContext
    ) -> Sequence[ValidRow] | None:
        """Optional fast path for big text files: check whole columns at once (one pass per
        column, in C where it can) and give every row's cleaned values, exactly what
        `validate_row` would give (a list, or a `ColumnRows` over the cleaned columns), or
        None when any row might have a problem. On None the pipeline checks the file row by
        row, so every problem is still reported by row and column with `validate_row`'s own
        messages.

        `columns`: every matched column's cells, in row order, as text as in the file (not
        yet stripped of spaces: strip each distinct text once), with "" for a column the file
        does not have; `numbers`: the rows' numbers. Only called when every cell is text,
        every required cell is filled in and no column is `unique`."""
        return None

    def check_rows(self, rows: list[ValidRow], context: ImportContext) -> list[CellError]:
        """Checks across rows, beyond the `unique` columns. Errors must name their row."""
        return []

    def plan(self, rows: list[ValidRow], context: ImportContext) -> list[str]:
        """Sentences for the preview: what confirming will do."""
        return [f"{len(rows)} {self.noun_plural} will be imported"]

    @abstractmethod
    def write(self, rows: list[ValidRow], context: ImportContext) -> WriteResult:
        """Write every row. Runs inside the pipeline's transaction: raise to write nothing."""

    # Undoing a whole run (optional; see joinedup.core.imports.undo) -------------------------
    supports_undo: bool = False

    def undo_problems(self, run: Any, context: ImportContext) -> list[str]:
        """Why this written run cannot be undone now (e.g. later changes were made on top of
        its records); empty if it can. Shown on the confirmation page and checked again."""
        return []

    def undo(self, run: Any, context: ImportContext) -> WriteResult:
        """Take back everything the run wrote, restoring what it replaced. Runs inside the
        undo's transaction, after `undo_problems` found none: raise to change nothing."""
        raise NotImplementedError(f"{self.name} cannot be undone")


_registry: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    if not importer.name or importer.name.count(".") < 1:
        raise ValueError("An importer's name is dotted and starts with its room")
    _registry[importer.name] = importer
    return importer


def get_importer(name: str) -> Importer | None:
    return _registry.get(name)


def all_importers() -> list[Importer]:
    return sorted(_registry.values(), key=lambda i: i.title)
