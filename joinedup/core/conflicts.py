"""Edit conflicts: optimistic locking for every edit form.

A form carries the version it was read at (`VersionedForm`). The service saves with
`save_versioned`, which updates the row only if nobody else saved in between; if
someone did, `EditConflict` carries both versions so the page can show them side by
side and nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.db.models import F


class EditConflict(Exception):
    """Someone else saved this record after the editor opened it."""

    def __init__(self, *, current: models.Model, attempted: dict[str, Any]):
        super().__init__("This record was changed by someone else while you were editing it.")
        self.current = current
        self.attempted = attempted


@dataclass(frozen=True)
class ConflictRow:
    label: str
    theirs: Any
    yours: Any

    @property
    def differs(self) -> bool:
        return self.theirs != self.yours


def save_versioned(
    instance: models.Model, *, expected_version: int, fields: Iterable[str], counter: str = "version"
) -> None:
    """Save `fields` of an existing instance if its stored version is still `expected_version`.

    Raises EditConflict (with the stored record) when it is not. Call inside the
    service's transaction, after full_clean(). `counter` names the model's version counter:
    `version` for `Versioned` models; a model whose `version` is something else (a framework
    element belongs to a framework version) keeps its counter under another name.
    """
    names = list(fields)
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        if field.many_to_many or not isinstance(field, models.Field):
            continue
        values[field.attname] = getattr(instance, field.attname)
    model = type(instance)
    updated = model._base_manager.filter(pk=instance.pk, **{counter: expected_version}).update(
        **values, **{counter: F(counter) + 1}
    )
    if updated != 1:
        current = model._base_manager.get(pk=instance.pk)
        raise EditConflict(current=current, attempted={n: getattr(instance, n) for n in names})
    setattr(instance, counter, expected_version + 1)


class VersionedForm(forms.ModelForm):
    """A ModelForm that round-trips the record's version in a hidden field."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=True)
    # The model field holding the counter (see save_versioned); the form field is always "version".
    counter = "version"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = getattr(self.instance, self.counter)

    @property
    def expected_version(self) -> int:
        return int(self.cleaned_data["version"])

    def conflict_rows(self, conflict: EditConflict) -> list[ConflictRow]:
        """Field-by-field: what is saved now, and what this editor tried to save."""
        rows = []
        for name, field in self.fields.items():
            if name == "version" or name not in conflict.attempted:
                continue
            stored = getattr(conflict.current, name, None)
            # Lists (multiple choices kept in a JSON field) read through the form's choices on
            # both sides, so equal selections compare equal.
            theirs = (
                _display_value(field, stored)
                if isinstance(stored, list)
                else _display(conflict.current, name)
            )
            yours = _display_value(field, self.cleaned_data.get(name))
            rows.append(ConflictRow(label=str(field.label or name), theirs=theirs, yours=yours))
        return rows

    def rebase_on(self, conflict: EditConflict) -> None:
        """Keep what the editor typed, but adopt the stored version so a deliberate
        second save overwrites knowingly."""
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict, not any Mapping
        data[self.add_prefix("version")] = str(getattr(conflict.current, self.counter))
        self.data = data


def _display(instance: models.Model, name: str) -> Any:
    getter = getattr(instance, f"get_{name}_display", None)
    if callable(getter):
        return getter()
    value = getattr(instance, name)
    if hasattr(value, "all"):
        return ", ".join(str(v) for v in value.all())
    return "" if value is None else value


def _display_value(field: forms.Field, value: Any) -> Any:
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if value in choices:
        return choices[value]
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ", ".join(str(v) for v in value)
    return "" if value is None else value
