"""Forms for data entry: one value, and the grid of every indicator a person owns for a period.

The grid is one form per editable row (indicator × area) and one per indicator's commentary,
all bound to the same POST; it is valid only if every one of them is, so one bad cell saves
nothing and every typed value is shown again (ADR 0021).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from joinedup.core.fields import PeriodFormField
from joinedup.core.imports.cells import InvalidCell, number
from joinedup.core.periods import Period
from joinedup.performance import entry_rules
from joinedup.performance.models import Indicator, Observation, QualityStatus
from joinedup.performance.services.entry import (
    EnteredCommentary,
    EnteredValue,
    EntryConflict,
    GridCell,
    GridGroup,
    check_value,
)

NO_CHANGE_HINT = "Leave blank to keep the current value."


def _where(indicator: Indicator, area_name: str) -> str:
    return f"{indicator.code} {indicator.title} in {area_name}"


def _optional_number(form: forms.Form, name: str, label: str) -> float | None:
    text = (form.cleaned_data.get(name) or "").strip()
    if not text:
        return None
    try:
        return number(text)
    except InvalidCell:
        form.add_error(name, f"{label} must be a number, like 1250 or 12.5")
        return None


class CellForm(forms.Form):
    """One row of the grid: a value (or a reason there is none) for an indicator in an area."""

    value = forms.CharField(required=False, max_length=40)
    note = forms.CharField(required=False, max_length=500)
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, cell: GridCell, **kwargs: Any) -> None:
        self.cell = cell
        kwargs.setdefault("prefix", f"c{cell.key}")
        kwargs.setdefault("initial", {"seen": cell.current.pk if cell.current else ""})
        super().__init__(*args, **kwargs)
        where = _where(cell.indicator, cell.area.name)
        self.fields["value"].label = f"Value for {where}"
        self.fields["note"].label = f"Note for {where}"
        self.entered: float | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        where = _where(self.cell.indicator, self.cell.area.name)
        text = (data.get("value") or "").strip()
        if text:
            try:
                self.entered = number(text)
            except InvalidCell:
                self.add_error("value", f"Enter a number for {where}, or leave it blank")
                return data
            problem = check_value(self.cell.indicator, self.entered)
            if problem:
                self.add_error("value", f"The value for {where} {problem}")
        return data

    def full_clean(self) -> None:
        super().full_clean()
        # Tie each error message to its input for screen readers (the grid renders the
        # inputs itself, not through the field template).
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    @property
    def is_blank(self) -> bool:
        """Nothing typed: the row keeps its current value (or stays missing)."""
        return (
            not (self.cleaned_data.get("value") or "").strip()
            and not (self.cleaned_data.get("note") or "").strip()
        )

    def seen_id(self) -> int | None:
        seen = (self.cleaned_data.get("seen") or "").strip()
        return int(seen) if seen.isdigit() else None

    def entered_value(self) -> EnteredValue:
        return EnteredValue(
            indicator_id=self.cell.indicator.pk,
            area_id=self.cell.area.pk,
            value=self.entered,
            note=self.cleaned_data.get("note") or "",
            seen_id=self.seen_id(),
        )


class CommentaryForm(forms.Form):
    happening = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    doing = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    seen_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, group: GridGroup, **kwargs: Any) -> None:
        self.group = group
        commentary = group.commentary
        kwargs.setdefault("prefix", f"k{group.indicator.pk}")
        kwargs.setdefault(
            "initial",
            {
                "happening": commentary.happening if commentary else "",
                "doing": commentary.doing if commentary else "",
                "seen_version": commentary.version if commentary else "",
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["happening"].label = f"What is happening with {group.indicator.code}"
        self.fields["doing"].label = f"What is being done about {group.indicator.code}"

    def entered_commentary(self) -> EnteredCommentary:
        seen = (self.cleaned_data.get("seen_version") or "").strip()
        return EnteredCommentary(
            indicator_id=self.group.indicator.pk,
            happening=self.cleaned_data.get("happening") or "",
            doing=self.cleaned_data.get("doing") or "",
            seen_version=int(seen) if seen.isdigit() else None,
        )


@dataclass
class GridRow:
    cell: GridCell
    form: CellForm | None


@dataclass
class GridSection:
    group: GridGroup
    rows: list[GridRow]
    commentary_form: CommentaryForm | None


class EntryGrid:
    """Every row and commentary form of an owner's grid for one period, valid only together."""

    def __init__(self, groups: list[GridGroup], data: Any = None):
        self.data = data.copy() if data is not None else None
        self.sections = [
            GridSection(
                group=group,
                rows=[
                    GridRow(cell=cell, form=CellForm(self.data, cell=cell) if cell.editable else None)
                    for cell in group.cells
                ],
                commentary_form=CommentaryForm(self.data, group=group) if group.editable else None,
            )
            for group in groups
        ]
        self.conflict_messages: list[str] = []
        self.service_errors: list[str] = []  # the service's refusals, shown in the error summary

    @property
    def editable(self) -> bool:
        return any(section.group.editable for section in self.sections)

    def _forms(self) -> list[forms.Form]:
        found: list[forms.Form] = []
        for section in self.sections:
            found += [row.form for row in section.rows if row.form is not None]
            if section.commentary_form is not None:
                found.append(section.commentary_form)
        return found

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self._forms()])  # every form, so every error shows

    def errors(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in page order."""
        found = []
        for form in self._forms():
            for name in form.fields:
                for message in form.errors.get(name, []):
                    found.append((form[name].id_for_label, str(message)))
        return found

    def values(self) -> list[EnteredValue]:
        return [
            row.form.entered_value()
            for section in self.sections
            for row in section.rows
            if row.form is not None and not row.form.is_blank
        ]

    def commentaries(self) -> list[EnteredCommentary]:
        return [
            s.commentary_form.entered_commentary() for s in self.sections if s.commentary_form is not None
        ]

    def show_conflict(self, conflict: EntryConflict) -> None:
        """Keep everything typed, but carry the values now stored, so saving again replaces
        them knowingly; say which values someone else changed."""
        assert self.data is not None
        for item in conflict.conflicts:
            if item.area is None or not isinstance(item.current, Observation | None):
                key = f"k{item.indicator.pk}-seen_version"
                self.data[key] = str(getattr(item.current, "version", "") or "")
                self.conflict_messages.append(
                    f"The commentary on {item.indicator.code} {item.indicator.title} was changed by "
                    f"{getattr(item.current, 'written_by_label', '') or 'someone else'}."
                )
            else:
                key = f"c{item.indicator.pk}-{item.area.pk}-seen"
                self.data[key] = str(item.current.pk) if item.current is not None else ""
                current = item.current
                shown = (
                    "no value"
                    if current is None or current.value is None
                    else f"{current.value:,.{item.indicator.decimal_places}f}"
                )
                who = (current.entered_by_label if current is not None else "") or "someone else"
                self.conflict_messages.append(
                    f"The value for {_where(item.indicator, item.area.name)} is now {shown}, "
                    f"entered by {who}."
                )


class ValueForm(forms.Form):
    """One value of a local indicator: area, period, the value or the reason there is none,
    optional numerator and denominator, quality, a note, and the period's commentary."""

    area = forms.TypedChoiceField(coerce=int, label="Area")
    period = PeriodFormField(label="Period")
    value = forms.CharField(required=False, max_length=40, label="Value")
    no_value = forms.BooleanField(required=False, label="There is no value for this period")
    no_value_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Why there is no value",
        help_text="For example: not published yet, or too few cases to publish.",
    )
    numerator = forms.CharField(required=False, max_length=40, label="Numerator (optional)")
    denominator = forms.CharField(required=False, max_length=40, label="Denominator (optional)")
    quality = forms.ChoiceField(
        choices=QualityStatus.choices,
        initial=QualityStatus.PROVISIONAL,
        label="Quality",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(required=False, max_length=500, label="Note (optional)")
    happening = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What is happening (optional)"
    )
    doing = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What is being done (optional)"
    )
    read_at = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, indicator: Indicator, areas: list, **kwargs: Any) -> None:
        self.indicator = indicator
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("read_at", timezone.now().isoformat())
        super().__init__(*args, **kwargs)
        area_field: Any = self.fields["area"]
        area_field.choices = [(a.pk, a.name) for a in areas]
        if indicator.numerator_label:
            self.fields["numerator"].help_text = indicator.numerator_label
        if indicator.denominator_label:
            self.fields["denominator"].help_text = indicator.denominator_label
        self.fields[
            "value"
        ].help_text = f"{indicator.get_unit_display()}, to {indicator.decimal_places} decimal places"

    def clean_period(self) -> Period:
        period = self.cleaned_data["period"]
        kind = entry_rules.period_kind(self.indicator.frequency)
        if kind is not None and not entry_rules.matches_frequency(self.indicator.frequency, period):
            raise forms.ValidationError(
                f"{self.indicator.code} is {self.indicator.get_frequency_display().lower()}: enter a period "
                f"like {entry_rules.latest_complete_period(self.indicator.frequency, timezone.localdate())}"
            )
        return period

    def clean_read_at(self) -> dt.datetime:
        try:
            return dt.datetime.fromisoformat(self.cleaned_data["read_at"])
        except ValueError:
            raise forms.ValidationError("The form was damaged: open it again") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("value") or "").strip()
        self.entered: float | None = None
        if data.get("no_value"):
            if text:
                self.add_error("value", "Either enter a value or say there is no value, not both")
            if not (data.get("no_value_reason") or "").strip():
                self.add_error("no_value_reason", "Enter why there is no value")
        elif not text:
            self.add_error("value", "Enter the value, or say there is no value and why")
        else:
            try:
                self.entered = number(text)
            except InvalidCell:
                self.add_error("value", "The value must be a number, like 1250 or 12.5")
            else:
                problem = check_value(self.indicator, self.entered)
                if problem:
                    self.add_error("value", f"The value {problem}")
        self.numerator_value = _optional_number(self, "numerator", "The numerator")
        self.denominator_value = _optional_number(self, "denominator", "The denominator")
        if self.denominator_value == 0:
            self.add_error("denominator", "The denominator cannot be 0")
        return data

    def entered_value(self) -> EnteredValue:
        data = self.cleaned_data
        if data.get("no_value"):
            note = data["no_value_reason"].strip()
            if data.get("note", "").strip():
                note = f"{note}. {data['note'].strip()}"
        else:
            note = (data.get("note") or "").strip()
        return EnteredValue(
            indicator_id=self.indicator.pk,
            area_id=data["area"],
            value=self.entered,
            note=note,
            numerator=self.numerator_value,
            denominator=self.denominator_value,
            quality=data["quality"],
            read_at=data["read_at"],
        )
