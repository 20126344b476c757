import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.migrations.state import ModelState, StateApps
from django.test.utils import isolate_apps
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.fields import PeriodField, PeriodFormField, chronological, period_values
from joinedup.core.periods import (
    Period,
    PeriodKind,
    PeriodParseError,
    from_fingertips_sortable,
    parse,
    periods_between,
)

# Strategies ---------------------------------------------------------------------------

years = st.integers(min_value=1900, max_value=2150)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(st.sampled_from(list(PeriodKind)))
    year = draw(years)
    if kind is PeriodKind.MONTH:
        return Period.month(year, draw(st.integers(1, 12)))
    if kind in (PeriodKind.QUARTER, PeriodKind.FINANCIAL_QUARTER):
        return Period(kind, year, draw(st.integers(1, 4)))
    return Period(kind, year, 0, draw(st.integers(1, 5)))


# Round trips --------------------------------------------------------------------------


@given(periods())
def test_label_parses_back_to_the_same_period(period):
    assert parse(period.label) == period


@given(periods())
def test_code_parses_back_to_the_same_period(period):
    assert parse(period.code) == period


@given(periods())
def test_short_label_parses_back_to_the_same_period(period):
    assert parse(period.short_label) == period


@given(periods())
def test_end_is_on_or_after_start_and_contains_itself(period):
    assert period.start <= period.end
    assert period.contains(period)
    assert period.contains(period.start) and period.contains(period.end)
    assert not period.contains(period.end + dt.timedelta(days=1))


# Ordering -----------------------------------------------------------------------------


@given(periods(), periods())
def test_ordering_follows_start_then_end(a, b):
    if (a.start, a.end) < (b.start, b.end):
        assert a < b
    if a == b:
        assert not a < b and not b < a
    else:
        assert (a < b) != (b < a)


@given(st.lists(periods(), min_size=2, max_size=20))
def test_sorting_mixed_frequencies_orders_by_dates(items):
    ordered = sorted(items)
    for earlier, later in itertools.pairwise(ordered):
        assert (earlier.start, earlier.end) <= (later.start, later.end)


@given(periods())
def test_next_and_previous_are_inverse_and_ordered(period):
    assert period.next().previous() == period
    assert period.previous() < period < period.next()


@given(periods())
def test_same_period_last_year_is_one_year_earlier(period):
    last_year = period.same_period_last_year()
    assert last_year.kind is period.kind
    assert last_year.start.replace(year=last_year.start.year + 1) == period.start


@given(periods())
def test_contains_implies_overlaps(period):
    year = Period.containing(PeriodKind.YEAR, period.start)
    assert year.overlaps(period)
    if year.contains(period):
        assert year.start <= period.start


