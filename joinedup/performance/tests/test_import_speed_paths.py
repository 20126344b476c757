"""The quick paths of the observation importer (bench/README.md): the inlined row checks say
the same as before, and the values `plan` built are reused by `write` only for the very same
rows, while the database's current values are always read again."""

from __future__ import annotations

import datetime as dt

import pytest

from joinedup.core.imports.pipeline import validate_table
from joinedup.core.imports.readers import read_table
from joinedup.core.imports.registry import (
    ColumnRows,
    ImportContext,
    Importer,
    ImportRow,
    ValidRow,
    get_importer,
)
from joinedup.core.periods import Period
from joinedup.partnerships.models import Role
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.performance.importers import ObservationsImporter
from joinedup.performance.models import Observation
from joinedup.performance.services.observations import NewObservation, plan_observations, write_observations
from joinedup.performance.tests.factories_imports import area, local_indicator

HEADER = "Indicator code,Area code,Period,Value,Sex,Note\r\n"


@pytest.fixture
def partnership(db):
    return PartnershipFactory(slug="isisbury", name="Isisbury Partnership")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, Role.EDITOR)


@pytest.fixture
def places(db):
    return [area("E06000052", "Cornwall"), area("E06000053", "Isles of Scilly")]


@pytest.fixture
def homes(partnership):
    return local_indicator(partnership, code="NI 154", title="Net additional homes")


class RowByRow(ObservationsImporter):
    """The observations importer without its whole-column pass: its rows are a plain list."""

    validate_columns = Importer.validate_columns  # type: ignore[assignment]


def checked(partnership, editor, text: str, importer=None):
    importer = importer or get_importer("performance.observations")
    assert importer is not None
    context = ImportContext(partnership_id=partnership.pk, user=editor, file_name="values.csv")
    data = text.encode()
    validation = validate_table(importer, read_table(data, kind="csv", max_bytes=len(data) + 1), context)
    return importer, context, validation


# --- the inlined row checks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "number"),
    [("1,234.5", 1234.5), (" 12 ", 12.0), ("12%", 12.0), ("1e3", 1000.0), ("-0.5", -0.5), ("7", 7.0)],
)
def test_numbers_as_people_write_them_are_read(partnership, editor, places, homes, cell, number):
    _, _, validation = checked(partnership, editor, f'{HEADER}NI 154,E06000052,2020,"{cell}",,\r\n')
    assert validation.ok
    assert validation.rows[0].data["value"] == number


@pytest.mark.parametrize("cell", ["inf", "-Infinity", "nan", "about 5", "1.2.3"])
def test_infinite_and_non_numbers_are_refused_by_row_and_column(partnership, editor, places, homes, cell):
    _, _, validation = checked(partnership, editor, f"{HEADER}NI 154,E06000052,2020,{cell},,\r\n")
    assert [(p.row, p.column, p.message) for p in validation.problems] == [
        (2, "Value", f"'{cell}' is not a number. Enter a number, like 1,234.5")
    ]


def test_every_problem_of_a_row_is_reported_in_column_order(partnership, editor, places, homes):
    text = "Indicator code,Area code,Period,Value,Quality\r\nNI 999,X9,2020/99,x,maybe\r\n"
    _, _, validation = checked(partnership, editor, text)
    assert [p.column for p in validation.problems] == [
        "Indicator code",
        "Area code",
        "Period",
        "Value",
        "Quality",
    ]


def test_repeated_texts_are_cleaned_the_same_on_every_row(partnership, editor, places, homes):
    sex = '"Male \t persons"'
    text = f"{HEADER}NI 154,E06000052,2020,1,{sex},\r\nNI 154,E06000053,2020,2,{sex},\r\n"
    _, context, validation = checked(partnership, editor, text)
    assert [r.data["sex"] for r in validation.rows] == ["Male persons", "Male persons"]
    assert context.cache["texts"] == {("Male \t persons", 20): "Male persons"}


def test_a_non_text_cell_is_cleaned_without_the_text_cache(partnership, editor, places, homes):
    importer = get_importer("performance.observations")
    assert importer is not None
    context = ImportContext(partnership_id=partnership.pk, user=editor)
    importer.prepare(context)
    values = {"indicator": "NI 154", "area": "E06000052", "period": dt.date(2020, 4, 1), "value": 3, "sex": 1}
    data = importer.validate_row(ImportRow(2, values), context)
    assert isinstance(data, dict)
    assert (data["sex"], data["value"], data["period"]) == ("1", 3.0, Period.month(2020, 4))
    assert context.cache["texts"] == {}


# --- reusing the values built for the preview -------------------------------------------------


def test_write_reuses_the_values_plan_built_for_the_same_rows(partnership, editor, places, homes):
    importer, context, validation = checked(partnership, editor, f"{HEADER}NI 154,E06000052,2020,5,,\r\n")
    ids = context.cache["indicators"]
    first = importer._observations(validation.rows, context, ids)
    again = importer._observations(validation.rows, context, ids)
    assert first[0] is again[0] and first[1] is again[1]


