"""The design system's form rendering, done once for every form in every room.

Forms render with GOV.UK Frontend markup and error wording; forms in rooms only
declare fields. `ErrorSummaryMixin` gives the error summary its links.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def widget_kind(widget: forms.Widget) -> str:
    """Which GOV.UK component renders a widget (used by the field template)."""
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    # CheckboxSelectMultiple subclasses RadioSelect, so it must be asked about first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"