# Examples -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "start", "end"),
    [
        ("2015", "2015", dt.date(2015, 1, 1), dt.date(2015, 12, 31)),
        ("2015/16", "FY2015-16", dt.date(2015, 4, 1), dt.date(2016, 3, 31)),
        ("2015-16", "FY2015-16", dt.date(2015, 4, 1), dt.date(2016, 3, 31)),
        ("FY2015/16", "FY2015-16", dt.date(2015, 4, 1), dt.date(2016, 3, 31)),
        ("2015-2016", "FY2015-16", dt.date(2015, 4, 1), dt.date(2016, 3, 31)),
        ("AY 2019/20", "AY2019-20", dt.date(2019, 9, 1), dt.date(2020, 8, 31)),
        ("2018 - 20", "2018..2020", dt.date(2018, 1, 1), dt.date(2020, 12, 31)),
        ("2016 - 18", "2016..2018", dt.date(2016, 1, 1), dt.date(2018, 12, 31)),
        ("2016-18", "2016..2018", dt.date(2016, 1, 1), dt.date(2018, 12, 31)),
        ("2017/18 - 19/20", "FY2017-18..FY2019-20", dt.date(2017, 4, 1), dt.date(2020, 3, 31)),
        ("Jan 2020", "2020-01", dt.date(2020, 1, 1), dt.date(2020, 1, 31)),
        ("2020-01", "2020-01", dt.date(2020, 1, 1), dt.date(2020, 1, 31)),
        ("January 2020", "2020-01", dt.date(2020, 1, 1), dt.date(2020, 1, 31)),
        ("Feb 2020", "2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
        ("2020 Q1", "2020-Q1", dt.date(2020, 1, 1), dt.date(2020, 3, 31)),
        ("Q1 2020", "2020-Q1", dt.date(2020, 1, 1), dt.date(2020, 3, 31)),
        ("Oct - Dec 2019", "2019-Q4", dt.date(2019, 10, 1), dt.date(2019, 12, 31)),
        ("Oct – Dec 2019", "2019-Q4", dt.date(2019, 10, 1), dt.date(2019, 12, 31)),
        ("Q1 2020/21", "FY2020-21-Q1", dt.date(2020, 4, 1), dt.date(2020, 6, 30)),
        ("2023/24 Q4", "FY2023-24-Q4", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("20150000", "2015", dt.date(2015, 1, 1), dt.date(2015, 12, 31)),
        ("  financial year 2008/09 ", "FY2008-09", dt.date(2008, 4, 1), dt.date(2009, 3, 31)),
        ("1999/00", "FY1999-00", dt.date(1999, 4, 1), dt.date(2000, 3, 31)),
    ],
)
def test_parses_common_written_forms(text, code, start, end):
    period = parse(text)
    assert (period.code, period.start, period.end) == (code, start, end)


def test_labels_read_as_people_write_them():
    assert Period.month(2020, 1).label == "January 2020"
    assert Period.quarter(2019, 4).label == "Oct to Dec 2019"
    assert Period.financial_quarter(2020, 1).label == "Q1 2020/21"
    assert Period.financial_year(2015).label == "2015/16"
    assert Period.academic_year(2019).label == "Academic year 2019/20"
    assert Period.calendar_years(2018, 2020).label == "2018 to 2020"
    assert Period.financial_years(2017, 2019).label == "2017/18 to 2019/20"


def test_iso_month_wins_over_hyphenated_financial_year():
    # "2008-09" is September 2008 (ISO 8601); the financial year is written 2008/09.
    assert parse("2008-09") == Period.month(2008, 9)
    assert parse("2008/09") == Period.financial_year(2008)


def test_slash_years_can_be_read_as_academic_years():
    assert parse("2022/23", split_year="academic") == Period.academic_year(2022)
    assert parse("2009/10 - 13/14", split_year="academic") == Period.academic_years(2009, 2013)
    assert parse("FY2022/23", split_year="academic") == Period.financial_year(2022)


def test_fingertips_sortable_needs_the_year_type_for_financial_years():
    assert from_fingertips_sortable("20150000") == Period.calendar_year(2015)
    assert from_fingertips_sortable(20150000, year_type="financial") == Period.financial_year(2015)
    assert from_fingertips_sortable("20180000", years=3) == Period.calendar_years(2018, 2020)
    assert from_fingertips_sortable("20230300", year_type="financial") == Period.financial_quarter(2023, 3)
    assert from_fingertips_sortable("20200001") == Period.month(2020, 1)


def test_fingertips_campylobacter_periods_parse():
    # The real export in shared/data/real labels its years "2015", "2016", "2017".
    labels = {"2015": "20150000", "2016": "20160000", "2017": "20170000"}
    for label, sortable in labels.items():
        assert parse(label) == parse(sortable)


@pytest.mark.parametrize("text", ["", "   ", "next year", "2015/17", "13/2020", "Feb - Apr 2020"])
def test_unreadable_text_says_what_is_accepted(text):
    with pytest.raises(PeriodParseError) as error:
        parse(text)
    message = str(error.value)
    assert "2020/21" in message or "like" in message


def test_range_written_backwards_is_refused():
    with pytest.raises(PeriodParseError, match="must end after it starts"):
        parse("2020 to 2018")


def test_mixed_frequencies_sort_by_start_then_end():
    items = [
        parse("2020"),
        parse("Q2 2020"),
        parse("2020/21"),
        parse("Jan 2020"),
        parse("2018 - 20"),
        parse("Q1 2020"),
    ]
    assert [p.code for p in sorted(items)] == [
        "2018..2020",
        "2020-01",
        "2020-Q1",
        "2020",
        "2020-Q2",
        "FY2020-21",
    ]


def test_calendar_quarter_and_financial_quarter_with_same_months_are_distinct():
    calendar_q1 = Period.quarter(2020, 1)
    financial_q4 = Period.financial_quarter(2019, 4)
    assert (calendar_q1.start, calendar_q1.end) == (financial_q4.start, financial_q4.end)
    assert calendar_q1 != financial_q4
    assert sorted([financial_q4, calendar_q1]) == [calendar_q1, financial_q4]


def test_contains_and_overlaps():
    year = Period.financial_year(2020)
    assert year.contains(Period.financial_quarter(2020, 4))
    assert year.contains(Period.month(2021, 3))
    assert not year.contains(Period.calendar_year(2020))
    assert year.overlaps(Period.calendar_year(2020))
    assert not year.overlaps(Period.month(2020, 3))
    assert year.contains(dt.date(2021, 3, 31))


def test_previous_and_same_period_last_year():
    assert Period.month(2020, 1).previous() == Period.month(2019, 12)
    assert Period.financial_quarter(2020, 1).previous() == Period.financial_quarter(2019, 4)
    assert Period.quarter(2020, 3).same_period_last_year() == Period.quarter(2019, 3)
    assert parse("2018 - 20").previous() == parse("2017 - 19")
    assert parse("2018 - 20").same_period_last_year() == parse("2017 - 19")


def test_periods_between_lists_every_period_inclusive():
    assert [p.code for p in periods_between(parse("Nov 2019"), parse("Feb 2020"))] == [
        "2019-11",
        "2019-12",
        "2020-01",
        "2020-02",
    ]
    assert periods_between(parse("2021/22"), parse("2020/21")) == []
    with pytest.raises(ValueError, match="different kinds"):
        periods_between(parse("2020"), parse("2021/22"))


def test_containing_finds_the_period_of_a_day():
    day = dt.date(2021, 3, 15)
    assert Period.containing("financial_year", day) == Period.financial_year(2020)
    assert Period.containing("financial_quarter", day) == Period.financial_quarter(2020, 4)
    assert Period.containing("academic_year", day) == Period.academic_year(2020)
    assert Period.containing("quarter", day) == Period.quarter(2021, 1)
    assert Period.containing("year", day, years=3) == Period.calendar_years(2019, 2021)


# The model field ----------------------------------------------------------------------


@pytest.fixture
def period_model():
    with isolate_apps("joinedup.core"):

        class Reading(models.Model):  # noqa: DJ008 - a table for this test only
            period = PeriodField()
            optional = PeriodField(blank=True)

            class Meta:
                app_label = "core"

        with connection.schema_editor() as editor:
            editor.create_model(Reading)
        try:
            yield Reading
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Reading)


