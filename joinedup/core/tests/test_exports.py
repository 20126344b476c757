import csv
import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.exports import (
    FORMULA_TRIGGERS,
    Column,
    Sheet,
    export_response,
    neutralise,
    safe_filename,
    write_csv,
    write_workbook,
    write_xlsx,
)
from joinedup.core.periods import Period

COLUMNS = [
    Column("Partner"),
    Column("Members", "integer"),
    Column("Rate per 100,000", "decimal", places=2),
    Column("Contribution", "money"),
    Column("Share", "percent"),
    Column("Agreed on", "date"),
    Column("Period", "period"),
]
ROWS = [
    [
        "Oxford City Council",
        12,
        Decimal("94.73"),
        Decimal("1250.5"),
        Decimal("12.5"),
        dt.date(2020, 4, 1),
        Period.financial_year(2020),
    ],
    [
        '=HYPERLINK("http://evil.example","Click")',
        3,
        7.25,
        "-20",
        50,
        dt.date(2021, 3, 31),
        "2018 - 20",
    ],
    ["+44 1865 000000", None, None, None, None, None, None],
    ["-1+1", 0, 0, 0, 0, dt.date(2020, 1, 1), "Q1 2020/21"],
    ["@SUM(A1:A2)", 1, 1, 1, 1, dt.date(2020, 1, 1), "2020"],
    ["\tTabbed", 1, 1, 1, 1, dt.date(2020, 1, 1), "2020"],
    ["\rReturn", 1, 1, 1, 1, dt.date(2020, 1, 1), "2020"],
]


def read_xlsx(data):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_cells_are_typed():
    sheet = read_xlsx(write_xlsx(COLUMNS, ROWS))
    row = [cell for cell in sheet[2]]
    # openpyxl reads numbers back as int or float.
    assert [c.value for c in row[:5]] == ["Oxford City Council", 12, 94.73, 1250.5, 0.125]
    assert [c.data_type for c in row] == ["s", "n", "n", "n", "n", "d", "s"]
    assert row[1].number_format == "#,##0"
    assert row[2].number_format == "#,##0.00"
    assert "£" in row[3].number_format
    assert row[4].number_format == "0.0%"
    assert row[5].value == dt.datetime(2020, 4, 1)
    assert row[5].is_date
    assert row[6].value == "2020/21"
    assert sheet.cell(row=3, column=7).value == "2018 to 2020"


def test_xlsx_has_no_formula_cells_however_the_text_starts():
    sheet = read_xlsx(write_xlsx(COLUMNS, ROWS))
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    names = [sheet.cell(row=r, column=1) for r in range(3, 8)]
    assert [c.value for c in names] == [ROWS[r][0] for r in range(1, 6)]
    assert all(c.data_type == "s" and c.quotePrefix for c in names)


def test_xlsx_header_is_bold_frozen_and_columns_are_wide_enough():
    sheet = read_xlsx(write_xlsx(COLUMNS, ROWS, sheet_title="Contributions: 2020/21"))
    assert [c.value for c in sheet[1]] == [c.heading for c in COLUMNS]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "Contributions  2020 21"
    width = sheet.column_dimensions["A"].width
    assert len("Oxford City Council") <= width <= 60
    assert sheet.column_dimensions["B"].width >= len("Members")


def test_negative_numbers_stay_numbers():
    sheet = read_xlsx(write_xlsx([Column("Change", "decimal")], [[Decimal("-5.5")]]))
    assert sheet["A2"].data_type == "n"
    assert sheet["A2"].value == pytest.approx(-5.5)


def test_xlsx_writes_aware_datetimes_in_uk_time():
    summer = dt.datetime(2020, 7, 1, 9, 30, tzinfo=dt.UTC)
    sheet = read_xlsx(write_xlsx([Column("Sent", "date")], [[summer]]))
    assert sheet["A2"].value == dt.datetime(2020, 7, 1, 10, 30)
    assert sheet["A2"].value.replace(tzinfo=zoneinfo.ZoneInfo("Europe/London")) == summer


