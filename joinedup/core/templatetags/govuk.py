from __future__ import annotations

from django import template

from joinedup.core.forms import widget_kind

register = template.Library()


@register.filter
def govuk_widget(bound_field) -> str:
    return widget_kind(bound_field.field.widget)


@register.filter
def add_class(bound_field, css: str):
    """Render a bound field's widget with extra CSS classes (error styling)."""
    attrs = dict(bound_field.field.widget.attrs)
    attrs["class"] = (attrs.get("class", "") + " " + css).strip()
    if bound_field.help_text or bound_field.errors:
        described = []
        if bound_field.help_text:
            described.append(f"{bound_field.auto_id}-hint")
        if bound_field.errors:
            described.append(f"{bound_field.auto_id}-error")
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)
