"""The one number parser (`cells.number`), used by importers and by the data entry forms."""

import pytest

from joinedup.core.imports.cells import InvalidCell, number


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("12", 12.0),
        (" 12 ", 12.0),
        ("-3", -3.0),
        ("12.5", 12.5),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("£1,250", 1250.0),
        ("£ 12.50", 12.5),
        ("12%", 12.0),
        ("12.5 %", 12.5),
        ("1\u00a0234", 1234.0),
        ("1\u202f234", 1234.0),
        ("1 234", 1234.0),
        ("\u22123", -3.0),
        ("1e3", 1000.0),
        (7, 7.0),
        (7.25, 7.25),
    ],
)
def test_number_accepts_numbers_as_people_write_them(written, expected):
    assert number(written) == expected


@pytest.mark.parametrize(
    "written",
    ["", "   ", "twelve", "12 apples", "£", "%", "1_000", "nan", "NaN", "inf", "-inf", "1.2.3", True, None],
)
def test_number_refuses_what_is_not_a_finite_number_with_govuk_wording(written):
    with pytest.raises(InvalidCell) as refused:
        number(written)
    assert refused.value.message == "Enter a number, like 1,234.5"


def test_number_refuses_infinite_floats_from_a_spreadsheet():
    with pytest.raises(InvalidCell):
        number(float("inf"))
