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
