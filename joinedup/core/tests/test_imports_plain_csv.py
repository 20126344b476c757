"""A CSV file without quotes is split in C (`readers._plain_records`, bench/README.md): it
must read exactly as the csv module reads it, blank rows, short rows and numbering included."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.core.imports import readers

CELL = st.text(alphabet="ab1 ;\t.-", max_size=4)
LINE_END = st.sampled_from(["\r\n", "\n"])


@st.composite
def quote_free_files(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    lines = draw(st.lists(st.lists(CELL, min_size=0, max_size=5), min_size=1, max_size=8))
    ends = draw(st.lists(LINE_END, min_size=len(lines), max_size=len(lines)))
    text = "".join(delimiter.join(cells) + end for cells, end in zip(lines, ends, strict=True))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line break after the last row
    return text, delimiter


def _by_csv_module(text: str, delimiter: str) -> readers.Table:
    # As the reader read every file before: csv.reader, then `_table` a row at a time.
    records = list(csv.reader(io.StringIO(text, newline=""), dialect="excel", delimiter=delimiter))
    return readers._table(iter(enumerate(records, start=1)), encoding="utf-8", kind="csv")


@given(quote_free_files())
@settings(max_examples=200, deadline=None)
def test_a_quote_free_file_reads_as_the_csv_module_reads_it(sample):
    text, delimiter = sample
    plain = readers._plain_records(text, delimiter)
    assert plain is not None
    try:
        expected = _by_csv_module(text, delimiter)
    except readers.ReadError as exc:
        expected_error = exc.message
        try:
            readers._csv_table(plain, encoding="utf-8")
        except readers.ReadError as mine:
            assert mine.message == expected_error
        else:
            raise AssertionError("the quote-free split read a file the csv module finds empty") from None
        return
    table = readers._csv_table(plain, encoding="utf-8")
    assert (table.headings, table.rows) == (expected.headings, expected.rows)


def test_files_with_quotes_or_a_lone_carriage_return_go_to_the_csv_module():
    assert readers._plain_records('a,b\r\n"1,2",3\r\n', ",") is None
    assert readers._plain_records("a,b\r1,2\r", ",") is None


def test_a_quoted_line_break_is_still_one_cell():
    table = readers.read_csv(b'Name,Note\r\n"Campylobacter\nrate",x\r\n')
    assert table.rows == [(2, ["Campylobacter\nrate", "x"])]


# --- read a column at a time (`readers._plain_columns`, `ColumnTable`) -------------------------


@st.composite
def rectangular_files(draw):
    """Quote-free files whose lines are mostly as wide as the header: the column reader's case,
    with now and then a ragged, blank or all-blank line that it must leave to the row reader."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    width = draw(st.integers(min_value=1, max_value=5))
    row = st.lists(CELL, min_size=width, max_size=width)
    odd = st.lists(CELL, min_size=0, max_size=6)
    lines = draw(st.lists(st.one_of(row, row, row, odd), min_size=1, max_size=8))
    ends = draw(st.lists(LINE_END, min_size=len(lines), max_size=len(lines)))
    text = "".join(delimiter.join(cells) + end for cells, end in zip(lines, ends, strict=True))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text, delimiter


@given(rectangular_files())
@settings(max_examples=300, deadline=None)
def test_a_file_read_a_column_at_a_time_has_the_rows_the_csv_module_gives(sample):
    text, delimiter = sample
    table = readers._plain_columns(text, delimiter, "utf-8")
    if table is None:
        return  # left to the row reader (the test above)
    expected = _by_csv_module(text, delimiter)
    assert table.headings == expected.headings
    assert table.row_count == len(expected.rows)
    assert table.head(3) == expected.rows[:3]
    columns = table.cell_columns()
    assert columns is not None
    assert [list(c) for c in zip(*columns, strict=True)] == [cells for _, cells in expected.rows]
    assert table.rows == expected.rows  # built from the columns when read
    assert table.cell_columns() is None  # and then the rows are the truth


def test_the_column_reader_leaves_blank_ragged_and_quoted_files_to_the_row_reader():
    assert readers._plain_columns("a,b\n1,2\n,\n3,4\n", ",", "utf-8") is None  # a blank row
    assert readers._plain_columns("a,b\n1,2,3\n4\n", ",", "utf-8") is None  # as many cells, ragged
    assert readers._plain_columns('a,b\n"1",2\n', ",", "utf-8") is None
    assert readers._plain_columns("\na,b\n1,2\n", ",", "utf-8") is None  # a blank line first
    table = readers._plain_columns("a,b,\r\n1,2,\r\n3,4,x\r\n", ",", "utf-8")
    assert table is not None and table.headings == ["a", "b"]
    assert table.rows == [(2, ["1", "2", ""]), (3, ["3", "4", "x"])]


def test_read_csv_reads_a_plain_rectangular_file_a_column_at_a_time():
    table = readers.read_csv(b"Code,Value\r\nA,1\r\nB,2\r\n")
    assert isinstance(table, readers.ColumnTable)
    assert table.cell_columns() == [["A", "B"], ["1", "2"]]
    assert table.rows == [(2, ["A", "1"]), (3, ["B", "2"])]
