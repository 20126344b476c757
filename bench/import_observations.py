"""Benchmark: importing a 1M-row generic observations CSV into PostgreSQL, against COPY.

The issue's speed goal: parse, validate every row, compute the preview counts and write in
one transaction (the user's pause excluded) at >= 25% of the speed of `COPY` of the same
file into a table with the same columns and unique key. This script measures, in one run,
on a scratch database it creates (and drops) on the PostgreSQL server:

  (a) COPY of the file into a table with the same columns and the observations' unique key;
  (b) COPY of the file into a bare table (same columns, no key);
  (c) the import pipeline as the import tasks run it (joinedup/core/imports/services.py):
      read_table -> validate_table -> importer.plan -> importer.write + audit entry in one
      transaction, without the task queue and without the user's pause between preview and
      confirmation.

and prints the times and the ratios speed(pipeline)/speed(COPY) = time(COPY)/time(pipeline).

    .venv/bin/python bench/import_observations.py             # 1,000,000 rows
    .venv/bin/python bench/import_observations.py --rows 100000 --profile var/bench.prof

`make bench` runs it. See bench/README.md. It is a benchmark, never a test: it prints
ratios and exits 0 whatever they are (unless --fail-below is given).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IMPORTER_NAME = "performance.observations"

# The generic observations layout agreed for `performance.observations` (every column).
HEADINGS = [
    "Indicator code",
    "Area code",
    "Period",
    "Sex",
    "Age",
    "Category type",
    "Category",
    "Value",
    "Numerator",
    "Denominator",
    "Lower 95% limit",
    "Upper 95% limit",
    "Lower 99.8% limit",
    "Upper 99.8% limit",
    "Quality",
    "Note",
]
# The same columns in SQL, for the COPY tables; the key is the observations' current key.
SQL_COLUMNS = [
    ("indicator_code", "text"),
    ("area_code", "text"),
    ("period", "text"),
    ("sex", "text"),
    ("age", "text"),
    ("category_type", "text"),
    ("category", "text"),
    ("value", "double precision"),
    ("numerator", "double precision"),
    ("denominator", "double precision"),
    ("lower_95", "double precision"),
    ("upper_95", "double precision"),
    ("lower_998", "double precision"),
    ("upper_998", "double precision"),
    ("quality", "text"),
    ("note", "text"),
]
KEY = ["indicator_code", "area_code", "period", "sex", "age", "category_type", "category"]

SEXES = ["Persons", "Male", "Female"]
AGES = ["All ages", "0-17 yrs", "18-64 yrs", "65+ yrs"]
FIRST_YEAR = 2014
YEARS = 10


# ---------------------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------------------


def shape(rows: int) -> tuple[int, int]:
    """How many indicators and areas a file of `rows` rows needs (10 years x 12 breakdowns)."""
    per_area = YEARS * len(SEXES) * len(AGES)
    indicators = 20
    areas = max(1, -(-rows // (indicators * per_area)))
    return indicators, areas


def indicator_codes(n: int) -> list[str]:
    return [f"BENCH {i:03d}" for i in range(1, n + 1)]


def area_codes(n: int) -> list[str]:
    # Outside the GSS namespace, as fictional areas must be.
    return [f"X9{i:07d}" for i in range(1, n + 1)]


def generate_csv(rows: int, *, seed: int = 20071) -> bytes:
    """A deterministic file of `rows` observations: indicator x area x year x sex x age."""
    rng = random.Random(seed)
    n_indicators, n_areas = shape(rows)
    out = io.StringIO()
    out.write(",".join(HEADINGS) + "\r\n")
    written = 0
    for indicator in indicator_codes(n_indicators):
        for area in area_codes(n_areas):
            base = rng.uniform(20, 800)
            for y in range(YEARS):
                year = FIRST_YEAR + y
                period = f"{year}/{(year + 1) % 100:02d}"
                for sex in SEXES:
                    for age in AGES:
                        if written == rows:
                            return out.getvalue().encode("utf-8")
                        written += 1
                        denominator = rng.randint(2_000, 90_000)
                        if rng.random() < 0.01:
                            out.write(
                                f"{indicator},{area},{period},{sex},{age},,,,,{denominator},,,,,"
                                "validated,Value suppressed: fewer than 5 events\r\n"
                            )
                            continue
                        numerator = max(5, int(denominator * base / 100_000 * rng.uniform(0.8, 1.2)))
                        value = numerator / denominator * 100_000
                        spread = 196_000 * (numerator**0.5) / denominator
                        quality = "provisional" if y == YEARS - 1 else "validated"
                        out.write(
                            f"{indicator},{area},{period},{sex},{age},,,{value:.4f},{numerator},"
                            f"{denominator},{value - spread:.4f},{value + spread:.4f},"
                            f"{value - 1.5 * spread:.4f},{value + 1.5 * spread:.4f},{quality},\r\n"
                        )
    return out.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------------------
# The scratch database
# ---------------------------------------------------------------------------------------


def server_url(database: str) -> str:
    base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    return f"{base.rstrip('/')}/{database}"


def admin_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def scratch_database(keep: bool) -> Iterator[str]:
    name = f"joinedup_bench_{os.getpid()}"
    admin_execute(f"DROP DATABASE IF EXISTS {name}")
    admin_execute(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        from django.db import connections

        connections.close_all()
        if keep:
            print(f"Kept the scratch database {name}")
        else:
            admin_execute(f"DROP DATABASE IF EXISTS {name}")


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = server_url(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# ---------------------------------------------------------------------------------------
# A stand-in importer, only if the real one is not registered in this checkout
# ---------------------------------------------------------------------------------------


def ensure_importer() -> tuple[Any, bool]:
    """The registered `performance.observations` importer, or a minimal stand-in registered
    here (inside the benchmark only) when this checkout has none yet."""
    from joinedup.core.imports.registry import get_importer, register

    importer = get_importer(IMPORTER_NAME)
    if importer is not None:
        return importer, False
    return register(stand_in_importer()), True


def stand_in_importer() -> Any:
    """A minimal `performance.observations` for measuring before the real one lands: the
    layout's columns, lookups loaded once, every cell parsed, duplicate keys refused, and
    the observations written through `plan_observations`/`write_observations`."""
    from joinedup.core.imports.cells import InvalidCell
    from joinedup.core.imports.registry import CellError, Column, Importer, ImportRow, ValidRow, WriteResult
    from joinedup.core.periods import PeriodParseError, parse
    from joinedup.partnerships.models import Area
    from joinedup.performance.models import Indicator, QualityStatus
    from joinedup.performance.services.observations import (
        NewObservation,
        plan_observations,
        write_observations,
    )

    def number(value: Any) -> float:
        try:
            return float(str(value).replace(",", ""))
        except ValueError:
            raise InvalidCell("Enter a number") from None

    numbers = ("value", "numerator", "denominator", "lower_95", "upper_95", "lower_998", "upper_998")
    qualities = {q.value: q.value for q in QualityStatus} | {q.label.lower(): q.value for q in QualityStatus}

    class StandInObservationsImporter(Importer):
        name = IMPORTER_NAME
        title = "Import observations (benchmark stand-in)"
        noun_plural = "values"
        columns = (
            Column("indicator", "Indicator code", required=True, aliases=("Indicator ID",)),
            Column("area", "Area code", required=True),
            Column("period", "Period", required=True, aliases=("Time period",)),
            Column("sex", "Sex"),
            Column("age", "Age"),
            Column("category_type", "Category type"),
            Column("category", "Category"),
            Column("value", "Value"),
            Column("numerator", "Numerator", aliases=("Count",)),
            Column("denominator", "Denominator"),
            Column("lower_95", "Lower 95% limit", aliases=("Lower CI 95.0 limit",)),
            Column("upper_95", "Upper 95% limit", aliases=("Upper CI 95.0 limit",)),
            Column("lower_998", "Lower 99.8% limit"),
            Column("upper_998", "Upper 99.8% limit"),
            Column("quality", "Quality"),
            Column("note", "Note", aliases=("Value note",)),
        )

        def prepare(self, context: Any) -> None:
            context.cache["indicators"] = {
                code.casefold(): pk
                for pk, code in Indicator.objects.filter(partnership_id=context.partnership_id).values_list(
                    "pk", "code"
                )
            }
            context.cache["areas"] = dict(Area.objects.values_list("code", "pk"))
            context.cache["periods"] = {}

        def validate_row(self, row: ImportRow, context: Any) -> dict[str, Any] | list[CellError]:
            cache = context.cache
            indicator_id = cache["indicators"].get(row.text("indicator").casefold())
            if indicator_id is None:
                row.error("indicator", "No indicator has this code")
            area_id = cache["areas"].get(row.text("area").upper())
            if area_id is None:
                row.error("area", "No area has this code")
            text = row.text("period")
            period = cache["periods"].get(text)
            if period is None:
                try:
                    period = cache["periods"][text] = parse(text)
                except PeriodParseError as exc:
                    row.error("period", str(exc))
            parsed = {key: row.parse(key, number) for key in numbers}
            quality = qualities.get(row.text("quality").lower() or "validated")
            if quality is None:
                row.error("quality", "Enter provisional, validated or audited")
            note = row.text("note")
            if parsed["value"] is None and not note:
                row.error("value", "Enter a value, or a note saying why there is none")
            if row.errors:
                return row.errors
            return {
                "observation": NewObservation(
                    indicator_id=indicator_id,
                    area_id=area_id,
                    period=period,
                    sex=row.text("sex") or "Persons",
                    age=row.text("age") or "All ages",
                    category_type=row.text("category_type"),
                    category=row.text("category"),
                    quality=quality,
                    note=note,
                    source_row=row.number,
                    **parsed,
                )
            }

        def check_rows(self, rows: list[ValidRow], context: Any) -> list[CellError]:
            first: dict[Any, int] = {}
            errors = []
            for row in rows:
                key = row.data["observation"].key
                if key in first:
                    errors.append(CellError(None, f"Repeats the value in row {first[key]}", row.number))
                else:
                    first[key] = row.number
            return errors

        def _plan(self, rows: list[ValidRow], context: Any) -> Any:
            return plan_observations(
                (r.data["observation"] for r in rows), may_revise=True, import_run_id=context.run_id
            )

        def plan(self, rows: list[ValidRow], context: Any) -> list[str]:
            return self._plan(rows, context).sentences()

        def write(self, rows: list[ValidRow], context: Any) -> WriteResult:
            # As in the write task: plan again (the data may have changed since the preview).
            plan = self._plan(rows, context)
            written = write_observations(
                plan,
                partnership_id=context.partnership_id,
                import_run_id=context.run_id,
                user=context.user,
            )
            return WriteResult(written=written, report=plan.sentences(), summary=f"{written} values imported")

    return StandInObservationsImporter()


# ---------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------


def timed(label: str, func: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed:8.2f} s", flush=True)
    return elapsed, result


def copy_into(table: str, data: bytes, *, keyed: bool) -> float:
    """COPY the file into a fresh table, in one transaction, and return the seconds taken."""
    from django.db import connection, transaction

    columns = ", ".join(f"{name} {kind}" for name, kind in SQL_COLUMNS)
    key = f", UNIQUE ({', '.join(KEY)})" if keyed else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE {table} ({columns}{key})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        names = ", ".join(name for name, _ in SQL_COLUMNS)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv, HEADER true)") as copy:
            view = memoryview(data)
            for start in range(0, len(data), 1 << 20):
                copy.write(view[start : start + (1 << 20)])
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own table name)
        (count,) = cursor.fetchone()
        cursor.execute(f"DROP TABLE {table}")
    print(
        f"  {'COPY into a ' + ('keyed' if keyed else 'bare') + ' table':<44} {elapsed:8.2f} s  ({count} rows)"
    )
    return elapsed


def copy_into_observations_table() -> float:
    """The database's own share of the pipeline's write: COPY the rows the pipeline wrote
    (binary, no parsing) into a table like the observations table, with its indexes, checks
    and foreign keys, in one transaction (the deferred foreign-key checks run at commit)."""
    from django.db import connection, transaction

    from joinedup.performance.models import Observation

    table = Observation._meta.db_table
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} TO STDOUT (FORMAT BINARY)") as copy:
            for chunk in copy:
                buffer.write(chunk)
        cursor.execute("DROP TABLE IF EXISTS bench_observations")
        cursor.execute(f"CREATE TABLE bench_observations (LIKE {table} INCLUDING ALL)")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        for name, definition in cursor.fetchall():
            definition = definition.replace(f"REFERENCES {table}(", "REFERENCES bench_observations(")
            cursor.execute(f"ALTER TABLE bench_observations ADD CONSTRAINT bench_{name} {definition}")
    data = buffer.getvalue()
    started = time.perf_counter()
    sql = "COPY bench_observations FROM STDIN (FORMAT BINARY)"
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(data)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_observations")
    print(f"  {'COPY of the written rows, observations table':<44} {elapsed:8.2f} s")
    return elapsed


def seed_reference(n_indicators: int, n_areas: int) -> tuple[Any, Any]:
    """The areas and indicators the file names, a partnership and a user to import as."""
    from joinedup.accounts.models import User
    from joinedup.partnerships.models import Area, Partnership
    from joinedup.performance.models import Indicator, Polarity, Unit, ValueType

    Area.objects.bulk_create(
        [
            Area(code=code, name=f"Bench area {i}", area_type="district", is_fictional=True, source="bench")
            for i, code in enumerate(area_codes(n_areas), start=1)
        ],
        batch_size=2000,
    )
    partnership = Partnership.objects.create(
        slug="bench",
        name="Benchmark Partnership",
        partnership_type="place",
        tier="district",
        is_fictional=True,
    )
    Indicator.objects.bulk_create(
        [
            Indicator(
                partnership=partnership,
                code=code,
                title=f"Benchmark indicator {code}",
                unit=Unit.RATE_100000,
                value_type=ValueType.CRUDE_RATE,
                polarity=Polarity.LOWER_IS_BETTER,
                is_fictional=True,
            )
            for code in indicator_codes(n_indicators)
        ]
    )
    user = User.objects.create(email="bench@bench.example", full_name="Bench Importer")
    return partnership, user


def run_pipeline(importer: Any, data: bytes, partnership: Any, user: Any) -> dict[str, float]:
    """What `run_validation` then `run_write` do, without the task queue or the pause."""
    from django.db import transaction

    from joinedup.core.audit import Actor, record
    from joinedup.core.imports.pipeline import validate_table
    from joinedup.core.imports.readers import read_table
    from joinedup.core.imports.registry import ImportContext
    from joinedup.core.models import ImportRun, StoredFile

    source = StoredFile.objects.create(
        file="bench/observations.csv",
        original_name="observations.csv",
        content_type="text/csv",
        kind="csv",
        size=len(data),
        sha256="0" * 64,
        partnership_id=partnership.pk,
        uploaded_by=user,
    )
    run = ImportRun.objects.create(
        partnership_id=partnership.pk, importer=importer.name, source=source, created_by=user
    )

    def new_context() -> ImportContext:
        # Each task makes its own context (joinedup/core/imports/services.py `_context`).
        return ImportContext(
            partnership_id=partnership.pk, user=user, run_id=run.pk, file_name=source.original_name
        )

    context = new_context()
    times: dict[str, float] = {}
    started = time.perf_counter()
    times["read"], table = timed(
        "read_table (decode and parse the CSV)", lambda: read_table(data, kind="csv", max_bytes=len(data) + 1)
    )
    times["validate"], validation = timed(
        "validate_table (every row)", lambda: validate_table(importer, table, context)
    )
    if not validation.ok:
        for problem in validation.problems[:10]:
            print("   ", problem)
        raise SystemExit("The generated file did not validate: the benchmark is broken")
    times["plan"], sentences = timed(
        "importer.plan (preview counts)", lambda: importer.plan(validation.rows, context)
    )
    for sentence in sentences:
        print(f"    plan: {sentence}")
    times["pass"] = time.perf_counter() - started

    # The write task (run_write) starts afresh after the user's pause: its own context, the
    # file read and every row checked again, then the write, which builds the values again
    # and plans them against the current data inside its transaction. So the write measured
    # here gains nothing from the values the preview built (that reuse needs one context:
    # the demo loader's). The goal's one pass counts read, validate, plan and this write; the
    # re-read and re-check are shown apart, as "both tasks".
    context = new_context()
    rechecked = time.perf_counter()
    times["reread"], table = timed(
        "write task: read_table again", lambda: read_table(data, kind="csv", max_bytes=len(data) + 1)
    )
    times["revalidate"], validation = timed(
        "write task: validate_table again", lambda: validate_table(importer, table, context)
    )
    if not validation.ok:
        raise SystemExit("The file did not validate the second time: the benchmark is broken")
    recheck = time.perf_counter() - rechecked

    def write() -> Any:
        with transaction.atomic():
            result = importer.write(validation.rows, context)
            record(
                action=importer.action,
                actor=Actor.for_user(user),
                partnership_id=partnership.pk,
                target=run,
                summary=result.summary,
                after={"file": source.original_name, "rows": len(validation.rows), "written": result.written},
            )
        return result

    times["write"], result = timed("importer.write + audit, one transaction", write)
    times["tasks"] = time.perf_counter() - started
    times["total"] = times["tasks"] - recheck
    print(f"    wrote {result.written} rows: {result.summary}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the file (default 1,000,000)")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the pipeline to FILE")
    parser.add_argument("--keep-db", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--csv", metavar="FILE", help="also save the generated file to FILE")
    parser.add_argument(
        "--fail-below", type=float, metavar="RATIO", help="exit 1 if pipeline/keyed COPY is below RATIO"
    )
    args = parser.parse_args(argv)

    print(f"Generating {args.rows:,} rows in the generic observations layout ...", flush=True)
    started = time.perf_counter()
    data = generate_csv(args.rows)
    n_indicators, n_areas = shape(args.rows)
    print(
        f"  {len(data) / 1e6:.1f} MB, {n_indicators} indicators x {n_areas} areas x {YEARS} years x "
        f"{len(SEXES) * len(AGES)} breakdowns, in {time.perf_counter() - started:.1f} s"
    )
    if args.csv:
        Path(args.csv).write_bytes(data)

    with scratch_database(args.keep_db) as database:
        print(f"Scratch database {database}: migrating ...", flush=True)
        setup_django(database)
        importer, stand_in = ensure_importer()
        if stand_in:
            print(
                f"  NOTE: {IMPORTER_NAME} is not registered in this checkout; using the benchmark's "
                "stand-in importer (defined in this script)."
            )
        partnership, user = seed_reference(n_indicators, n_areas)

        print("Measuring:")
        keyed = copy_into("bench_copy_keyed", data, keyed=True)
        bare = copy_into("bench_copy_bare", data, keyed=False)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        times = run_pipeline(importer, data, partnership, user)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
            print(f"  profile written to {args.profile} (python -m pstats {args.profile})")
        floor = copy_into_observations_table()

    pipeline = times["total"]
    print()
    print(f"Rows:                      {args.rows:>12,}")
    print(f"COPY, keyed table:         {keyed:>10.2f} s  {args.rows / keyed:>12,.0f} rows/s")
    print(f"COPY, bare table:          {bare:>10.2f} s  {args.rows / bare:>12,.0f} rows/s")
    print(
        f"Import pipeline:           {pipeline:>10.2f} s  {args.rows / pipeline:>12,.0f} rows/s"
        "   (read, validate, plan, write)"
    )
    print(
        f"Both tasks as run:         {times['tasks']:>10.2f} s  {args.rows / times['tasks']:>12,.0f} rows/s"
        f"   (and the write task's read and validate again; ratio to keyed COPY "
        f"{keyed / times['tasks']:.3f})"
    )
    ratio_keyed, ratio_bare = keyed / pipeline, bare / pipeline
    print(f"Ratio pipeline/keyed COPY: {ratio_keyed:>10.3f}   (goal >= 0.25)")
    print(f"Ratio pipeline/bare COPY:  {ratio_bare:>10.3f}")
    print(
        f"Storing the rows alone (COPY into the observations table, {floor:.2f} s) is at most "
        f"{keyed / floor:.3f} of keyed COPY: the ceiling for the pipeline's ratio with this schema."
    )
    print(
        f"Python's share of the pipeline: {max(0.0, pipeline - floor):.2f} s "
        f"({max(0.0, pipeline - floor) / pipeline:.0%})"
    )
    if stand_in:
        print(f"(measured with the stand-in importer: {IMPORTER_NAME} was not registered)")
    if args.fail_below is not None and ratio_keyed < args.fail_below:
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
