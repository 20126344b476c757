"""Model and form fields for periods and money (the pure types are in `periods` and `money`).

`PeriodField` stores a period's canonical code and keeps two companion date columns,
`<name>_start` and `<name>_end`, so querysets order and filter by date on SQLite and
PostgreSQL alike: `.order_by(*chronological("period"))`. See
docs/adr/0002-periods-and-money.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import OrderBy
from django.db.models.query_utils import DeferredAttribute

from joinedup.core.money import (
    DECIMAL_PLACES,
    INPUT_HINT,
    MAX_DIGITS,
    MoneyParseError,
    parse_money,
    to_money,
)
from joinedup.core.periods import ACCEPTED_FORMS, Period, PeriodParseError, parse

PERIOD_HINT = "For example, 2020/21, Q1 2020/21, Jan 2020 or 2018 to 2020"


# Periods -------------------------------------------------------------------------------


class PeriodFormField(forms.CharField):
    """A text box that reads any written form of a period (see `periods.parse`)."""

    default_error_messages = {
        "required": "Enter a period",
        "invalid": (f"Enter a period, like 2020/21, Q1 2020/21 or Jan 2020. You can write {ACCEPTED_FORMS}"),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs["help_text"] = kwargs.get("help_text") or PERIOD_HINT
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        # Existing periods show as their label, which reads back to the same period;
        # what the user typed (a string) is shown back unchanged.
        return value.label if isinstance(value, Period) else value

    def run_validators(self, value: Any) -> None:
        # Length and other text validators apply to the code that will be stored.
        super().run_validators(value.code if isinstance(value, Period) else value)

    def to_python(self, value: Any) -> Period | None:  # type: ignore[override]
        if isinstance(value, Period):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse(text)
        except PeriodParseError as error:
            raise ValidationError(str(error), code="invalid") from None


class PeriodDescriptor(DeferredAttribute):
    """Turns text assigned to a PeriodField into a Period where it parses."""

    field: PeriodField

    def __set__(self, instance: models.Model, value: Any) -> None:
        period = self.field.coerce(value)
        instance.__dict__[self.field.attname] = period if period is not None else value


class PeriodBoundDescriptor(DeferredAttribute):
    """Reads a companion date from the period itself whenever the period is loaded.

    So `obj.period_start` is right straight after `obj.period = ...`, and `save()`,
    `bulk_create()` and `bulk_update()` (which read the attribute) write the right date.
    """

    field: PeriodBoundField

    def __get__(self, instance: models.Model | None, cls: Any = None) -> Any:
        if instance is None:
            return self
        period = instance.__dict__.get(self.field.period_name)
        if isinstance(period, Period):
            return period.start if self.field.bound == "start" else period.end
        if self.field.period_name in instance.__dict__:
            return None  # an empty or not-yet-valid period has no dates
        return super().__get__(instance, cls)

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class PeriodBoundField(models.DateField):
    """A companion date column added by `PeriodField`; never declared by hand.

    Migrations list it as a field of its own, and rebuilding a historical model adds it
    both from the migration and from its `PeriodField`: the second addition is skipped.
    """

    descriptor_class = PeriodBoundDescriptor

    def __init__(self, *args: Any, period_name: str, bound: str, **kwargs: Any) -> None:
        self.period_name = period_name
        self.bound = bound
        kwargs.update(editable=False, null=True, blank=True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for implied in ("editable", "null", "blank"):
            kwargs.pop(implied, None)
        kwargs.update(period_name=self.period_name, bound=self.bound)
        return name, path, args, kwargs

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False, **kwargs: Any
    ) -> None:
        if any(field.name == name for field in cls._meta.local_fields):
            return
        super().contribute_to_class(cls, name, private_only=private_only, **kwargs)


class PeriodField(models.CharField):
    """A `Period` stored as its canonical code, with `<name>_start`/`<name>_end` dates.

    Assigning a `Period` or any text `parse` reads keeps the companions in step.
    `QuerySet.update()` and `bulk_update()` bypass that: pass `period_values(name, p)`.
    """

    descriptor_class = PeriodDescriptor
    description = "A period of time (month, quarter, year, financial year, ...)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 32:
            del kwargs["max_length"]
        return name, path, args, kwargs

    @property
    def start_name(self) -> str:
        return f"{self.name}_start"

    @property
    def end_name(self) -> str:
        return f"{self.name}_end"

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        if cls._meta.abstract:
            return
        for bound, verbose in (("start", "starts"), ("end", "ends")):
            field = PeriodBoundField(
                period_name=name, bound=bound, verbose_name=f"{self.verbose_name} {verbose}"
            )
            cls.add_to_class(f"{name}_{bound}", field)

    def coerce(self, value: Any) -> Period | None:
        """The Period for a value, or None when it is empty or not (yet) a valid period."""
        if isinstance(value, Period):
            return value
        if isinstance(value, str) and value:
            try:
                return parse(value)
            except PeriodParseError:
                return None
        return None

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Period | None:
        if not value:
            return None
        return parse(value)

    def to_python(self, value: Any) -> Period | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Period):
            return value
        try:
            return parse(str(value))
        except PeriodParseError as error:
            raise ValidationError(str(error), code="invalid") from None

    def run_validators(self, value: Any) -> None:
        super().run_validators(value.code if isinstance(value, Period) else value)

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None if self.null else ""
        if isinstance(value, Period):
            return value.code
        if isinstance(value, str) and value:
            period = self.coerce(value)
            return period.code if period else value
        return super().get_prep_value(value)

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return value.code if isinstance(value, Period) else str(value or "")

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": PeriodFormField, **kwargs})


def period_values(name: str, period: Period | None) -> dict[str, Any]:
    """Keyword arguments that set a PeriodField and its dates, for `QuerySet.update()`."""
    return {
        name: period.code if period else "",
        f"{name}_start": period.start if period else None,
        f"{name}_end": period.end if period else None,
    }


def chronological(name: str, *, descending: bool = False) -> list[OrderBy]:
    """`order_by` terms putting rows in the same order as sorting their Periods.

    Start date, then end date, then code (which tells a calendar quarter from the
    financial quarter with the same months); empty periods last on every database.
    """
    terms = (models.F(f"{name}_start"), models.F(f"{name}_end"), models.F(name))
    if descending:
        return [term.desc(nulls_last=True) for term in terms]
    return [term.asc(nulls_last=True) for term in terms]


# Money ---------------------------------------------------------------------------------


class MoneyFormField(forms.Field):
    """A text box for pounds and pence that keeps what was typed when it is wrong."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})
    default_error_messages = {"required": "Enter an amount", "invalid": INPUT_HINT}

    def __init__(self, **kwargs: Any) -> None:
        for ignored in ("max_digits", "decimal_places", "max_value", "min_value", "step_size"):
            kwargs.pop(ignored, None)  # passed by DecimalField.formfield()
        kwargs["help_text"] = kwargs.get("help_text") or "In pounds and pence, like £1,250.00"
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{to_money(value):,.2f}"
        return value

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return to_money(value)
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_money(str(value))
        except MoneyParseError as error:
            raise ValidationError(str(error), code="invalid") from None


class MoneyField(models.DecimalField):
    """Pounds and pence: DECIMAL(14, 2), values rounded half up to the penny, floats refused."""

    description = "An amount of money in pounds and pence"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value is None:
            return None
        try:
            return to_money(value)
        except TypeError as error:
            raise ValidationError(str(error), code="invalid") from None
        except (ValueError, ArithmeticError):
            raise ValidationError(INPUT_HINT, code="invalid") from None

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": MoneyFormField, **kwargs})
