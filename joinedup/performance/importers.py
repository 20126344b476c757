"""Observation imports, through the shared import pipeline (`joinedup.core.imports`, ADR 0005).
Registered in `PerformanceConfig.ready()`.

- `performance.observations`: the documented generic layout (docs/performance.md), for a
  partnership's local indicators and for shared indicators.
- `performance.fingertips`: a Fingertips export exactly as it is downloaded. When the file's
  indicator is not yet known, the preview offers to create it as a shared indicator from the
  file (code, name, unit, value type and polarity read from the data).

Both write through `joinedup.performance.services.observations`: a partnership's import may add
values of a shared indicator but never changes another source's (`may_revise=False`); its own
local indicators' values are revised, the earlier figures kept as history. Imports run from the
shell without a partnership are operators' and may revise shared values.

Speed: everything a row needs is loaded once in `prepare` into dictionaries, parsed periods
are cached by their text, and no row makes a query.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, is_, itemgetter, not_
from typing import Any

from django.db.models import Q

from joinedup.core import imports
from joinedup.core.audit import Actor, record
from joinedup.core.imports import (
    CellError,
    Column,
    ColumnRows,
    ImportContext,
    ImportRow,
    ValidRow,
    WriteResult,
)
from joinedup.core.imports.cells import InvalidCell, number
from joinedup.core.imports.readers import ReadError
from joinedup.core.periods import Period, PeriodParseError, from_fingertips_sortable, parse
from joinedup.partnerships.models import Area
from joinedup.performance.models import (
    DEFAULT_AGE,
    DEFAULT_SEX,
    Frequency,
    GeographyType,
    Indicator,
    Observation,
    Polarity,
    QualityStatus,
    Unit,
    ValueType,
)
from joinedup.performance.services.observations import (
    MissingReference,
    NewObservation,
    ObservationColumns,
    ObservationPlan,
    plan_observations,
    write_observations,
)

ENGLAND = "E92000001"
NUMBER_FIELDS = (
    ("value", "value"),
    ("numerator", "numerator"),
    ("denominator", "denominator"),
    ("lower_95", "lower_95"),
    ("upper_95", "upper_95"),
    ("lower_998", "lower_998"),
    ("upper_998", "upper_998"),
)
_NUMBER_KEYS = tuple(key for key, _ in NUMBER_FIELDS)
_NUMBER_CELLS = itemgetter(*_NUMBER_KEYS)
_QUALITY = {
    "": QualityStatus.VALIDATED,
    "provisional": QualityStatus.PROVISIONAL,
    "validated": QualityStatus.VALIDATED,
    "audited": QualityStatus.AUDITED,
}


def _joined(first: Sequence[NewObservation], second: Sequence[NewObservation]) -> Sequence[NewObservation]:
    if not second:
        return first
    return second if not first else [*first, *second]


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count:,} {singular if count == 1 else plural}"


def _period(raw: Any, cache: dict[Any, Period | str]) -> Period | str:
    """The period a cell names, or the error message; cached by the cell's text."""
    found = cache.get(raw)
    if found is not None:
        return found
    result: Period | str
    if isinstance(raw, dt.datetime | dt.date):
        # A spreadsheet turned "Apr 2020" into a date: it means that month.
        result = Period.month(raw.year, raw.month)
    else:
        try:
            result = parse(str(raw))
        except PeriodParseError as exc:
            result = str(exc)
    cache[raw] = result
    return result


def _clean_text(value: Any, limit: int) -> str:
    if value == "":
        return ""
    text = " ".join(str(value).split())
    return text[:limit]


def _cached_text(cache: dict[tuple[str, int], str], value: Any, limit: int) -> str:
    """`_clean_text`, remembered for text cells (a few values repeated on every row)."""
    if value == "":
        return ""
    if type(value) is not str:  # 1 and 1.0 are equal keys but not equal texts
        return _clean_text(value, limit)
    found = cache.get((value, limit))
    if found is None:
        found = cache[(value, limit)] = _clean_text(value, limit)
    return found


@dataclass(frozen=True)
class _Known:
    indicator_id: int
    is_local: bool


_OBSERVATIONS_CACHE = "performance.observations.built"
_UNIQUE_CACHE = "performance.observations.unique_keys"
_KNOWN_ID = attrgetter("indicator_id")
_KNOWN_LOCAL = attrgetter("is_local")
_ROW_KEYS = (
    *_NUMBER_KEYS,
    "indicator",
    "area_id",
    "period",
    "sex",
    "age",
    "category_type",
    "category",
    "quality",
    "note",
)


