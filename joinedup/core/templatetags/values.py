"""Filters that show money and periods the one way the service writes them.

{% load values %}
{{ budget.amount|money }}            £1,234.50
{{ budget.amount|money:"compact" }}  £1.2k
{{ budget.amount|money:"pounds" }}   £1,235
{{ observation.period|period }}      2020/21
{{ observation.period|period:"short" }}  Q1 2020 (chart-axis form)
"""

from __future__ import annotations

from typing import Any

from django import template

from joinedup.core.money import format_money, format_money_compact, to_money
from joinedup.core.periods import Period, PeriodParseError, parse

register = template.Library()


@register.filter
def money(value: Any, style: str = "") -> str:
    """Format pounds and pence; empty for None, and anything unreadable shown as it is."""
    if value is None or value == "":
        return ""
    try:
        amount = to_money(value)
    except (TypeError, ValueError, ArithmeticError):
        return str(value)
    if style == "compact":
        return format_money_compact(amount)
    if style == "pounds":
        return format_money(amount, pence=False)
    return format_money(amount)


@register.filter
def period(value: Any, style: str = "") -> str:
    """A period's label (or `short_label` with "short", `code` with "code")."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Period):
        try:
            value = parse(str(value))
        except PeriodParseError:
            return str(value)
    if style == "short":
        return value.short_label
    if style == "code":
        return value.code
    return value.label