def read_csv(data):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def test_csv_is_utf8_with_bom_and_plain_values():
    rows = read_csv(write_csv(COLUMNS, ROWS))
    assert rows[0] == [c.heading for c in COLUMNS]
    assert rows[1] == [
        "Oxford City Council",
        "12",
        "94.73",
        "1250.50",
        "12.5",
        "2020-04-01",
        "2020/21",
    ]
    assert rows[2][3] == "-20.00"
    assert rows[3] == ["'+44 1865 000000", "", "", "", "", "", ""]


def test_csv_neutralises_every_formula_trigger():
    rows = read_csv(write_csv(COLUMNS, ROWS))
    firsts = [row[0] for row in rows[2:]]
    assert firsts == ["'" + ROWS[r][0] for r in range(1, 7)]


@given(st.text())
def test_neutralised_text_never_starts_with_a_trigger(text):
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_TRIGGERS)
    assert safe.removeprefix("'") == text or safe == text


def test_rows_may_be_mappings_read_by_key_or_heading():
    columns = [Column("Name"), Column("Amount", "money", key="amount")]
    rows = read_csv(write_csv(columns, [{"Name": "Fire", "amount": Decimal("5")}]))
    assert rows[1] == ["Fire", "5.00"]


def test_money_columns_refuse_floats():
    with pytest.raises(TypeError):
        write_csv([Column("Amount", "money")], [[0.1]])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Contributions 2020/21", "Contributions-2020-21.xlsx"),
        ('../../etc/passwd"; evil', "etc-passwd-evil.xlsx"),
        ("Café report.xlsx", "Cafe-report.xlsx"),
        ("", "export.xlsx"),
        ("\r\nX-Header: 1", "X-Header-1.xlsx"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name, "xlsx") == expected


def test_export_response_is_an_attachment_with_a_safe_name():
    response = export_response(COLUMNS, ROWS, filename="Board pack / 2020", format="xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="Board-pack-2020.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert read_xlsx(response.content)["A2"].value == "Oxford City Council"
    response = export_response(COLUMNS, ROWS, filename="board", format="csv")
    assert response["Content-Disposition"] == 'attachment; filename="board.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    with pytest.raises(ValueError, match="Unknown export format"):
        export_response(COLUMNS, ROWS, filename="x", format="pdf")  # type: ignore[arg-type]


def test_large_exports_stream_rows_past_the_width_sample():
    rows = ([f"Row {i}", i] for i in range(1200))
    sheet = read_xlsx(write_xlsx([Column("Name"), Column("N", "integer")], rows))
    assert sheet.max_row == 1201
    assert sheet["B1201"].value == 1199


def test_a_workbook_has_several_sheets_and_drop_down_lists_from_choices():
    data = write_workbook(
        [
            Sheet(
                "People",
                [
                    Column("Name"),
                    Column("Sector", choices=("Police", "=Health"), blank_allowed=False),
                    Column("Role", choices=("Chair", "Member")),
                ],
                [["=cmd", "Police", "Chair"]],
            ),
            Sheet("About", [Column("Column")], [["Sector"]]),
        ]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["People", "About", "Lists"]
    validations = {str(v.sqref): v for v in workbook["People"].data_validations.dataValidation}
    assert set(validations) == {"B2:B5001", "C2:C5001"}
    sector, role = validations["B2:B5001"], validations["C2:C5001"]
    assert (sector.type, sector.formula1, sector.allow_blank) == ("list", "=Lists!$A$2:$A$3", False)
    assert (role.formula1, role.allow_blank) == ("=Lists!$B$2:$B$3", True)
    lists = [[c.value for c in row] for row in workbook["Lists"].iter_rows()]
    assert lists == [["Sector", "Role"], ["Police", "Chair"], ["=Health", "Member"]]
    text_cells = [
        cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value
    ]
    assert all(cell.data_type == "s" for cell in text_cells)
    assert workbook["Lists"]["A3"].quotePrefix and workbook["People"]["A2"].quotePrefix
