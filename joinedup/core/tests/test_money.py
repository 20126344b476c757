from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.template import Context, Template
from django.test.utils import isolate_apps
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.fields import MoneyField, MoneyFormField
from joinedup.core.money import (
    INPUT_HINT,
    MoneyParseError,
    format_money,
    format_money_compact,
    parse_money,
    to_money,
)
from joinedup.core.periods import Period

pence = st.integers(min_value=-(10**13) + 1, max_value=10**13 - 1).map(lambda p: Decimal(p).scaleb(-2))


@given(pence)
def test_formatted_amount_parses_back(amount):
    assert parse_money(format_money(amount)) == amount


@given(pence)
def test_amounts_are_always_quantised_to_the_penny(amount):
    assert to_money(amount).as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("£1,234.50", "1234.50"),
        ("1234.5", "1234.50"),
        ("-£20", "-20.00"),
        ("£-20", "-20.00"),
        ("(20.00)", "-20.00"),
        ("(£1,000)", "-1000.00"),
        (" £ 12 ", "12.00"),
        (".5", "0.50"),
        ("0", "0.00"),
        ("1,234,567.89", "1234567.89"),
        ("2.675", "2.68"),  # half up, where binary floats would give 2.67
        ("2.665", "2.67"),  # half up, where banker's rounding would give 2.66
    ],
)
def test_parses_amounts_as_people_type_them(text, amount):
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "twelve", "£", "1,23.00", "12.3.4", "$5", "1e5", "--5", "(5"])
def test_unreadable_amounts_give_the_govuk_message(text):
    with pytest.raises(MoneyParseError, match=r"like £1,250\.00"):
        parse_money(text)


def test_floats_are_refused():
    with pytest.raises(TypeError, match="floats cannot hold pence"):
        to_money(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_money(12.5)  # type: ignore[arg-type]


def test_rounding_is_half_up():
    assert to_money(Decimal("0.005")) == Decimal("0.01")
    assert to_money(Decimal("-0.005")) == Decimal("-0.01")
    assert to_money(Decimal("1.234")) == Decimal("1.23")


def test_formats_pounds_and_pence():
    assert format_money(Decimal("1234.5")) == "£1,234.50"
    assert format_money(Decimal("-20")) == "-£20.00"
    assert format_money(0) == "£0.00"
    assert format_money(Decimal("1234.5"), pence=False) == "£1,235"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("950", "£950"),
        ("999.50", "£1k"),
        ("1000", "£1k"),
        ("1250", "£1.3k"),
        ("12500", "£12.5k"),
        ("125000", "£125k"),
        ("999950", "£1m"),
        ("1200000", "£1.2m"),
        ("9800000", "£9.8m"),
        ("150000000", "£150m"),
        ("4000000000", "£4bn"),
        ("-20000", "-£20k"),
    ],
)
def test_compact_format(amount, text):
    assert format_money_compact(Decimal(amount)) == text


def test_template_filters_format_money_and_periods():
    rendered = Template(
        "{% load values %}{{ a|money }}|{{ a|money:'compact' }}|{{ none|money }}|"
        "{{ p|period }}|{{ code|period }}|{{ p|period:'short' }}|{{ bad|period }}"
    ).render(
        Context(
            {
                "a": Decimal("1234.5"),
                "none": None,
                "p": Period.quarter(2020, 1),
                "code": "FY2020-21",
                "bad": "<not a period>",
            }
        )
    )
    assert rendered == "£1,234.50|£1.2k||Jan to Mar 2020|2020/21|Q1 2020|&lt;not a period&gt;"


class BudgetForm(forms.Form):
    amount = MoneyFormField(label="Amount")


def test_money_form_field_reshows_what_was_typed_with_the_govuk_message():
    form = BudgetForm(data={"amount": "twelve pounds"})
    assert not form.is_valid()
    assert form.errors["amount"] == [INPUT_HINT]
    assert 'value="twelve pounds"' in str(form["amount"])


def test_money_form_field_asks_for_an_amount_when_empty():
    form = BudgetForm(data={"amount": "  "})
    assert form.errors["amount"] == ["Enter an amount"]


def test_money_form_field_cleans_to_a_decimal_and_shows_initial_amounts():
    form = BudgetForm(data={"amount": "£1,250"})
    assert form.is_valid()
    assert form.cleaned_data["amount"] == Decimal("1250.00")
    assert 'value="1,250.00"' in str(BudgetForm(initial={"amount": Decimal("1250")})["amount"])


@pytest.fixture
def money_model():
    with isolate_apps("joinedup.core"):

        class Grant(models.Model):  # noqa: DJ008 - a table for this test only
            amount = MoneyField()

            class Meta:
                app_label = "core"

        with connection.schema_editor() as editor:
            editor.create_model(Grant)
        try:
            yield Grant
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Grant)


@pytest.mark.django_db(transaction=True)
def test_money_field_stores_pence_exactly_and_refuses_floats(money_model):
    grant = money_model.objects.create(amount=Decimal("926912.005"))
    assert money_model.objects.get(pk=grant.pk).amount == Decimal("926912.01")
    total = sum(g.amount for g in money_model.objects.all())
    assert isinstance(total, Decimal)
    with pytest.raises(ValidationError, match="floats cannot hold pence"):
        money_model.objects.create(amount=0.1)


def test_money_field_defaults_to_fourteen_digits_and_the_money_form_field():
    field = MoneyField()
    assert (field.max_digits, field.decimal_places) == (14, 2)
    assert isinstance(field.formfield(), MoneyFormField)
    assert field.deconstruct()[1] == "joinedup.core.fields.MoneyField"