@pytest.mark.parametrize(
    "change",
    [
        "replace a row",
        "replace a row's data",
        "renumber a row",
        "add a row",
        "a copy of the list",
    ],
)
def test_a_write_after_the_rows_changed_builds_the_values_again(partnership, editor, places, homes, change):
    # Rows as a list (the row-by-row pass, the demo loader) can be changed in place.
    importer, context, validation = checked(
        partnership,
        editor,
        f"{HEADER}NI 154,E06000052,2020,5,,\r\nNI 154,E06000053,2020,6,,\r\n",
        RowByRow(),
    )
    rows = validation.rows
    assert isinstance(rows, list)
    assert importer.plan(rows, context) == ["2 new values will be added"]
    if change == "replace a row":
        rows[0] = ValidRow(rows[0].number, {**rows[0].data, "value": 50.0})
    elif change == "replace a row's data":
        rows[0].data = {**rows[0].data, "value": 50.0}
    elif change == "renumber a row":
        rows[0].number = 20
    elif change == "add a row":
        rows.append(ValidRow(4, {**rows[0].data, "period": Period.calendar_year(2021)}))
    else:
        rows = list(rows)
    result = importer.write(rows, context)
    written = {(o.area.code, o.period.code): (o.value, o.source_row) for o in Observation.objects.all()}
    expected = {
        "replace a row": {("E06000052", "2020"): (50.0, 2), ("E06000053", "2020"): (6.0, 3)},
        "replace a row's data": {("E06000052", "2020"): (50.0, 2), ("E06000053", "2020"): (6.0, 3)},
        "renumber a row": {("E06000052", "2020"): (5.0, 20), ("E06000053", "2020"): (6.0, 3)},
        "add a row": {
            ("E06000052", "2020"): (5.0, 2),
            ("E06000053", "2020"): (6.0, 3),
            ("E06000052", "2021"): (5.0, 4),
        },
        "a copy of the list": {("E06000052", "2020"): (5.0, 2), ("E06000053", "2020"): (6.0, 3)},
    }[change]
    assert written == expected
    assert result.written == len(expected)


def test_rows_from_the_column_pass_cannot_be_changed_so_the_write_may_reuse_their_values(
    partnership, editor, places, homes
):
    importer, context, validation = checked(
        partnership, editor, f"{HEADER}NI 154,E06000052,2020,5,,\r\nNI 154,E06000053,2020,6,,\r\n"
    )
    rows = validation.rows
    assert isinstance(rows, ColumnRows)
    with pytest.raises(TypeError):
        rows[0] = ValidRow(2, {})  # type: ignore[index]
    assert not hasattr(rows, "append")
    rows[0].number = 20  # a row read from it is a new object each time: the rows stay as checked
    assert rows[0].number == 2 and [r.number for r in rows] == [2, 3]
    ids = context.cache["indicators"]
    first = importer._observations(rows, context, ids)
    assert importer._observations(rows, context, ids) is not None
    assert importer._observations(rows, context, ids)[1] is first[1]
    importer.write(rows, context)
    written = {(o.area.code, o.period.code): (o.value, o.source_row) for o in Observation.objects.all()}
    assert written == {("E06000052", "2020"): (5.0, 2), ("E06000053", "2020"): (6.0, 3)}


def test_a_write_reads_the_current_values_again_after_the_preview(partnership, editor, places, homes):
    """Someone typed a figure between the preview and the write: the write revises it rather
    than acting on the preview's plan (which said the value was new)."""
    importer, context, validation = checked(partnership, editor, f"{HEADER}NI 154,E06000052,2020,5,,\r\n")
    assert importer.plan(validation.rows, context) == ["1 new values will be added"]
    typed = plan_observations(
        [NewObservation(homes.pk, places[0].pk, Period.calendar_year(2020), 4.0)], may_revise=True
    )
    write_observations(typed, partnership_id=partnership.pk, entered_by_label="Typed")
    result = importer.write(validation.rows, context)
    assert result.report == ["1 value revised (the earlier figures are kept)"]
    current = Observation.objects.get(superseded_at__isnull=True)
    assert (current.value, Observation.objects.get(superseded_at__isnull=False).value) == (5.0, 4.0)


def test_a_write_after_the_indicators_changed_builds_the_values_again(partnership, editor, places, homes):
    importer, context, validation = checked(partnership, editor, f"{HEADER}NI 154,E06000052,2020,5,,\r\n")
    ids = context.cache["indicators"]
    first = importer._observations(validation.rows, context, ids)
    other = local_indicator(partnership, code="NI 155", title="Other")
    ids["ni 154"] = type(ids["ni 154"])(other.pk, True)
    again = importer._observations(validation.rows, context, ids)
    assert again is not first
    assert [o.indicator_id for o in again[1]] == [other.pk]