def _number_column(cells: Sequence[str]) -> list[float | None] | None:
    """A column of number cells as `ObservationsImporter.validate_row` reads each one (blank:
    None; plain numbers with float(); "1,234.5", "12%" and the like with `number`), or None
    if any cell is not a finite number. Cells may have spaces around them."""
    try:
        # The blank cells' places, found in C; each is parsed as 0 and then set to None.
        blanks = list(compress(range(len(cells)), map(not_, cells)))
        filled: Sequence[str] = cells
        if blanks:
            patched = list(cells)
            for index in blanks:
                patched[index] = "0"
            filled = patched
        parsed: list[float | None] = list(map(float, filled))
        if not math.isfinite(sum(parsed)):  # type: ignore[arg-type]
            return None  # an infinite or not-a-number cell (or values summing past the range)
        for index in blanks:
            parsed[index] = None
        return parsed
    except ValueError:
        pass
    out: list[float | None] = []
    for cell in cells:
        cell = cell.strip()
        if cell == "":
            out.append(None)
            continue
        try:
            parsed_cell = float(cell)
            if parsed_cell - parsed_cell != 0:  # infinite or not a number
                return None
        except ValueError:
            try:
                parsed_cell = number(cell)
            except InvalidCell:
                return None
        out.append(parsed_cell)
    return out


_DATA = attrgetter("data")
_NUMBER = attrgetter("number")


@dataclass(frozen=True)
class _BuiltObservations:
    """The values built from a list of rows, and what they were built from (see
    `_ObservationImporter._observations`)."""

    rows: Sequence[ValidRow]
    row_objects: tuple[ValidRow, ...]
    datas: tuple[Any, ...]
    numbers: tuple[int, ...]
    ids: dict[str, _Known]
    ids_snapshot: dict[str, _Known]
    shared: Sequence[NewObservation]
    local: Sequence[NewObservation]

    @classmethod
    def of(
        cls,
        rows: Sequence[ValidRow],
        ids: dict[str, _Known],
        shared: Sequence[NewObservation],
        local: Sequence[NewObservation],
    ) -> _BuiltObservations:
        if isinstance(rows, ColumnRows):  # never changed once made: its identity is enough
            return cls(rows, (), (), (), ids, dict(ids), shared, local)
        datas = tuple(map(_DATA, rows))
        return cls(rows, tuple(rows), datas, tuple(map(_NUMBER, rows)), ids, dict(ids), shared, local)

    def fits(self, rows: Sequence[ValidRow], ids: dict[str, _Known]) -> bool:
        """Whether these are the same rows (the same objects, data and numbers, in the same
        order; or the very same `ColumnRows`, which never change) and the same indicator
        lookups as the values were built from."""
        if rows is not self.rows or ids is not self.ids or ids != self.ids_snapshot:
            return False
        if isinstance(rows, ColumnRows):
            return True
        if len(rows) != len(self.row_objects):
            return False
        # Three passes in C (a million rows in a few hundredths of a second).
        return (
            all(map(is_, rows, self.row_objects))
            and all(map(is_, map(_DATA, rows), self.datas))
            and tuple(map(_NUMBER, rows)) == self.numbers
        )


