"""The column-mapping step: reading a file edited by hand (renamed columns, extra columns, a
wide layout with one column per period) as an importer's columns. Pure functions, no ORM.
See docs/adr/0019-column-mapping.md.

A `ColumnMapping` says, for each importer column (by key), which of the file's headings holds
it, or one value for every row of the file; and optionally that some headings are values
of one column (the periods "2015", "2016/17") with their cells going to another (Value).
`apply_mapping` turns the file's table into a table with the importer's columns, so the
pipeline validates it as usual; problems still name the file's row and its own headings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from joinedup.core.imports.pipeline import known_headings, normalise_heading
from joinedup.core.imports.readers import ReadError, Table
from joinedup.core.imports.registry import Column, Importer
from joinedup.core.periods import PeriodParseError, parse

# Wide layouts: a file with more period columns than this is not offered as one (a sheet of
# daily columns is not what the step is for, and each column is a select on the page).
MAX_WIDE_HEADINGS = 400


class MappingDoesNotFit(ReadError):
    """A mapping names headings the file does not have (say, a file changed since it was chosen)."""


@dataclass(frozen=True)
class WideLayout:
    """Headings that are values of one column, each with its cells going to another."""

    headings: tuple[str, ...]  # the file's headings, e.g. ("2015", "2016/17")
    heading_column: str  # the importer column key the headings go to, e.g. "period"
    value_column: str  # the importer column key each cell goes to, e.g. "value"


@dataclass(frozen=True)
class ColumnMapping:
    # importer column key -> the file's heading that holds it
    columns: Mapping[str, str] = field(default_factory=dict)
    # importer column key -> the value every row of the file gets (for columns the file lacks)
    fixed: Mapping[str, str] = field(default_factory=dict)
    wide: WideLayout | None = None

    def provides(self, key: str) -> bool:
        if key in self.columns or key in self.fixed:
            return True
        return self.wide is not None and key in (self.wide.heading_column, self.wide.value_column)

    def missing_required(self, importer: Importer) -> list[Column]:
        return [c for c in importer.columns if c.required and not self.provides(c.key)]

    def used_headings(self) -> set[str]:
        used = {normalise_heading(h) for h in self.columns.values()}
        if self.wide is not None:
            used.update(normalise_heading(h) for h in self.wide.headings)
        return used

    def ignored(self, headings: Iterable[str]) -> list[str]:
        """The file's (non-blank) headings the mapping leaves out, in the file's order."""
        used = self.used_headings()
        return [h for h in headings if h and normalise_heading(h) not in used]

    def fitted(self, headings: Iterable[str]) -> ColumnMapping:
        """The same mapping naming a file's headings as that file spells them (a saved mapping
        applies to a header with other capitals or spacing); headings it lacks are dropped."""
        spelling: dict[str, str] = {}
        for heading in headings:
            if heading:
                spelling.setdefault(normalise_heading(heading), heading)
        columns = {
            k: spelling[normalise_heading(h)]
            for k, h in self.columns.items()
            if normalise_heading(h) in spelling
        }
        wide = self.wide
        if wide is not None:
            present = tuple(
                spelling[normalise_heading(h)] for h in wide.headings if normalise_heading(h) in spelling
            )
            wide = WideLayout(present, wide.heading_column, wide.value_column) if present else None
        return ColumnMapping(columns=columns, fixed=dict(self.fixed), wide=wide)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"columns": dict(self.columns), "fixed": dict(self.fixed)}
        if self.wide is not None:
            data["wide"] = {
                "headings": list(self.wide.headings),
                "heading_column": self.wide.heading_column,
                "value_column": self.wide.value_column,
            }
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ColumnMapping:
        wide = data.get("wide")
        return cls(
            columns={str(k): str(v) for k, v in (data.get("columns") or {}).items()},
            fixed={str(k): str(v) for k, v in (data.get("fixed") or {}).items()},
            wide=WideLayout(
                headings=tuple(str(h) for h in wide["headings"]),
                heading_column=str(wide["heading_column"]),
                value_column=str(wide["value_column"]),
            )
            if wide
            else None,
        )


def header_signature(headings: Iterable[str]) -> str:
    """Identifies a header whatever its order, capitals or spacing: a saved mapping names its
    columns by heading, so it applies to any file with the same set of headings."""
    names = sorted({normalise_heading(h) for h in headings if str(h).strip()})
    return hashlib.sha256(json.dumps(names, ensure_ascii=False).encode()).hexdigest()


def is_period_heading(heading: str) -> bool:
    try:
        parse(heading)
    except PeriodParseError:
        return False
    return True


def wide_columns(importer: Importer) -> tuple[str, str] | None:
    """(heading column, value column) of a wide layout for this importer, if it has one."""
    if importer.wide_layout is not None:
        return importer.wide_layout
    period = value = None
    for column in importer.columns:
        names = {normalise_heading(n) for n in (column.key, column.heading, *column.aliases)}
        if period is None and names & {"period", "time period"}:
            period = column.key
        if value is None and "value" in names:
            value = column.key
    return (period, value) if period and value else None


def suggest_mapping(importer: Importer, headings: list[str]) -> ColumnMapping:
    """Today's tolerant matching (case, spacing, underscores, aliases), plus a wide layout when
    headings the importer does not know read as periods and the file has no period column."""
    wanted = known_headings(importer)
    columns: dict[str, str] = {}
    periods: list[str] = []
    for heading in headings:
        if not heading:
            continue
        key = wanted.get(normalise_heading(heading))
        if key is not None:
            columns.setdefault(key, heading)
        elif is_period_heading(heading):
            periods.append(heading)
    wide = None
    layout = wide_columns(importer)
    if layout and periods and len(periods) <= MAX_WIDE_HEADINGS:
        heading_column, value_column = layout
        if heading_column not in columns and value_column not in columns:
            wide = WideLayout(tuple(periods), heading_column, value_column)
    return ColumnMapping(columns=columns, wide=wide)


def mapping_reasons(importer: Importer, headings: list[str]) -> list[str]:
    """Why a file's columns need matching by hand (nothing: they match the importer's)."""
    suggestion = suggest_mapping(importer, headings)
    reasons = []
    missing = suggestion.missing_required(importer)
    if missing:
        names = ", ".join(f"'{c.heading}'" for c in missing)
        reasons.append(f"The file has no column called {names}")
    if suggestion.wide is not None:
        shown = ", ".join(f"'{h}'" for h in suggestion.wide.headings[:5])
        more = " and others" if len(suggestion.wide.headings) > 5 else ""
        reasons.append(f"The file has a column for each period ({shown}{more})")
    extra = suggestion.ignored(headings)
    if extra and importer.ask_about_extra_columns:
        reasons.append(
            "The file has columns this import does not recognise: " + ", ".join(f"'{h}'" for h in extra)
        )
    return reasons


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def apply_mapping(table: Table, mapping: ColumnMapping) -> Table:
    """The file's table read through a mapping: one column per mapped importer key (the
    headings are the keys), fixed values added, and a wide layout melted into one row per
    non-blank cell of its period columns. Rows keep the file's row numbers; the result says
    which of the file's headings each key came from, so problems name them.

    Raises MappingDoesNotFit if the mapping names a heading the file does not have.
    """
    positions: dict[str, int] = {}
    for index, heading in enumerate(table.headings):
        if heading:
            positions.setdefault(normalise_heading(heading), index)
    wanted = list(mapping.columns.values()) + list(mapping.wide.headings if mapping.wide else ())
    absent = [h for h in wanted if normalise_heading(h) not in positions]
    if absent:
        names = ", ".join(f"'{h}'" for h in absent)
        raise MappingDoesNotFit(
            f"The file has no column called {names}, which the column mapping uses. Match the columns again"
        )

    keys = list(mapping.columns)
    places = [positions[normalise_heading(mapping.columns[k])] for k in keys]
    fixed_keys = [k for k in mapping.fixed if k not in mapping.columns]
    fixed_values = [mapping.fixed[k] for k in fixed_keys]
    width = len(table.headings)

    def picked(cells: list[Any]) -> list[Any]:
        if len(cells) < width:
            cells = list(cells) + [""] * (width - len(cells))
        return [cells[p] for p in places]

    rows: list[tuple[int, list[Any]]] = []
    row_sources: list[str] | None = None
    melted: tuple[str, ...] = ()
    if mapping.wide is None:
        headings = keys + fixed_keys
        rows = [(number, picked(cells) + fixed_values) for number, cells in table.rows]
    else:
        wide = mapping.wide
        melted = (wide.heading_column, wide.value_column)
        headings = [*keys, *melted, *fixed_keys]
        spread = [(positions[normalise_heading(h)], h) for h in wide.headings]
        row_sources = []
        for number, cells in table.rows:
            base = picked(cells)
            for place, heading in spread:
                value = cells[place] if place < len(cells) else ""
                if _blank(value):
                    continue
                rows.append((number, [*base, heading, value, *fixed_values]))
                row_sources.append(heading)
    return Table(
        headings=headings,
        rows=rows,
        encoding=table.encoding,
        kind=table.kind,
        sources={k: mapping.columns[k] for k in keys},
        row_sources=row_sources,
        melted=melted,
        ignored=mapping.ignored(table.headings),
    )


def describe_columns(table: Table, *, examples: int = 3, scan_rows: int = 50) -> list[dict[str, Any]]:
    """The file's headings with a few example values each, for the mapping page."""
    described: list[dict[str, Any]] = [{"heading": h, "examples": []} for h in table.headings]
    for _number, cells in table.head(scan_rows):
        for index, item in enumerate(described):
            value = cells[index] if index < len(cells) else ""
            if _blank(value) or len(item["examples"]) >= examples:
                continue
            shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
            if shown not in item["examples"]:
                item["examples"].append(shown[:60])
    return [item for item in described if item["heading"]]
