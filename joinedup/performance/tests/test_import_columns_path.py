"""The observation importer's whole-column path (`validate_columns`, bench/README.md): a clean
CSV file is checked a column at a time and gives exactly the rows the row-by-row checks give;
any problem sends the file through the row-by-row checks, so messages still name row and
column, and the write is still all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from joinedup.core.imports.pipeline import validate_table
from joinedup.core.imports.readers import read_table
from joinedup.core.imports.registry import ColumnsRow, ImportContext, Importer, get_importer
from joinedup.core.periods import Period
from joinedup.partnerships.models import Role
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.performance.importers import ObservationsImporter
from joinedup.performance.tests.factories_imports import area, local_indicator, shared_indicator

HEADER = (
    "Indicator code,Area code,Period,Sex,Age,Category type,Category,Value,Numerator,Denominator,"
    "Lower 95% limit,Upper 95% limit,Quality,Note\r\n"
)
CLEAN = (
    f"{HEADER}"
    "NI 154,E06000052,2019/20,,,,,5,1,20,4,6,,\r\n"
    " ni 154 , e06000053 , 2019/20 , Male ,  18-64  yrs,,, 7.5 ,,,,,Provisional,\r\n"
    'NI 154,E06000052,2020/21,Female,,Deprivation decile,Most deprived,"1,234.5",,,,,audited,\r\n'
    "90001,E06000052,2020,,,,,,,,,,,Value suppressed:   fewer than 5\r\n"
    "90001,E06000053,2020,,,,,12%,3,,,,validated,A note\r\n"
)


class RowByRow(ObservationsImporter):
    """The same importer without its whole-column path: the reference."""

    validate_columns = Importer.validate_columns  # type: ignore[assignment]


@pytest.fixture
def partnership(db):
    return PartnershipFactory(slug="isisbury", name="Isisbury Partnership")


@pytest.fixture
def editor(partnership):
    return user_with_role(partnership, Role.EDITOR)


@pytest.fixture
def setting(partnership):
    area("E06000052", "Cornwall")
    area("E06000053", "Isles of Scilly")
    local_indicator(partnership, code="NI 154")
    shared_indicator(code="90001")


def checked(importer, partnership, editor, data: bytes, kind: str = "csv"):
    context = ImportContext(partnership_id=partnership.pk, user=editor, file_name=f"values.{kind}")
    table = read_table(data, kind=kind, max_bytes=len(data) + 1)
    return context, validate_table(importer, table, context)


def test_a_clean_file_gives_the_same_rows_and_preview_column_by_column(partnership, editor, setting):
    fast_importer = get_importer("performance.observations")
    _, fast = checked(fast_importer, partnership, editor, CLEAN.encode())
    _, slow = checked(RowByRow(), partnership, editor, CLEAN.encode())
    assert fast.ok and slow.ok
    assert all(isinstance(r.data, ColumnsRow) for r in fast.rows)
    assert not any(isinstance(r.data, ColumnsRow) for r in slow.rows)
    assert [(r.number, dict(r.data)) for r in fast.rows] == [(r.number, r.data) for r in slow.rows]
    assert fast.preview == slow.preview
    assert fast.rows[1].data["sex"] == "Male" and fast.rows[1].data["age"] == "18-64 yrs"
    assert fast.rows[2].data["value"] == 1234.5
    assert (
        fast.rows[3].data["value"] is None and fast.rows[3].data["note"] == "Value suppressed: fewer than 5"
    )


def test_plan_and_write_give_the_same_values_from_either_path(partnership, editor, setting):
    for importer in (get_importer("performance.observations"), RowByRow()):
        context, validation = checked(importer, partnership, editor, CLEAN.encode())
        assert importer.plan(validation.rows, context) == ["5 new values will be added"]
    fast_importer = get_importer("performance.observations")
    context, validation = checked(fast_importer, partnership, editor, CLEAN.encode())
    observations = fast_importer._observations(validation.rows, context, context.cache["indicators"])
    context, validation = checked(RowByRow(), partnership, editor, CLEAN.encode())
    expected = RowByRow()._observations(validation.rows, context, context.cache["indicators"])
    assert observations == expected


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            "NI 999,E06000052,2020,,,,,5,,,,,,",
            "Indicator code",
            "There is no indicator with the code 'NI 999'",
        ),
        ("NI 154,E09999999,2020,,,,,5,,,,,,", "Area code", "There is no area with the code 'E09999999'"),
        ("NI 154,E06000052,soon,,,,,5,,,,,,", "Period", "soon"),
        ("NI 154,E06000052,2020,,,,,five,,,,,,", "Value", "'five' is not a number"),
        ("NI 154,E06000052,2020,,,,,inf,,,,,,", "Value", "'inf' is not a number"),
        ("NI 154,E06000052,2020,,,,,5,1_0x,,,,,", "Numerator", "'1_0x' is not a number"),
        ("NI 154,E06000052,2020,,,,,,,,,,,", "Value", "Enter the value, or a note"),
        ("NI 154,E06000052,2020,,,,,5,,,,,sure,", "Quality", "Select a quality"),
        ("NI 154,,2020,,,,,5,,,,,,", "Area code", ""),
    ],
)
def test_a_bad_cell_anywhere_is_named_by_row_and_column(partnership, editor, setting, row, column, message):
    text = f"{CLEAN}{row}\r\n"
    _, validation = checked(get_importer("performance.observations"), partnership, editor, text.encode())
    [problem] = validation.problems
    assert (problem.row, problem.column) == (7, column)
    assert message in problem.message


def test_repeated_keys_are_still_reported_after_the_column_pass(partnership, editor, setting):
    text = f"{CLEAN}ni 154,E06000052,2019/20,Persons,All ages,,,6,,,,,,\r\n"
    _, validation = checked(get_importer("performance.observations"), partnership, editor, text.encode())
    [problem] = validation.problems
    assert problem.row == 7 and problem.message.startswith("Row 2 already has a value")


def test_a_spreadsheet_with_dates_is_checked_row_by_row(partnership, editor, setting):
    import io

    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator code", "Area code", "Period", "Value"])
    sheet.append(["NI 154", "E06000052", dt.datetime(2020, 4, 1), 5])
    sheet.append(["NI 154", "E06000053", "2020", 6.5])
    buffer = io.BytesIO()
    book.save(buffer)
    _, validation = checked(
        get_importer("performance.observations"), partnership, editor, buffer.getvalue(), "xlsx"
    )
    assert validation.ok
    assert not any(isinstance(r.data, ColumnsRow) for r in validation.rows)
    assert [r.data["value"] for r in validation.rows] == [5.0, 6.5]
    assert validation.rows[0].data["period"] == Period.month(2020, 4)
