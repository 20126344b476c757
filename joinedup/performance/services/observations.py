"""Writing observations: the one way values arrive, whether imported, typed or seeded.

Every writer builds `NewObservation`s and calls `plan_observations` then
`write_observations` (inside its own transaction). The plan sorts each value into:

- **new**: no current value for its key;
- **unchanged**: the current value is the same (re-importing a file changes nothing);
- **revision**: the current value differs and this writer may replace it: the old row is
  kept, marked superseded, so the figure can still be shown "as at" an earlier date;
- **kept**: the current value differs but came from another source and this writer may
  not replace it (shared reference data: an import may add values but never silently
  overwrites another source's). The plan says how many, and they are left as they are.

A key is indicator × area × period × sex × age × category type × category.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from itertools import compress, repeat
from operator import attrgetter
from typing import Any, overload

from django.db import connection
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from joinedup.core.imports.readers import paused_gc
from joinedup.core.periods import Period
from joinedup.partnerships.models import Area, Partnership
from joinedup.performance.models import DEFAULT_AGE, DEFAULT_SEX, Indicator, Observation, QualityStatus

VALUE_FIELDS = ("value", "numerator", "denominator", "lower_95", "upper_95", "lower_998", "upper_998")
COMPARED_FIELDS = (*VALUE_FIELDS, "quality", "note")

Key = tuple[int, int, str, str, str, str, str]


# Slots: a big import holds a million of these (less memory, faster to build).
@dataclass(slots=True)
class NewObservation:
    indicator_id: int
    area_id: int
    period: Period
    value: float | None
    sex: str = DEFAULT_SEX
    age: str = DEFAULT_AGE
    category_type: str = ""
    category: str = ""
    numerator: float | None = None
    denominator: float | None = None
    lower_95: float | None = None
    upper_95: float | None = None
    lower_998: float | None = None
    upper_998: float | None = None
    quality: str = QualityStatus.VALIDATED
    note: str = ""
    source_row: int | None = None

    @property
    def key(self) -> Key:
        return (
            self.indicator_id,
            self.area_id,
            self.period.code,
            self.sex,
            self.age,
            self.category_type,
            self.category,
        )


_FIELD_NAMES = tuple(f.name for f in fields(NewObservation))
_FIELD_INDEX = {name: index for index, name in enumerate(_FIELD_NAMES)}


class ObservationColumns(Sequence[NewObservation]):
    """Values held as whole columns, one per `NewObservation` field in its order: a big
    import's values without an object each (the observations importer's column pass builds
    them). Reads like a list of `NewObservation`s, each built when read;
    `plan_observations` and `write_observations` read the columns themselves. Never changed
    once made."""

    __slots__ = ("_columns", "_count")

    def __init__(self, columns: Sequence[Sequence[Any]]):
        if len(columns) != len(_FIELD_NAMES) or len({len(c) for c in columns}) > 1:
            raise ValueError("One column per NewObservation field, all as long")
        self._columns = tuple(columns)
        self._count = len(columns[0])

    def column(self, name: str) -> Sequence[Any]:
        return self._columns[_FIELD_INDEX[name]]

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> NewObservation: ...
    @overload
    def __getitem__(self, index: slice) -> list[NewObservation]: ...
    def __getitem__(self, index: int | slice) -> NewObservation | list[NewObservation]:
        if isinstance(index, slice):
            return [self[i] for i in range(self._count)[index]]
        position = range(self._count)[index]
        return NewObservation(*(column[position] for column in self._columns))

    def __iter__(self) -> Iterator[NewObservation]:
        return map(NewObservation, *self._columns)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ObservationColumns({list(self)!r})"

    def compress(self, selectors: Sequence[Any]) -> ObservationColumns:
        """The values whose selector is true, in order."""
        return ObservationColumns([list(compress(column, selectors)) for column in self._columns])


def _column(rows: Sequence[NewObservation], name: str) -> Sequence[Any]:
    """One field of every value: read straight from `ObservationColumns`, else in one C pass."""
    if isinstance(rows, ObservationColumns):
        return rows.column(name)
    return list(map(attrgetter(name), rows))


@dataclass
class ObservationPlan:
    # `new` may be an `ObservationColumns` (a first import's values, never made one by one).
    new: Sequence[NewObservation] = field(default_factory=list)
    unchanged: list[NewObservation] = field(default_factory=list)
    revisions: list[tuple[NewObservation, int]] = field(default_factory=list)  # (new, current row id)
    kept: list[tuple[NewObservation, int]] = field(default_factory=list)

    def sentences(self, noun: str = "values") -> list[str]:
        said = []
        if self.new:
            said.append(f"{len(self.new)} new {noun} will be added")
        if self.revisions:
            said.append(
                f"{len(self.revisions)} {noun} will be revised (the earlier figures are kept as history)"
            )
        if self.unchanged:
            said.append(f"{len(self.unchanged)} {noun} are already held and will not change")
        if self.kept:
            said.append(
                f"{len(self.kept)} {noun} differ from figures already held from another source. "
                "Those figures are shared reference data and will not be changed"
            )
        return said or [f"No {noun} to import"]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return bool(a == b)


# The current rows are read in queries of at most this many areas (SQLite's variable limit).
_AREAS_PER_QUERY = 500


def _current_rows(rows: Sequence[NewObservation]) -> dict[Key, dict[str, Any]]:
    """The current rows for these values' keys (and perhaps a few more, which nothing looks
    up), read in bounded queries: one per indicator with the periods and areas the values
    name (areas in chunks), never one per row."""
    # Worked out in C over the rows (no key built per row): distinct (indicator, area) and
    # (indicator, period) pairs, periods told apart by identity and then by code.
    indicator_ids = _column(rows, "indicator_id")
    periods = _column(rows, "period")
    by_identity = dict(zip(map(id, periods), periods, strict=True))
    by_indicator: dict[int, tuple[set[int], set[str]]] = {}
    for indicator_id, area_id in set(zip(indicator_ids, _column(rows, "area_id"), strict=True)):
        by_indicator.setdefault(indicator_id, (set(), set()))[0].add(area_id)
    for indicator_id, period_identity in set(zip(indicator_ids, map(id, periods), strict=True)):
        by_indicator[indicator_id][1].add(by_identity[period_identity].code)
    found: dict[Key, dict[str, Any]] = {}
    fields = (
        "id",
        "indicator_id",
        "area_id",
        "sex",
        "age",
        "category_type",
        "category",
        "import_run_id",
        "entered_by_id",
        "entered_by_label",
        *COMPARED_FIELDS,
    )
    for indicator_id, (areas, codes) in by_indicator.items():
        area_ids = sorted(areas)
        for start in range(0, len(area_ids), _AREAS_PER_QUERY):
            held = (
                Observation.objects.filter(
                    indicator_id=indicator_id,
                    superseded_at__isnull=True,
                    area_id__in=area_ids[start : start + _AREAS_PER_QUERY],
                    period__in=sorted(codes),
                )
                # The stored code as text: comparing codes needs no Period built per row.
                .annotate(period_code=Cast("period", output_field=CharField()))
                .values(*fields, "period_code")
            )
            for row in held:
                key = (
                    row["indicator_id"],
                    row["area_id"],
                    row["period_code"],
                    row["sex"],
                    row["age"],
                    row["category_type"],
                    row["category"],
                )
                found[key] = row
    return found


def plan_observations(
    rows: Iterable[NewObservation],
    *,
    may_revise: bool,
    import_run_id: int | None = None,
) -> ObservationPlan:
    """Sort values into new, unchanged, revisions and kept (see the module's docstring).

    `may_revise`: whether this writer may replace a different current value from another
    source (true for a partnership's own data and for operators; false for partnership
    imports of shared reference data). A value from the same import run is always revisable.
    """
    with paused_gc():
        return _plan(rows, may_revise=may_revise, import_run_id=import_run_id)


def _plan(rows: Iterable[NewObservation], *, may_revise: bool, import_run_id: int | None) -> ObservationPlan:
    if not isinstance(rows, ObservationColumns):
        rows = list(rows)
    plan = ObservationPlan()
    current = _current_rows(rows)
    if not current:
        # Nothing held for these keys (a first import): every value is new, no key needed.
        plan.new = rows
        return plan
    new: list[NewObservation] = []
    plan.new = new
    for row in rows:
        existing = current.get(row.key)
        if existing is None:
            new.append(row)
        elif all(_same(getattr(row, f), existing[f]) for f in COMPARED_FIELDS):
            plan.unchanged.append(row)
        elif may_revise or (import_run_id is not None and existing["import_run_id"] == import_run_id):
            plan.revisions.append((row, existing["id"]))
        else:
            plan.kept.append((row, existing["id"]))
    return plan


def _instance(
    row: NewObservation,
    *,
    partnership_id: int | None,
    import_run_id: int | None,
    user: Any,
    entered_by_label: str,
    now: dt.datetime,
) -> Observation:
    return Observation(
        indicator_id=row.indicator_id,
        partnership_id=partnership_id,
        area_id=row.area_id,
        period=row.period,  # type: ignore[misc]  # PeriodField takes a Period
        sex=row.sex,
        age=row.age,
        category_type=row.category_type,
        category=row.category,
        value=row.value,
        numerator=row.numerator,
        denominator=row.denominator,
        lower_95=row.lower_95,
        upper_95=row.upper_95,
        lower_998=row.lower_998,
        upper_998=row.upper_998,
        quality=row.quality,
        note=row.note,
        import_run_id=import_run_id,
        source_row=row.source_row,
        entered_by=user if user is not None and getattr(user, "pk", None) else None,
        entered_by_label=entered_by_label,
        recorded_at=now,
    )


# From this many new rows, PostgreSQL writes them with COPY (one statement, no Python
# model instances); fewer, or on SQLite, go through bulk_create. Tests lower it to 0 to
# prove both paths write the same rows.
COPY_MIN_ROWS = 1000

# The columns COPY fills for a new current row, in the order `_copy_new` writes them;
# `id` comes from its sequence and the superseded columns stay empty.
COPY_FIELDS = (
    "indicator",
    "partnership",
    "area",
    "period",
    "period_start",
    "period_end",
    "sex",
    "age",
    "category_type",
    "category",
    *VALUE_FIELDS,
    "quality",
    "note",
    "import_run",
    "source_row",
    "entered_by",
    "entered_by_label",
    "recorded_at",
)


class MissingReference(Exception):
    """An indicator, area, partnership or person a value names is not there (deleted while the
    values were being checked or written). Nothing is written: the caller's transaction must
    roll back. `message` is written for the person importing or typing."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# The observations table has no database foreign keys (ADR 0027): `check_references`, in the
# write's transaction, does what they did.
_IDS_PER_QUERY = 500  # SQLite's variable limit


def _held_ids(model: Any, ids: set[int]) -> set[int]:
    """Which of these ids are rows of `model`. On PostgreSQL each row is also locked
    `FOR KEY SHARE` until the transaction ends, as a foreign key's check does: it cannot be
    deleted (or its id changed) before the values naming it are committed."""
    wanted = sorted(ids)
    found: set[int] = set()
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {table} WHERE id = ANY(%s) FOR KEY SHARE",  # noqa: S608 (a model's table)
                [wanted],
            )
            found.update(row[0] for row in cursor.fetchall())
        return found
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        found.update(
            model.objects.filter(pk__in=wanted[start : start + _IDS_PER_QUERY]).values_list("pk", flat=True)
        )
    return found