@pytest.mark.django_db(transaction=True)
def test_period_field_stores_the_code_and_its_dates(period_model):
    reading = period_model.objects.create(period="Q1 2020/21")
    row = period_model.objects.values("period", "period_start", "period_end").get()
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(period_model._meta.db_table)
        cursor.execute(f"SELECT period FROM {table}")  # noqa: S608 - no user input
        assert cursor.fetchone() == ("FY2020-21-Q1",)
    assert row == {
        "period": Period.financial_quarter(2020, 1),
        "period_start": dt.date(2020, 4, 1),
        "period_end": dt.date(2020, 6, 30),
    }
    assert period_model.objects.get(pk=reading.pk).period == Period.financial_quarter(2020, 1)
    assert period_model.objects.filter(period="2020/21 Q1").exists()


@pytest.mark.django_db(transaction=True)
def test_period_field_orders_querysets_like_python_does(period_model):
    texts = ["2020/21", "Jan 2020", "2018 - 20", "Q1 2020", "2020", "Q4 2019/20", "Q2 2020"]
    period_model.objects.bulk_create([period_model(period=text) for text in texts])
    from_db = [r.period for r in period_model.objects.order_by(*chronological("period"))]
    assert from_db == sorted(parse(text) for text in texts)
    newest_first = period_model.objects.order_by(*chronological("period", descending=True))
    assert [r.period for r in newest_first] == sorted(from_db, reverse=True)


