"""The one writer of observations: new, unchanged, revisions and kept values, and "as at"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import AreaFactory
from joinedup.performance.models import Indicator, Observation
from joinedup.performance.services.observations import (
    NewObservation,
    as_at,
    plan_observations,
    write_observations,
)

pytestmark = pytest.mark.django_db

Y2020 = Period.calendar_year(2020)
Y2021 = Period.calendar_year(2021)


@pytest.fixture
def indicator():
    return Indicator.objects.create(code="93356", title="Campylobacter incidence rate/100,000")


@pytest.fixture
def area():
    return AreaFactory()


def value(indicator, area, period=Y2020, number=10.0, **extra) -> NewObservation:
    return NewObservation(indicator_id=indicator.pk, area_id=area.pk, period=period, value=number, **extra)


def write(rows, *, may_revise=True, at=None, run=None):
    plan = plan_observations(rows, may_revise=may_revise, import_run_id=run)
    write_observations(plan, partnership_id=None, now=at)
    return plan


def test_new_values_are_written_with_their_breakdown_and_defaults(indicator, area):
    plan = write([value(indicator, area), value(indicator, area, age="0-9 yrs", number=3.0)])
    assert len(plan.new) == 2
    stored = Observation.objects.order_by("age")
    assert [(o.sex, o.age, o.value) for o in stored] == [
        ("Persons", "0-9 yrs", 3.0),
        ("Persons", "All ages", 10.0),
    ]
    assert stored[0].period == Y2020


def test_writing_the_same_values_again_changes_nothing(indicator, area):
    write([value(indicator, area), value(indicator, area, Y2021, 12.0)])
    plan = write([value(indicator, area), value(indicator, area, Y2021, 12.0)])
    assert (len(plan.new), len(plan.unchanged), len(plan.revisions)) == (0, 2, 0)
    assert Observation.objects.count() == 2


def test_a_revision_keeps_the_earlier_figure_as_history(indicator, area):
    first = timezone.now() - dt.timedelta(days=10)
    write([value(indicator, area, number=10.0)], at=first)
    plan = write([value(indicator, area, number=11.5)])
    assert len(plan.revisions) == 1
    current = Observation.objects.get(superseded_at__isnull=True)
    old = Observation.objects.get(superseded_at__isnull=False)
    assert (current.value, old.value) == (11.5, 10.0)
    assert old.superseded_by_id == current.pk
    week_ago = timezone.now() - dt.timedelta(days=7)
    assert [o.value for o in as_at(Observation.objects.all(), week_ago)] == [10.0]
    assert [o.value for o in as_at(Observation.objects.all(), None)] == [11.5]
    before_first = first - dt.timedelta(days=1)
    assert not as_at(Observation.objects.all(), before_first).exists()


def test_another_sources_value_is_kept_when_the_writer_may_not_revise(indicator, area):
    write([value(indicator, area, number=10.0)])
    plan = write([value(indicator, area, number=99.0)], may_revise=False)
    assert len(plan.kept) == 1 and not plan.revisions
    assert "will not be changed" in " ".join(plan.sentences())
    assert list(Observation.objects.values_list("value", flat=True)) == [10.0]


def test_a_blank_value_with_its_reason_is_kept_as_no_value(indicator, area):
    write([value(indicator, area, number=None, note="Value suppressed: fewer than 5 cases")])
    stored = Observation.objects.get()
    assert stored.value is None and stored.note.startswith("Value suppressed")