class _ObservationImporter(imports.Importer):
    """What both observation importers share: lookups, row checks, planning and writing."""

    noun_plural = "values"
    audit_action = ""
    supports_undo = True

    # Lookups -------------------------------------------------------------------------------

    def prepare(self, context: ImportContext) -> None:
        cache = context.cache
        # Reference geography and shared indicators are global reference data.
        cache["areas"] = {code.upper(): pk for code, pk in Area.objects.values_list("code", "pk")}
        indicators: dict[str, _Known] = {
            code.casefold(): _Known(pk, False)
            for code, pk in Indicator.objects.filter(partnership__isnull=True).values_list("code", "pk")
        }
        if context.partnership_id is not None and self.resolves_local:
            # The partnership's own indicators come first when a code is both.
            for code, pk in Indicator.objects.filter(partnership_id=context.partnership_id).values_list(
                "code", "pk"
            ):
                indicators[code.casefold()] = _Known(pk, True)
        cache["indicators"] = indicators
        cache["periods"] = {}

    resolves_local = True

    def _area(self, row: ImportRow, key: str, context: ImportContext) -> int | None:
        code = row.values.get(key, "")
        area_id = context.cache["areas"].get(str(code).strip().upper())
        if area_id is None:
            row.error(key, f"There is no area with the code '{code}'. Use a GSS code, like E06000052")
        return area_id

    def _numbers(self, row: ImportRow, keys: Iterable[tuple[str, str]], out: dict[str, Any]) -> None:
        values = row.values
        for key, target in keys:
            raw = values.get(key, "")
            if raw == "":
                out[target] = None
                continue
            try:
                out[target] = number(raw)
            except InvalidCell:
                out[target] = None
                row.error(key, f"'{raw}' is not a number. Enter a number, like 1,234.5")

    def _period_of(self, row: ImportRow, key: str, context: ImportContext) -> Period | None:
        found = _period(row.values.get(key, ""), context.cache["periods"])
        if isinstance(found, str):
            row.error(key, found)
            return None
        return found

    # Cross-row checks, plan and write ---------------------------------------------------------

    def check_rows(self, rows: list[ValidRow], context: ImportContext) -> list[CellError]:
        proved = context.cache.get(_UNIQUE_CACHE)
        if proved is not None and proved.fits(rows, context.cache["indicators"]):
            return []  # `validate_columns` found every key different in these very rows
        errors = []
        first: dict[tuple, int] = {}
        for row in rows:
            data = row.data
            key = (
                data["indicator"],
                data["area_id"],
                data["period"].code,
                data["sex"],
                data["age"],
                data["category_type"],
                data["category"],
            )
            seen = first.setdefault(key, row.number)
            if seen != row.number:
                errors.append(
                    CellError(
                        self.key_column,
                        f"Row {seen} already has a value for this indicator, area, period, sex, age "
                        "and category. Each row must be a different one",
                        row.number,
                    )
                )
        return errors

    key_column = "period"

    def _indicator_ids(self, context: ImportContext) -> dict[str, _Known]:
        return context.cache["indicators"]

    def _observations(
        self, rows: list[ValidRow], context: ImportContext, ids: dict[str, _Known]
    ) -> tuple[list[NewObservation], list[NewObservation]]:
        """(shared indicators' values, local indicators' values), built from the rows.

        `plan` (the preview) and then `write` both need them. When they run in one process
        on the same context and the same rows (the management command, the benchmark), the
        second call reuses the values the first built: they depend only on the rows and the
        indicator codes, never on the database, and are reused only while the very same row
        objects, data and numbers are there and the indicators are as they were. The
        database's current values are always read again (`plan_observations`), so a write
        never acts on a stale plan."""
        cached = context.cache.get(_OBSERVATIONS_CACHE)
        if cached is not None and cached.fits(rows, ids):
            return cached.shared, cached.local
        shared: list[NewObservation] = []
        local: list[NewObservation] = []
        add_shared, add_local = shared.append, local.append
        for row in rows:
            data = row.data
            known = ids.get(data["indicator"])
            observation = NewObservation(
                known.indicator_id if known else 0,  # 0: created on confirmation
                data["area_id"],
                data["period"],
                data["value"],
                data["sex"],
                data["age"],
                data["category_type"],
                data["category"],
                data["numerator"],
                data["denominator"],
                data["lower_95"],
                data["upper_95"],
                data["lower_998"],
                data["upper_998"],
                data["quality"],
                data["note"],
                row.number,
            )
            if known is not None and known.is_local:
                add_local(observation)
            else:
                add_shared(observation)
        context.cache[_OBSERVATIONS_CACHE] = _BuiltObservations.of(rows, ids, shared, local)
        return shared, local

    def _plans(
        self, rows: list[ValidRow], context: ImportContext, ids: dict[str, _Known]
    ) -> tuple[ObservationPlan, ObservationPlan]:
        """(shared indicators' plan, local indicators' plan), against the current values."""
        shared, local = self._observations(rows, context, ids)
        operator = context.partnership_id is None
        return (
            plan_observations(shared, may_revise=operator, import_run_id=context.run_id),
            plan_observations(local, may_revise=True, import_run_id=context.run_id),
        )

    def _new_indicator_sentences(self, rows: list[ValidRow], context: ImportContext) -> list[str]:
        return []

    def plan(self, rows: list[ValidRow], context: ImportContext) -> list[str]:
        shared, local = self._plans(rows, context, self._indicator_ids(context))
        combined = ObservationPlan(
            # Only counted (a first import's values stay columns: never made one by one).
            new=_joined(shared.new, local.new),
            unchanged=shared.unchanged + local.unchanged,
            revisions=shared.revisions + local.revisions,
            kept=shared.kept + local.kept,
        )
        return self._new_indicator_sentences(rows, context) + combined.sentences()

    def _create_indicators(self, rows: list[ValidRow], context: ImportContext) -> list[Indicator]:
        return []

    def write(self, rows: list[ValidRow], context: ImportContext) -> WriteResult:
        created = self._create_indicators(rows, context)
        ids = self._indicator_ids(context)
        shared, local = self._plans(rows, context, ids)
        # Who imported a value is on its run (created_by, confirmed_by), not on each row.
        run_id = context.run_id
        try:
            written = write_observations(shared, partnership_id=None, import_run_id=run_id)
            written += write_observations(local, partnership_id=context.partnership_id, import_run_id=run_id)
        except MissingReference as exc:  # deleted since the rows were checked: write nothing
            raise ReadError(exc.message) from exc
        new = len(shared.new) + len(local.new)
        revised = len(shared.revisions) + len(local.revisions)
        unchanged = len(shared.unchanged) + len(local.unchanged)
        report = [f"Created the shared indicator {i.code} {i.title}" for i in created]
        if new or not (revised or unchanged or shared.kept):
            report.append(f"{_plural(new, 'new value', 'new values')} added")
        if revised:
            report.append(f"{_plural(revised, 'value', 'values')} revised (the earlier figures are kept)")
        if unchanged:
            report.append(f"{_plural(unchanged, 'value was', 'values were')} already held")
        if shared.kept:
            report.append(
                f"{_plural(len(shared.kept), 'value differs', 'values differ')} from shared figures "
                "already held from another source, which were not changed"
            )
        return WriteResult(
            written=written,
            report=report,
            summary=f"Imported {_plural(written, 'value', 'values')} from {context.file_name}",
            undo_data={"created_indicators": [i.pk for i in created]},
        )

    # Undo ------------------------------------------------------------------------------------

    def undo_problems(self, run: Any, context: ImportContext) -> list[str]:
        problems = []
        # Shared values are reference data every partnership sees (and other imports may have
        # found them "already held"): a partnership may not take them back, only an operator.
        is_operator = bool(getattr(context.user, "is_superuser", False))
        if run.partnership_id is not None and not is_operator:
            shared = Observation.objects.filter(import_run_id=run.pk, partnership__isnull=True).count()
            if shared:
                problems.append(
                    f"This import added {_plural(shared, 'shared value', 'shared values')} of "
                    f"{'a shared indicator' if shared == 1 else 'shared indicators'}, which every "
                    "partnership sees. Only a site operator can remove shared reference data: ask "
                    "your site operator to undo it"
                )
        later = Observation.objects.filter(import_run_id=run.pk, superseded_at__isnull=False).count()
        if later:
            problems.append(
                f"{_plural(later, 'value', 'values')} from this import "
                f"{'has' if later == 1 else 'have'} been revised since, by a later import or by "
                "someone typing a new figure. Undo or correct those changes first"
            )
        for indicator in Indicator.objects.filter(pk__in=run.undo_data.get("created_indicators", [])):
            if _used_elsewhere(indicator, run.pk):
                problems.append(
                    f"This import created the indicator {indicator.code} {indicator.title}, which "
                    "other data now uses (other values, targets, commentary or a partnership's "
                    "indicator list). Remove those first"
                )
        return problems

    def undo(self, run: Any, context: ImportContext) -> WriteResult:
        mine = Observation.objects.filter(import_run_id=run.pk)
        restored_ids = list(
            Observation.objects.filter(superseded_by__import_run_id=run.pk).values_list("pk", flat=True)
        )
        # Nothing but the restored rows points at this run's rows (none of them is superseded),
        # so unlink those first and delete in one statement, without loading a row each.
        batches = [restored_ids[i : i + 5000] for i in range(0, len(restored_ids), 5000)]
        for batch in batches:
            Observation.objects.filter(pk__in=batch).update(superseded_by=None)
        removed = mine._raw_delete(mine.db)
        for batch in batches:
            Observation.objects.filter(pk__in=batch).update(superseded_at=None)
        report = [f"{_plural(removed, 'value', 'values')} removed"]
        if restored_ids:
            report.append(
                f"{_plural(len(restored_ids), 'earlier figure', 'earlier figures')} restored as current"
            )
        for indicator in Indicator.objects.filter(pk__in=run.undo_data.get("created_indicators", [])):
            report.append(f"Removed the indicator {indicator.code} {indicator.title} it created")
            indicator.delete()
        return WriteResult(
            written=removed,
            report=report,
            summary=f"Undid the import of {run.source.original_name}: {'; '.join(report).lower()}",
        )