@pytest.mark.django_db(transaction=True)
def test_changing_the_period_moves_its_dates(period_model):
    reading = period_model.objects.create(period=Period.calendar_year(2020))
    reading.period = Period.financial_year(2021)
    assert reading.period_start == dt.date(2021, 4, 1)
    reading.save()
    period_model.objects.bulk_update([reading], ["period", "period_start", "period_end"])
    assert period_model.objects.filter(period_start=dt.date(2021, 4, 1)).count() == 1
    period_model.objects.update(**period_values("period", Period.month(2022, 2)))
    assert period_model.objects.get().period_end == dt.date(2022, 2, 28)


@pytest.mark.django_db(transaction=True)
def test_invalid_period_fails_validation_and_empty_has_no_dates(period_model):
    reading = period_model(period="not a period")
    with pytest.raises(ValidationError, match="not a period we recognise"):
        reading.full_clean()
    reading = period_model(period="2020")
    reading.full_clean()
    reading.save()
    assert reading.optional in ("", None)
    assert reading.optional_start is None


def test_historical_models_do_not_duplicate_the_period_dates():
    with isolate_apps("joinedup.core"):

        class Dated(models.Model):  # noqa: DJ008 - a model for this test only
            period = PeriodField()

            class Meta:
                app_label = "core"

        state = ModelState.from_model(Dated)
    names = [name for name, _ in state.fields.items()]
    assert names.count("period_start") == 1
    rendered = StateApps([], {("core", "dated"): state}).get_model("core", "dated")
    local = [f.name for f in rendered._meta.local_fields]
    assert sorted(local) == ["id", "period", "period_end", "period_start"]


def test_period_form_field_reshows_typed_text_and_explains_the_forms():
    field = PeriodFormField()
    assert field.clean("Q1 2020/21") == Period.financial_quarter(2020, 1)
    assert field.prepare_value(Period.financial_year(2020)) == "2020/21"
    assert field.prepare_value("typed text") == "typed text"
    with pytest.raises(ValidationError, match="Enter a period"):
        field.clean("")
    with pytest.raises(ValidationError, match=r"a financial year \(\"2020/21\""):
        field.clean("soon")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        # Excel shows months as "mmm-yy" and saves CSV that way; it reads 00-29 as the 2000s.
        ("Apr-20", Period.month(2020, 4)),
        ("Apr 20", Period.month(2020, 4)),
        ("Sept-29", Period.month(2029, 9)),
        ("Dec-99", Period.month(1999, 12)),
        # ONS time series.
        ("2020 APR", Period.month(2020, 4)),
        # Quarters written out, as many returns do.
        ("2020/21 Quarter 1", Period.financial_quarter(2020, 1)),
        ("Quarter 4 2020/21", Period.financial_quarter(2020, 4)),
        ("Quarter 3 2020", Period.quarter(2020, 3)),
    ],
)
def test_parses_spreadsheet_and_statistical_release_forms(text, period):
    assert parse(text) == period
