"""Show an indicator's values the one way: with its decimal places and thousands separators.

{% load indicator_values %}
{{ observation.value|figure:indicator.decimal_places }}   1,234.5
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def figure(value: Any, places: Any = 1) -> str:
    """A value with `places` decimal places; empty for None."""
    if value is None or value == "":
        return ""
    try:
        digits = max(0, min(int(places), 6))
        return f"{float(value):,.{digits}f}"
    except (TypeError, ValueError):
        return str(value)