def _used_elsewhere(indicator: Indicator, run_id: int) -> bool:
    return (
        indicator.observations.filter(~Q(import_run_id=run_id) | Q(import_run__isnull=True)).exists()
        or indicator.targets.exists()
        or indicator.commentaries.exists()
        or indicator.partnership_links.exists()
    )


# ---------------------------------------------------------------------------------------------


class ObservationsImporter(_ObservationImporter):
    """The documented generic layout (docs/performance.md, "Importing")."""

    name = "performance.observations"
    title = "Import performance data"
    description = (
        "Add values of your partnership's indicators, or of shared indicators, from a spreadsheet "
        "with one value a row."
    )
    columns = (
        Column(
            "indicator",
            "Indicator code",
            required=True,
            example="NI 154",
            help="Your partnership's indicator code, or a shared indicator's (your own come first).",
            aliases=("indicator id",),
        ),
        Column(
            "area",
            "Area code",
            required=True,
            example="E06000052",
            help="The area's GSS code (or the demonstration area's code).",
        ),
        Column(
            "period",
            "Period",
            required=True,
            example="2019/20",
            help="Like 2015, 2018/19, 2018 - 20, 2019/20 Q1, Apr 2020 or 2020-04.",
            aliases=("time period",),
        ),
        Column(
            "value", "Value", example="1,234.5", help="A number. Leave blank only with a note saying why."
        ),
        Column("sex", "Sex", help="Persons if left blank."),
        Column("age", "Age", help="All ages if left blank."),
        Column("category_type", "Category type", help="Such as a deprivation decile's classification."),
        Column("category", "Category"),
        Column("numerator", "Numerator", aliases=("count",)),
        Column("denominator", "Denominator"),
        Column("lower_95", "Lower 95% limit", aliases=("lower ci 95.0 limit",)),
        Column("upper_95", "Upper 95% limit", aliases=("upper ci 95.0 limit",)),
        Column("lower_998", "Lower 99.8% limit", aliases=("lower ci 99.8 limit",)),
        Column("upper_998", "Upper 99.8% limit", aliases=("upper ci 99.8 limit",)),
        Column(
            "quality",
            "Quality",
            choices=("Provisional", "Validated", "Audited"),
            help="Validated if left blank.",
        ),
        Column(
            "note",
            "Note",
            help="Why there is no value, or anything a reader must know.",
            aliases=("value note",),
        ),
    )
    example_rows = (
        {
            "indicator": "NI 154",
            "area": "E06000052",
            "period": "2019/20",
            "value": "1,234",
            "quality": "Validated",
        },
    )

    def prepare(self, context: ImportContext) -> None:
        super().prepare(context)
        # Cleaned short texts (sex, age, category type, category) by their cell's text: a
        # file repeats a few of them on every row.
        context.cache["texts"] = {}

    def validate_columns(
        self, columns: dict[str, Sequence[str]], numbers: list[int], context: ImportContext
    ) -> Sequence[ValidRow] | None:
        """`validate_row`'s checks and cleaning, a column at a time (the pipeline's fast path
        for big files): each distinct text (code, period, breakdown, quality, note) is
        checked once, numbers are parsed a column at a time in C. Any problem gives None, and
        the pipeline checks row by row with `validate_row`'s messages. Gives the same rows
        `validate_row` would, and also builds the values (`NewObservation`s) that `plan` and
        `write` use for these very rows, and says whether their keys are all different (so
        `check_rows` need not look again)."""
        cache = context.cache
        count = len(numbers)
        # Cells come as they are in the file: each distinct text is stripped once, here.
        indicators: dict[str, _Known] = cache["indicators"]
        codes = columns["indicator"]
        folded = {code: code.strip().casefold() for code in set(codes)}
        if any(key not in indicators for key in folded.values()):
            return None
        indicator_keys = list(map(folded.__getitem__, codes))
        areas = cache["areas"]
        area_of = {code: areas.get(code.strip().upper()) for code in set(columns["area"])}
        if None in area_of.values():
            return None
        area_ids = list(map(area_of.__getitem__, columns["area"]))
        period_cache = cache["periods"]
        period_of = {text: _period(text.strip(), period_cache) for text in set(columns["period"])}
        if any(isinstance(p, str) for p in period_of.values()):
            return None
        periods = list(map(period_of.__getitem__, columns["period"]))
        number_columns = []
        for key in _NUMBER_KEYS:
            parsed = _number_column(columns[key])
            if parsed is None:
                return None
            number_columns.append(parsed)
        notes_of = {text: _clean_text(text.strip(), 500) for text in set(columns["note"])}
        notes = list(map(notes_of.__getitem__, columns["note"]))
        values = number_columns[0]
        if None in values and any(v is None and not n for v, n in zip(values, notes, strict=True)):
            return None  # a blank value without a note
        quality_of = {text: _QUALITY.get(text.strip().casefold()) for text in set(columns["quality"])}
        if None in quality_of.values():
            return None
        qualities = list(map(quality_of.__getitem__, columns["quality"]))
        texts: list[list[str]] = []
        text_cache = cache["texts"]
        for key, limit, default in (
            ("sex", 20, DEFAULT_SEX),
            ("age", 40, DEFAULT_AGE),
            ("category_type", 200, ""),
            ("category", 200, ""),
        ):
            cleaned = {t: _cached_text(text_cache, t.strip(), limit) or default for t in set(columns[key])}
            texts.append(list(map(cleaned.__getitem__, columns[key])))
        sexes, ages, category_types, categories = texts
        cleaned_columns: dict[str, Sequence[Any]] = dict(
            zip(
                _ROW_KEYS,
                (
                    *number_columns,
                    indicator_keys,
                    area_ids,
                    periods,
                    sexes,
                    ages,
                    category_types,
                    categories,
                    qualities,
                    notes,
                ),
                strict=True,
            )
        )
        rows = ColumnRows(numbers, cleaned_columns)
        # The values plan and write need, as columns too (no object a row).
        known = list(map(indicators.__getitem__, indicator_keys))
        observations = ObservationColumns(
            [
                list(map(_KNOWN_ID, known)),
                area_ids,
                periods,
                values,
                sexes,
                ages,
                category_types,
                categories,
                *number_columns[1:],
                qualities,
                notes,
                numbers,
            ]
        )
        is_local = list(map(_KNOWN_LOCAL, known))
        shared: Sequence[NewObservation]
        local: Sequence[NewObservation]
        if all(is_local):
            shared, local = [], observations
        elif not any(is_local):
            shared, local = observations, []
        else:
            local = observations.compress(is_local)
            shared = observations.compress(list(map(not_, is_local)))
        cache[_OBSERVATIONS_CACHE] = _BuiltObservations.of(rows, indicators, shared, local)
        # All keys different: remembered for `check_rows`, for this very list.
        period_codes = {id(p): p.code for p in period_of.values() if isinstance(p, Period)}
        keys = zip(
            indicator_keys, area_ids, map(period_codes.__getitem__, map(id, periods)), *texts, strict=True
        )
        if len(set(keys)) == count:
            cache[_UNIQUE_CACHE] = cache[_OBSERVATIONS_CACHE]
        return rows

    def validate_row(self, row: ImportRow, context: ImportContext) -> dict[str, Any] | list[CellError]:
        # The same checks as the helpers above (`_area`, `_period_of`, `_numbers`,
        # `_clean_text`), inlined: this runs once a row, a million times for a big file.
        values = row.values
        get = values.get
        cache = context.cache
        code = str(values["indicator"]).strip()
        known = cache["indicators"].get(code.casefold())
        if known is None:
            row.error(
                "indicator",
                f"There is no indicator with the code '{code}'. Add it to the indicator library first",
            )
        area = get("area", "")
        area_id = cache["areas"].get(str(area).strip().upper())
        if area_id is None:
            row.error("area", f"There is no area with the code '{area}'. Use a GSS code, like E06000052")
        raw_period = get("period", "")
        period = cache["periods"].get(raw_period)
        if period is None:
            period = _period(raw_period, cache["periods"])
        if isinstance(period, str):
            row.error("period", period)
            period = None
        data: dict[str, Any] = {}
        try:
            # Every number column there and filled in with plain numbers: all at once.
            numbers = list(map(float, _NUMBER_CELLS(values)))
            if not math.isfinite(sum(numbers)):
                raise ValueError  # one is infinite or not a number: say which, below
            data = dict(zip(_NUMBER_KEYS, numbers, strict=True))
        except (KeyError, ValueError):
            pass
        for key in () if data else _NUMBER_KEYS:
            raw = get(key, "")
            if raw == "":
                data[key] = None
                continue
            try:
                parsed = float(raw)
                if parsed - parsed != 0:  # infinite or not a number
                    raise ValueError(raw)
            except ValueError:
                try:
                    parsed = number(raw)  # "1,234.5", "12%" and the like: the one number parser
                except InvalidCell:
                    data[key] = None
                    row.error(key, f"'{raw}' is not a number. Enter a number, like 1,234.5")
                    continue
            data[key] = parsed
        raw_note = get("note", "")
        note = _clean_text(raw_note, 500) if raw_note != "" else ""
        if data["value"] is None and not note and not row.errors:
            row.error("value", "Enter the value, or a note saying why there is no value")
        quality = _QUALITY.get(str(get("quality", "")).strip().casefold())
        if quality is None:
            row.error("quality", "Select a quality from: Provisional, Validated, Audited")
        if row.errors:
            return row.errors
        texts = cache["texts"]
        data["indicator"] = code.casefold()
        data["area_id"] = area_id
        data["period"] = period
        data["sex"] = _cached_text(texts, get("sex", ""), 20) or DEFAULT_SEX
        data["age"] = _cached_text(texts, get("age", ""), 40) or DEFAULT_AGE
        data["category_type"] = _cached_text(texts, get("category_type", ""), 200)
        data["category"] = _cached_text(texts, get("category", ""), 200)
        data["quality"] = quality
        data["note"] = note
        return data


