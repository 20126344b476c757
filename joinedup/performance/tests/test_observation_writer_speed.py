"""The fast paths of the observation writer (bench-demo): COPY on PostgreSQL writes exactly
what bulk_create writes, revisions still link old and new rows, and planning reads the
current values in bounded queries, not one per row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory
from joinedup.performance.models import Indicator, Observation, QualityStatus
from joinedup.performance.services import observations
from joinedup.performance.services.observations import (
    NewObservation,
    as_at,
    plan_observations,
    write_observations,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)


def _values(indicator_id: int, area_ids: list[int]) -> list[NewObservation]:
    rows = []
    for a, area_id in enumerate(area_ids):
        for y, year in enumerate(range(2019, 2023)):
            rows.append(
                NewObservation(
                    indicator_id=indicator_id,
                    area_id=area_id,
                    period=Period.financial_year(year),
                    value=10.5 + a + y / 3,
                    numerator=100 + y,  # an int where a float is expected, as callers do
                    denominator=1000.0,
                    lower_95=9.25,
                    upper_95=12.125,
                    quality=QualityStatus.PROVISIONAL if y == 3 else QualityStatus.VALIDATED,
                    source_row=2 + a * 10 + y,
                )
            )
        rows.append(
            NewObservation(
                indicator_id=indicator_id,
                area_id=area_id,
                period=Period.calendar_years(2018, 2020),
                value=None,
                sex="Female",
                age="65+ yrs",
                category_type="Deprivation decile",
                category="Most deprived decile (IMD2019)",
                note="Value suppressed: fewer than 5 events",
            )
        )
    return rows


def _stored(indicator: Indicator) -> list[tuple]:
    ignored = {"id", "indicator"}
    names = [f.attname for f in Observation._meta.concrete_fields if f.name not in ignored]
    rows = Observation.objects.filter(indicator=indicator).order_by("area_id", "period_start", "sex")
    return [tuple(getattr(o, name) for name in names) for o in rows]


@pytest.fixture
def setting():
    partnership = PartnershipFactory()
    areas = [AreaFactory().pk for _ in range(3)]
    first = Indicator.objects.create(partnership=partnership, code="L1", title="First")
    second = Indicator.objects.create(partnership=partnership, code="L2", title="Second")
    return partnership, areas, first, second


def test_copy_writes_the_same_rows_as_bulk_create(setting, monkeypatch, django_user_model):
    partnership, areas, by_copy, by_bulk = setting
    user = django_user_model.objects.create(email="writer@example.org")
    options = {"partnership_id": partnership.pk, "user": user, "entered_by_label": "Imported", "now": NOW}

    monkeypatch.setattr(observations, "COPY_MIN_ROWS", 0)
    copied = write_observations(plan_observations(_values(by_copy.pk, areas), may_revise=True), **options)
    monkeypatch.setattr(observations, "COPY_MIN_ROWS", 10**9)
    bulk = write_observations(plan_observations(_values(by_bulk.pk, areas), may_revise=True), **options)

    assert copied == bulk == 15
    assert _stored(by_copy) == _stored(by_bulk)
    stored = Observation.objects.filter(indicator=by_copy)
    assert all(o.entered_by == user and o.recorded_at == NOW and o.superseded_at is None for o in stored)
    blank = stored.get(value__isnull=True, area_id=areas[0])
    assert (blank.period, blank.period_start, blank.period_end) == (
        Period.calendar_years(2018, 2020),
        dt.date(2018, 1, 1),
        dt.date(2020, 12, 31),
    )


def test_large_batches_use_copy_on_postgresql_only(monkeypatch):
    monkeypatch.setattr(observations, "COPY_MIN_ROWS", 1000)
    assert observations._use_copy(1000) is (connection.vendor == "postgresql")
    assert observations._use_copy(999) is False
    assert observations._use_copy(0) is False


def test_copy_fills_every_column_but_the_id_and_the_revision_links():
    names = {f.name for f in Observation._meta.concrete_fields}
    assert set(observations.COPY_FIELDS) == names - {"id", "superseded_at", "superseded_by"}


def test_a_revision_after_a_copied_write_keeps_and_links_the_earlier_figure(setting, monkeypatch):
    partnership, areas, indicator, _ = setting
    monkeypatch.setattr(observations, "COPY_MIN_ROWS", 0)
    write_observations(
        plan_observations(_values(indicator.pk, areas), may_revise=True), partnership_id=partnership.pk
    )
    before = timezone.now()
    changed = _values(indicator.pk, areas[:1])
    changed[0].value = 99.0

    plan = plan_observations(changed, may_revise=True)
    assert (len(plan.new), len(plan.revisions), len(plan.unchanged)) == (0, 1, 4)
    assert write_observations(plan, partnership_id=partnership.pk) == 1

    old = Observation.objects.get(indicator=indicator, area_id=areas[0], period="FY2019-20", value=10.5)
    new = Observation.objects.get(indicator=indicator, area_id=areas[0], period="FY2019-20", value=99.0)
    assert old.superseded_by == new and old.superseded_at is not None and new.superseded_at is None
    as_before = as_at(Observation.objects.filter(indicator=indicator, area_id=areas[0]), before)
    assert as_before.get(period="FY2019-20").value == 10.5


def test_planning_reads_current_values_in_one_query_per_indicator(setting, django_assert_num_queries):
    partnership, areas, first, second = setting
    rows = _values(first.pk, areas) + _values(second.pk, areas)
    write_observations(plan_observations(rows, may_revise=True), partnership_id=partnership.pk)

    with django_assert_num_queries(2):
        plan = plan_observations(rows, may_revise=True)
    assert len(plan.unchanged) == len(rows) == 30
