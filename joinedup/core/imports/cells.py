"""Parsers for single cells, with GOV.UK error wording. Each takes the cell's value (text,
or a date from an XLSX cell) and returns the parsed value or raises InvalidCell.

Importers use them through `ImportRow.parse(key, parser, ...)`, which records the error
against the row and column instead of raising.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator


class InvalidCell(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _norm(value: str) -> str:
    return " ".join(value.split()).casefold()


def text(value: Any, *, max_length: int | None = None) -> str:
    result = " ".join(str(value).split()) if not isinstance(value, str) else value.strip()
    if max_length is not None and len(result) > max_length:
        raise InvalidCell(f"Must be {max_length} characters or fewer")
    return result


def choice(value: Any, choices: Iterable[tuple[str, str]], *, noun: str) -> str:
    """A value from Django choices, given by its label or its code, ignoring case and spacing.

    `noun` names what is chosen ("a sector"): the error lists the labels users can type.
    """
    options = [(code, str(label)) for code, label in choices if code != ""]
    wanted = _norm(str(value))
    for code, label in options:
        short = re.sub(r"\s*\(.*\)$", "", label)
        if wanted in {_norm(code), _norm(label), _norm(short), _norm(code.replace("_", " "))}:
            return code
    listed = ", ".join(label for _, label in options)
    raise InvalidCell(f"Select {noun} from: {listed}")


_NUMBER_NOISE = str.maketrans(
    {",": None, "\u00a0": None, "\u202f": None, " ": None, "£": None, "\u2212": "-"}
)


def number(value: Any) -> float:
    """A number as people write or type it: "1,234.5", " 12 ", "12%", "£1,250", "−3" (a
    minus sign), "1 234" with (non-breaking) spaces between thousands, or a number from an
    XLSX cell. Refuses blanks, words, "NaN", "inf" and digit-group underscores ("1_000").

    Plain numbers take the fast path (one float() call): importers call this for every cell.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        result = float(value)
    else:
        raw = str(value)
        try:
            if "_" in raw:
                raise ValueError(raw)
            result = float(raw)
        except ValueError:
            cleaned = raw.strip().translate(_NUMBER_NOISE)
            if cleaned.endswith("%"):
                cleaned = cleaned[:-1]
            if "_" in cleaned or not cleaned:
                raise InvalidCell("Enter a number, like 1,234.5") from None
            try:
                result = float(cleaned)
            except ValueError:
                raise InvalidCell("Enter a number, like 1,234.5") from None
    if not math.isfinite(result):
        raise InvalidCell("Enter a number, like 1,234.5")
    return result


_TRUE = {"yes", "y", "true", "t", "1", "deputy"}
_FALSE = {"no", "n", "false", "f", "0", ""}


def yes_no(value: Any) -> bool:
    wanted = _norm(str(value))
    if wanted in _TRUE:
        return True
    if wanted in _FALSE:
        return False
    raise InvalidCell("Enter yes or no")


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%d/%m/%y")


def date(value: Any) -> dt.date:
    """A date as UK users write it (31/03/2024, 31 March 2024, 2024-03-31) or an XLSX date.

    Never month-first: 04/05/2024 is 4 May.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = " ".join(str(value).split())
    # "2024-03-31 00:00:00" from a spreadsheet saved as text
    raw = re.sub(r"[ T]00:00(:00)?$", "", raw)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise InvalidCell("Enter a real date, like 31/03/2024")


def email(value: Any) -> str:
    result = str(value).strip()
    try:
        EmailValidator()(result)
    except ValidationError as exc:
        raise InvalidCell("Enter an email address in the correct format, like name@example.org") from exc
    return result.lower()


def website(value: Any) -> str:
    result = str(value).strip()
    if result and not re.match(r"^[a-z][a-z0-9+.-]*://", result, re.IGNORECASE):
        result = "https://" + result
    try:
        URLValidator(schemes=["http", "https"])(result)
    except ValidationError as exc:
        raise InvalidCell(
            "Enter a website address in the correct format, like https://www.example.org"
        ) from exc
    return result