# ---------------------------------------------------------------------------------------------


def infer_unit(name: str) -> str:
    lowered = name.casefold().replace(" ", "")
    if "100,000" in lowered or "100000" in lowered:
        return Unit.RATE_100000
    if "/1,000" in lowered or "per1,000" in lowered or "/1000" in lowered or "per1000" in lowered:
        return Unit.RATE_1000
    if "%" in lowered or "percentage" in lowered or "proportion" in lowered:
        return Unit.PERCENTAGE
    if "£" in lowered or "cost" in lowered or "spend" in lowered:
        return Unit.MONEY
    return Unit.NUMBER


_SCALE: dict[str, float] = {Unit.RATE_100000: 100_000.0, Unit.RATE_1000: 1_000.0, Unit.PERCENTAGE: 100.0}


def infer_value_type(unit: str, rows: list[dict[str, Any]]) -> str:
    """Crude rate (or proportion, or count) when every value with a count and denominator is
    that count over the denominator at the unit's scale; otherwise other (a standardised rate
    cannot be told from its count and population)."""
    checked = [r for r in rows if r["value"] is not None and r["numerator"] is not None]
    if not checked:
        return ValueType.OTHER
    if all(math.isclose(r["value"], r["numerator"], rel_tol=1e-6) for r in checked):
        return ValueType.COUNT
    scale = _SCALE.get(unit)
    with_denominator = [r for r in checked if r["denominator"]]
    if scale is None or not with_denominator:
        return ValueType.OTHER
    if all(
        math.isclose(r["value"], r["numerator"] / r["denominator"] * scale, rel_tol=1e-4, abs_tol=1e-9)
        for r in with_denominator
    ):
        return ValueType.PROPORTION if unit == Unit.PERCENTAGE else ValueType.CRUDE_RATE
    return ValueType.OTHER


