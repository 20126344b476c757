"""Money: pounds and pence as `Decimal`, never floats.

Amounts are plain `Decimal` values quantised to the penny with ROUND_HALF_UP (the
rounding people do by hand and spreadsheets show), so they pass straight into
`DecimalField`s and sums stay exact. The model and form fields are in
`joinedup.core.fields`. See docs/adr/0002-periods-and-money.md.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
# MoneyField holds 14 digits, 2 of them pence.
MAX_DIGITS = 14
DECIMAL_PLACES = 2
LIMIT = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)

INPUT_HINT = "Enter an amount in pounds and pence, like £1,250.00"


class MoneyParseError(ValueError):
    """Raised when text is not an amount of money; the message is fit to show a user."""


def to_money(value: Decimal | int | str) -> Decimal:
    """Quantise a Decimal, int or numeric string to pounds and pence.

    Floats are refused: 0.1 + 0.2 is not 0.30 in binary floating point, and a float that
    reaches here has usually lost pence already.
    """
    if isinstance(value, (bool, float)):
        raise TypeError(
            f"Money must be a Decimal, int or string, not {type(value).__name__}: "
            "floats cannot hold pence exactly"
        )
    if isinstance(value, str):
        return parse_money(value)
    if isinstance(value, int):
        value = Decimal(value)
    if not isinstance(value, Decimal):
        raise TypeError(f"Money must be a Decimal, int or string, not {type(value).__name__}")
    if not value.is_finite():
        raise ValueError("Money must be a finite amount")
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


_AMOUNT = re.compile(
    r"""
    (?P<number>
        \d{1,3}(?:,\d{3})+(?:\.\d*)?   # 1,234 or 1,234.50
      | \d+(?:\.\d*)?                  # 1234 or 1234.5
      | \.\d+                          # .50
    )
    """,
    re.VERBOSE,
)


def parse_money(text: str) -> Decimal:
    """Read an amount as people type it: "£1,234.50", "1234.5", "-£20", "£-20", "(20.00)".

    Brackets mean a negative amount, as in accounts. Raises `MoneyParseError` with the
    GOV.UK-style message `INPUT_HINT` when the text is not an amount.
    """
    if not isinstance(text, str):
        raise TypeError(f"Expected text for an amount of money, not {type(text).__name__}")
    s = re.sub(r"\s+", "", text).replace("\u2212", "-")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    for _ in range(2):  # the sign and the pound sign may come in either order
        if s.startswith("-") and not negative:
            negative, s = True, s[1:]
        elif s.startswith("+"):
            s = s[1:]
        if s.startswith("£"):
            s = s[1:]
    if not _AMOUNT.fullmatch(s):
        raise MoneyParseError(INPUT_HINT)
    try:
        amount = Decimal(s.replace(",", ""))
    except InvalidOperation:
        raise MoneyParseError(INPUT_HINT) from None
    amount = to_money(-amount if negative else amount)
    if abs(amount) >= LIMIT:
        raise MoneyParseError(f"Enter an amount less than £{LIMIT:,}")
    return amount


def format_money(value: Decimal | int | str, *, pence: bool = True) -> str:
    """£1,234.50; negative amounts as -£20.00. `pence=False` rounds to whole pounds."""
    amount = to_money(value)
    if not pence:
        amount = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return f"{'-' if amount < 0 else ''}£{abs(amount):,}"
    return f"{'-' if amount < 0 else ''}£{abs(amount):,.2f}"


_UNITS = ((Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"), (Decimal(10) ** 3, "k"))


def format_money_compact(value: Decimal | int | str) -> str:
    """A short form for headlines and chart axes: £950, £12.5k, £1.2m, £3bn."""
    amount = to_money(value)
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    for index, (unit, suffix) in enumerate(_UNITS):
        if size >= unit:
            scaled = size / unit
            places = Decimal("0.1") if scaled < 100 else Decimal(1)
            rounded = scaled.quantize(places, rounding=ROUND_HALF_UP)
            if rounded >= 1000 and index > 0:  # 999,950 rounds to 1000k: say £1m
                bigger, bigger_suffix = _UNITS[index - 1]
                rounded = (size / bigger).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                suffix = bigger_suffix
            text = f"{rounded:f}".removesuffix(".0")
            return f"{sign}£{text}{suffix}"
    whole = size.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole >= 1000:  # 999.50 rounds up to a thousand
        return f"{sign}£1k"
    return f"{sign}£{whole}"
