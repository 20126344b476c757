"""Numbers on the targets and commentary pages, with the indicator's decimal places.

{% load performance_targets %}
{{ target.value|places:indicator.decimal_places }}   12,345.7
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def places(value: Any, decimal_places: Any = 1) -> str:
    """A number with thousands separators and `decimal_places` places; "" for None."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
        digits = max(0, int(decimal_places))
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,.{digits}f}"