def check_references(
    rows: Sequence[NewObservation], *, partnership_id: int | None, user_id: int | None = None
) -> None:
    """Raise `MissingReference` unless every indicator, area, partnership and person these
    values name exists (and, on PostgreSQL, lock them until the transaction ends). One query
    per kind of object, whatever the number of rows."""
    from django.contrib.auth import get_user_model

    wanted: list[tuple[Any, str, set[int]]] = [
        (Indicator, "indicator", set(_column(rows, "indicator_id"))),
        (Area, "area", set(_column(rows, "area_id"))),
    ]
    if partnership_id is not None:
        wanted.append((Partnership, "partnership", {partnership_id}))
    if user_id is not None:
        wanted.append((get_user_model(), "person entering the values", {user_id}))
    for model, noun, ids in wanted:
        if not ids:
            continue
        missing = ids - _held_ids(model, ids)
        if missing:
            raise MissingReference(
                f"The {noun} some values are for was deleted while they were being saved "
                f"(id {min(missing)}{' and others' if len(missing) > 1 else ''}). Nothing was saved"
            )


def write_observations(
    plan: ObservationPlan,
    *,
    partnership_id: int | None,
    import_run_id: int | None = None,
    user: Any = None,
    entered_by_label: str = "",
    now: dt.datetime | None = None,
    batch_size: int = 2000,
) -> int:
    """Write a plan's new values and revisions. Call inside the caller's transaction (the
    caller also writes the audit entry). Returns how many rows were written."""
    now = now or timezone.now()
    user_id = user.pk if user is not None and getattr(user, "pk", None) else None
    written_rows = [*plan.new, *(r for r, _ in plan.revisions)] if plan.revisions else plan.new
    if written_rows:
        check_references(written_rows, partnership_id=partnership_id, user_id=user_id)
    options = {
        "partnership_id": partnership_id,
        "import_run_id": import_run_id,
        "user": user,
        "entered_by_label": entered_by_label,
        "now": now,
    }
    # Revisions: close the current rows first, so the current-key constraint holds.
    superseded_ids = [current_id for _, current_id in plan.revisions]
    for start in range(0, len(superseded_ids), batch_size):
        Observation.objects.filter(pk__in=superseded_ids[start : start + batch_size]).update(
            superseded_at=now
        )
    if _use_copy(len(plan.new)):
        written = _copy_new(plan.new, **options)
        new_instances: list[Observation] = []
    else:
        written = 0
        new_instances = [_instance(r, **options) for r in plan.new]
    created = Observation.objects.bulk_create(
        new_instances + [_instance(r, **options) for r, _ in plan.revisions], batch_size=batch_size
    )
    revised = created[len(new_instances) :]
    links = [
        Observation(pk=old_id, superseded_by_id=new.pk)
        for (_, old_id), new in zip(plan.revisions, revised, strict=True)
    ]
    Observation.objects.bulk_update(links, ["superseded_by"], batch_size=batch_size)
    return written + len(created)


