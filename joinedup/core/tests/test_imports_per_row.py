"""The per-row fast paths of the reader and `validate_table` (bench-demo) behave as the
plain ones: text cells stripped, spreadsheet values kept, short rows padded, blank rows
(including rows of spaces) left out, errors named by row and column."""

import datetime as dt

from joinedup.core import imports
from joinedup.core.imports.pipeline import validate_table
from joinedup.core.imports.readers import Table, _table, read_csv


class EchoImporter(imports.Importer):
    name = "core.test_echo"
    title = "Echo"
    columns = (
        imports.Column("name", "Name", required=True),
        imports.Column("when", "When"),
        imports.Column("size", "Size"),
    )

    def validate_row(self, row, context):
        return dict(row.values)

    def write(self, rows, context):  # pragma: no cover - never confirmed here
        raise AssertionError


def _validate(headings, rows):
    return validate_table(EchoImporter(), Table(headings=headings, rows=rows), imports.ImportContext(None))


def test_text_cells_are_stripped_and_spreadsheet_dates_are_kept_as_dates():
    day = dt.date(2025, 3, 31)
    result = _validate(["Name", "When", "Size"], [(2, ["  Parks ", day, " 12"]), (3, [" Roads", "", "7 "])])
    assert result.ok
    assert [r.data for r in result.rows] == [
        {"name": "Parks", "when": day, "size": "12"},
        {"name": "Roads", "when": "", "size": "7"},
    ]
    assert result.preview["rows"][0] == [2, ["Parks", "2025-03-31", "12"]]


def test_a_row_shorter_than_the_headings_reads_its_missing_cells_as_blank():
    result = _validate(["Size", "Ignored", "Name"], [(2, ["3"]), (3, ["4", "x", "Roads"])])
    assert [str(p) for p in result.problems] == ["Row 2, column 'Name': Enter the name"]
    assert [r.data for r in result.rows] == [{"size": "4", "name": "Roads"}]
    assert result.ignored_columns == ["Ignored"]


def test_a_single_matched_column_is_read_as_one_cell_not_as_its_characters():
    class OneColumn(EchoImporter):
        columns = (imports.Column("name", "Name", required=True),)

    table = Table(headings=["Name"], rows=[(2, ["Parks"])])
    result = validate_table(OneColumn(), table, imports.ImportContext(None))
    assert [r.data for r in result.rows] == [{"name": "Parks"}]


def test_rows_of_blanks_and_spaces_are_left_out_and_rows_with_a_date_are_kept():
    table = read_csv(b"Name,Size\r\nParks,1\r\n , \r\n,\r\nRoads,2\r\n")
    assert table.rows == [(2, ["Parks", "1"]), (5, ["Roads", "2"])]
    day = dt.date(2025, 1, 1)
    sheet = _table(iter([(1, ["Name", "When"]), (2, ["", day]), (3, ["", ""])]), encoding="", kind="xlsx")
    assert sheet.rows == [(2, ["", day])]


def test_a_file_matching_no_optional_column_gives_rows_with_no_values():
    class Optional(EchoImporter):
        columns = (imports.Column("size", "Size"),)

    table = Table(headings=["Other"], rows=[(2, ["x"])])
    result = validate_table(Optional(), table, imports.ImportContext(None))
    assert [r.data for r in result.rows] == [{}]
    assert result.ignored_columns == ["Other"]
