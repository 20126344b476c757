"""The design system's form rendering, done once for every form in every room.

Forms render with GOV.UK Frontend markup and error wording; forms in rooms only
declare fields. Views hand a bound form and its service call to `submit`, which puts the
service's errors and edit conflicts on the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates

from joinedup.core.conflicts import ConflictRow, EditConflict, VersionedForm


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


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form that called it: errors about a field the
    form has go beside that field, the rest at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@dataclass
class Submission:
    """What came of submitting a form to a service (see `submit`)."""

    succeeded: bool = False
    result: Any = None
    conflict_rows: list[ConflictRow] | None = None

    @property
    def status(self) -> int:
        """The status to re-show the form with: 409 after an edit conflict."""
        return 409 if self.conflict_rows else 200


def submit(form: forms.BaseForm, save: Callable[[], Any]) -> Submission:
    """Run `save` (the service call) if the bound form is valid.

    The service's ValidationError lands on the form; an edit conflict keeps what the
    editor typed, adopts the stored version (so a second save overwrites knowingly) and
    returns both versions as `conflict_rows`. Unbound or invalid forms do not call `save`.
    """
    if not form.is_bound or not form.is_valid():
        return Submission()
    try:
        result = save()
    except EditConflict as conflict:
        versioned = cast(VersionedForm, form)
        rows = versioned.conflict_rows(conflict)
        versioned.rebase_on(conflict)
        return Submission(conflict_rows=rows)
    except ValidationError as error:
        add_service_errors(form, error)
        return Submission()
    return Submission(succeeded=True, result=result)