def _use_copy(count: int) -> bool:
    return count > 0 and count >= COPY_MIN_ROWS and connection.vendor == "postgresql"


_BINARY_TYPES = {
    "bigint": "int8",
    "integer": "int4",
    "smallint": "int2",
    "double precision": "float8",
    "date": "date",
    "timestamp with time zone": "timestamptz",
}


def _binary_type(db_type: str | None) -> str:
    """The type psycopg dumps a column's values as, from the column's PostgreSQL type."""
    if db_type is None:
        raise ValueError("A column COPY fills must have a database type")
    if db_type.startswith(("varchar", "text")):
        return "text"
    return _BINARY_TYPES[db_type]


def _copy_new(
    rows: Sequence[NewObservation],
    *,
    partnership_id: int | None,
    import_run_id: int | None,
    user: Any,
    entered_by_label: str,
    now: dt.datetime,
) -> int:
    """Write new current rows with PostgreSQL's COPY (psycopg 3), in the caller's transaction.
    Each row's fields are read from the values' columns (`_column`: an `ObservationColumns`
    is never made into objects), a period's code and dates once per distinct period."""
    meta = Observation._meta
    quote = connection.ops.quote_name
    fields = {f.name: f for f in meta.concrete_fields}
    columns = ", ".join(quote(str(fields[name].column)) for name in COPY_FIELDS)
    types = [_binary_type(fields[name].db_type(connection)) for name in COPY_FIELDS]
    user_id = user.pk if user is not None and getattr(user, "pk", None) else None
    periods = _column(rows, "period")
    distinct = dict(zip(map(id, periods), periods, strict=True))
    dates = {identity: (p.code, p.start, p.end) for identity, p in distinct.items()}
    codes, starts, ends = (
        zip(*map(dates.__getitem__, map(id, periods)), strict=True) if len(rows) else ((), (), ())
    )
    # Binary COPY: psycopg packs each value with its C dumper, the server parses nothing.
    sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
    # The Django cursor wraps psycopg's, which has `copy`.
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.set_types(types)
        # In COPY_FIELDS' order; rows stream to the server while later ones are packed.
        for row in zip(
            _column(rows, "indicator_id"),
            repeat(partnership_id),
            _column(rows, "area_id"),
            codes,
            starts,
            ends,
            *(_column(rows, name) for name in ("sex", "age", "category_type", "category")),
            *(_column(rows, name) for name in VALUE_FIELDS),
            _column(rows, "quality"),
            _column(rows, "note"),
            repeat(import_run_id),
            _column(rows, "source_row"),
            repeat(user_id),
            repeat(entered_by_label),
            repeat(now),
        ):
            copy.write_row(row)
    return len(rows)


def stood_at(recorded_at: dt.datetime, superseded_at: dt.datetime | None, moment: dt.datetime | None) -> bool:
    """Whether a value was the one in force at `moment` (the current one when `moment` is None):
    recorded by then and not yet superseded. The rule `as_at` applies in the database, for code
    that has already loaded a value's revisions together."""
    if moment is None:
        return superseded_at is None
    return recorded_at <= moment and (superseded_at is None or superseded_at > moment)


def as_at(queryset: Any, moment: dt.datetime | None) -> Any:
    """Observations as they stood at a moment (the current ones when `moment` is None); the
    same rule as `stood_at`."""
    if moment is None:
        return queryset.filter(superseded_at__isnull=True)
    return queryset.filter(
        Q(recorded_at__lte=moment), Q(superseded_at__isnull=True) | Q(superseded_at__gt=moment)
    )