def infer_polarity(rows: list[dict[str, Any]], england_area_id: int | None) -> str:
    """Which way is better, from Fingertips' comparison with England's value: an area called
    "Better" with a value below England's means lower is better. Comparisons by "Lower"/"Higher"
    only, or none, make no judgement."""
    england = {
        r["breakdown"]: r["value"]
        for r in rows
        if r["area_id"] == england_area_id and not r["category_type"] and r["value"] is not None
    }
    votes: Counter[str] = Counter()
    for r in rows:
        word = r["compared"]
        if word not in ("better", "worse") or r["value"] is None or r["area_id"] == england_area_id:
            continue
        benchmark = england.get(r["breakdown"])
        if benchmark is None or r["value"] == benchmark:
            continue
        below = r["value"] < benchmark
        lower_is_better = below if word == "better" else not below
        votes[Polarity.LOWER_IS_BETTER if lower_is_better else Polarity.HIGHER_IS_BETTER] += 1
    if not votes or (len(votes) == 2 and votes.most_common(2)[0][1] == votes.most_common(2)[1][1]):
        return Polarity.NO_JUDGEMENT
    return votes.most_common(1)[0][0]


def _frequency(periods: Iterable[Period]) -> str:
    kinds = {(p.kind, p.years) for p in periods}
    if any(years > 1 for _, years in kinds):
        return Frequency.ROLLING
    names = {k for k, _ in kinds}
    for kind, frequency in (
        ("year", Frequency.ANNUAL),
        ("financial_year", Frequency.FINANCIAL_YEAR),
        ("academic_year", Frequency.ACADEMIC_YEAR),
        ("month", Frequency.MONTHLY),
    ):
        if names == {kind}:
            return frequency
    if names <= {"quarter", "financial_quarter"}:
        return Frequency.QUARTERLY
    return Frequency.OTHER


