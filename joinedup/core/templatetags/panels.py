from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from joinedup.core.panels import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, **kwargs):
    """Render every panel registered for a slot, passing the page's objects."""
    request = context.get("request")
    parts = []
    for panel, ctx in registry.render_data(slot, request=request, **kwargs):
        parts.append(render_to_string(panel.template, {**context.flatten(), **ctx}, request=None))
    return mark_safe("\n".join(parts))  # noqa: S308 - panel templates are autoescaped
