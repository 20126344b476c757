"""Filters for the governance insight page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def share(value: float | None) -> str:
    """0.756 -> "76%"; None (nothing to divide by) -> "No data"."""
    if value is None:
        return "No data"
    return f"{round(value * 100)}%"