_GEOGRAPHY = {"county & ua": GeographyType.COUNTY_UA, "district & ua": GeographyType.DISTRICT_UA}


class FingertipsImporter(_ObservationImporter):
    """A Fingertips export as downloaded (https://fingertips.phe.org.uk): ragged rows, a line
    break in the indicator's name, deprivation deciles of England, blank values with notes.
    The comparison columns are not kept (the analysis works them out again); the England
    comparison is read only to suggest a new indicator's polarity."""

    name = "performance.fingertips"
    title = "Import a Fingertips export"
    description = (
        "Add the values of a public health indicator from a file downloaded from Fingertips, as it "
        "is. An indicator not yet in the library is created from the file."
    )
    resolves_local = False
    key_column = "time_period"
    # The export's other columns (Parent Code, Recent Trend, Compared to goal...) are part of its
    # known layout, not a sign of a hand-edited file: go straight to the preview.
    ask_about_extra_columns = False
    columns = (
        Column("indicator", "Indicator ID", required=True, example="93356"),
        Column(
            "indicator_name", "Indicator Name", required=True, example="Campylobacter incidence rate/100,000"
        ),
        Column("area", "Area Code", required=True, example="E06000052"),
        Column("area_type", "Area Type", example="County & UA"),
        Column("sex", "Sex", example="Persons"),
        Column("age", "Age", example="All ages"),
        Column("category_type", "Category Type"),
        Column("category", "Category"),
        Column("time_period", "Time period", required=True, example="2018 - 20"),
        Column("value", "Value"),
        Column("lower_95", "Lower CI 95.0 limit"),
        Column("upper_95", "Upper CI 95.0 limit"),
        Column("lower_998", "Lower CI 99.8 limit"),
        Column("upper_998", "Upper CI 99.8 limit"),
        Column("numerator", "Count"),
        Column("denominator", "Denominator"),
        Column("note", "Value note"),
        Column("compared", "Compared to England value or percentiles"),
        Column("sortable", "Time period Sortable", example="20180000"),
    )
    example_rows = (
        {
            "indicator": "93356",
            "indicator_name": "Campylobacter incidence rate/100,000",
            "area": "E06000052",
            "area_type": "County & UA",
            "sex": "Persons",
            "age": "All ages",
            "time_period": "2017",
            "value": "101.2",
            "numerator": "575",
            "denominator": "568210",
            "sortable": "20170000",
        },
    )

    def prepare(self, context: ImportContext) -> None:
        super().prepare(context)
        context.cache["names"] = {}
        context.cache["area_types"] = {}

    def _period_of(self, row: ImportRow, key: str, context: ImportContext) -> Period | None:
        raw = row.values.get(key, "")
        found = _period(raw, context.cache["periods"])
        if isinstance(found, str):
            sortable = row.values.get("sortable", "")
            try:
                return from_fingertips_sortable(sortable)
            except PeriodParseError:
                row.error(key, found)
                return None
        return found

    def validate_row(self, row: ImportRow, context: ImportContext) -> dict[str, Any] | list[CellError]:
        values = row.values
        code = str(values["indicator"]).strip()
        if not re.fullmatch(r"[0-9A-Za-z._-]{1,40}", code):
            row.error("indicator", f"'{code}' is not a Fingertips indicator ID, like 93356")
        names = context.cache["names"]
        name = names.get(code)
        if name is None:
            name = names[code] = _clean_text(values["indicator_name"], 300)
        area_id = self._area(row, "area", context)
        period = self._period_of(row, "time_period", context)
        data: dict[str, Any] = {}
        self._numbers(row, NUMBER_FIELDS, data)
        note = _clean_text(values.get("note", ""), 500)
        if data["value"] is None and not note and not row.errors:
            row.error("value", "Enter the value, or a value note saying why there is no value")
        if row.errors:
            return row.errors
        area_type = _clean_text(values.get("area_type", ""), 60).casefold()
        if area_type:
            context.cache["area_types"][area_type] = context.cache["area_types"].get(area_type, 0) + 1
        data.update(
            indicator=code.casefold(),
            code=code,
            area_id=area_id,
            period=period,
            sex=_clean_text(values.get("sex", ""), 20) or DEFAULT_SEX,
            age=_clean_text(values.get("age", ""), 40) or DEFAULT_AGE,
            category_type=_clean_text(values.get("category_type", ""), 200),
            category=_clean_text(values.get("category", ""), 200),
            quality=QualityStatus.VALIDATED,
            note=note,
            compared=str(values.get("compared", "")).strip().casefold(),
        )
        return data

    # A new shared indicator, described from the file -----------------------------------------

    def _unknown_codes(self, rows: list[ValidRow], context: ImportContext) -> dict[str, str]:
        """Codes in the file with no shared indicator yet: {casefolded code: code as written}."""
        known = context.cache["indicators"]
        unknown: dict[str, str] = {}
        for row in rows:
            key = row.data["indicator"]
            if key not in known and key not in unknown:
                unknown[key] = row.data["code"]
        return unknown

    def describe_new_indicator(
        self, code: str, rows: list[ValidRow], context: ImportContext
    ) -> dict[str, Any]:
        """The shared indicator the preview offers to create for `code`, read from the file."""
        title = context.cache["names"].get(code, "") or f"Fingertips indicator {code}"
        unit = infer_unit(title)
        wanted = code.casefold()
        mine = [
            {
                **{k: r.data[k] for k in ("value", "numerator", "denominator", "area_id", "category_type")},
                "breakdown": (r.data["period"].code, r.data["sex"], r.data["age"]),
                "compared": r.data["compared"],
                "period": r.data["period"],
            }
            for r in rows
            if r.data["indicator"] == wanted
        ]
        area_types = context.cache.get("area_types", {})
        local_types = [t for t in area_types if t in _GEOGRAPHY]
        return {
            "code": code,
            "title": title,
            "unit": unit,
            "value_type": infer_value_type(unit, mine),
            "polarity": infer_polarity(mine, context.cache["areas"].get(ENGLAND)),
            "frequency": _frequency({r["period"] for r in mine}),
            "geography_type": _GEOGRAPHY[local_types[0]] if len(local_types) == 1 else "",
            "source": "Office for Health Improvement and Disparities (Fingertips)",
            "source_url": f"https://fingertips.phe.org.uk/search/{code}",
            "decimal_places": 1,
        }

    def _new_indicator_sentences(self, rows: list[ValidRow], context: ImportContext) -> list[str]:
        said = []
        for code in self._unknown_codes(rows, context).values():
            about = self.describe_new_indicator(code, rows, context)
            said.append(
                f"The indicator {code} is not in the library yet: confirming creates it as a shared "
                f"indicator called '{about['title']}', in {Unit(about['unit']).label.lower()}, "
                f"value type {ValueType(about['value_type']).label.lower()}, "
                f"polarity: {Polarity(about['polarity']).label.lower()}"
            )
        return said

    def _create_indicators(self, rows: list[ValidRow], context: ImportContext) -> list[Indicator]:
        created = []
        user = context.user if context.user is not None and getattr(context.user, "pk", None) else None
        for code in self._unknown_codes(rows, context).values():
            about = self.describe_new_indicator(code, rows, context)
            indicator = Indicator.objects.create(partnership=None, created_by=user, **about)
            record(
                action="performance.indicator.created",
                actor=Actor.for_user(user) if user else Actor.system("Import"),
                partnership_id=None,
                target=indicator,
                summary=(
                    f"Created the shared indicator {indicator.code} {indicator.title} "
                    f"from {context.file_name}"
                ),
                after={k: str(v) for k, v in about.items()},
            )
            context.cache["indicators"][code.casefold()] = _Known(indicator.pk, False)
            created.append(indicator)
        return created


def register_all() -> None:
    imports.register(ObservationsImporter())
    imports.register(FingertipsImporter())
