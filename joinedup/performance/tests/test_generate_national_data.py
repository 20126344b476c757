"""The synthetic national data generator: fictional, labelled, deterministic, written once."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from joinedup.core.models import AuditEntry
from joinedup.partnerships.models import Area
from joinedup.performance.management.commands import generate_national_data as gen
from joinedup.performance.models import Indicator, Observation

GSS = re.compile(r"^[EWSNK][0-9]{8}$")


def _run(**sizes):
    out = io.StringIO()
    call_command(
        "generate_national_data", "--no-progress", *[f"--{k}={v}" for k, v in sizes.items()], stdout=out
    )
    return out.getvalue()


@pytest.mark.django_db
def test_generates_areas_x_indicators_x_periods_plus_the_country_all_fictional():
    said = _run(areas=3, indicators=2, periods=5)
    assert "40 values written" in said  # (3 areas + Synthetic England) x 2 x 5
    assert Observation.objects.count() == 40
    areas = Area.objects.filter(source="synthetic")
    assert areas.count() == 4 and all(a.is_fictional and not GSS.match(a.code) for a in areas)
    indicators = Indicator.objects.filter(code__startswith="SYN ")
    assert indicators.count() == 2
    assert all(i.is_fictional and i.is_shared and i.title.startswith("Synthetic") for i in indicators)
    assert not Observation.objects.exclude(partnership=None).exists()
    assert AuditEntry.objects.filter(action="performance.synthetic_data.generate").count() == 1


@pytest.mark.django_db
def test_running_again_writes_nothing_new():
    _run(areas=2, indicators=2, periods=3)
    said = _run(areas=2, indicators=2, periods=3)
    assert "0 values written, 18 already held" in said
    assert Observation.objects.count() == 18


def test_values_depend_only_on_the_seed():
    periods = gen.quarters(4)
    assert periods[-1].code == gen.Period.quarter(2025, 4).code and len(periods) == 4
    a = gen.indicator_values(1, 1, [10, 11], 99, periods, seed=5)
    b = gen.indicator_values(1, 1, [10, 11], 99, periods, seed=5)
    c = gen.indicator_values(1, 1, [10, 11], 99, periods, seed=6)
    assert [r.value for r in a] == [r.value for r in b] != [r.value for r in c]
    # The country is the pooled rate of its areas (indicator 1 is a rate per 100,000).
    for k in range(4):
        country = next(r for r in a if r.area_id == 99 and r.period == periods[k])
        members = [r for r in a if r.area_id != 99 and r.period == periods[k]]
        pooled = sum(r.numerator for r in members) / sum(r.denominator for r in members) * 100_000
        assert country.value == pytest.approx(pooled, rel=1e-6)


@pytest.mark.django_db
def test_batches_of_whole_indicators_write_every_value_once(monkeypatch):
    monkeypatch.setattr(gen, "BATCH_ROWS", 7)  # each indicator's 9 values is a batch of its own
    counts = gen.generate(areas=2, indicators=3, periods=3, seed=1)
    assert counts["written"] == 27 and Observation.objects.count() == 27
