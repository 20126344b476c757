"""Show an indicator's values the one way: with its decimal places and thousands separators.

{% load indicator_values %}
{{ observation.value|figure:indicator.decimal_places }}   1,234.5
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def figure(value: Any, places: Any = 1) -> str:
    """A value with `places` decimal places, halves rounded up as published statistics are
    (95.25 shows as 95.3, not the float's 95.2); empty for None."""
    if value is None or value == "":
        return ""
    try:
        digits = max(0, min(int(places), 6))
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        return f"{rounded:,.{digits}f}"
    except (TypeError, ValueError, InvalidOperation):
        return str(value)
