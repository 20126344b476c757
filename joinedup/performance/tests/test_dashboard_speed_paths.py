"""The dashboard's faster paths give the same figures as the plain rules they stand for.

The speed goal of issue 5 (bench/README.md, "The dashboard of 200 indicators") was met by
working out less, never by working out something else: the headline area's rank and quartile
alone (`rank_of`, `quantile_of`) instead of the whole group's, one sort for competition ranks,
forecast positions with the kind's step chosen once, and the benchmark's values made
`facts.Value`s only when read. Each is checked here against the rule it replaces.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import PartnershipFactory
from joinedup.performance import facts as F
from joinedup.performance import selectors_insight
from joinedup.performance.analysis import benchmark
from joinedup.performance.analysis.forecast import _position, _positions
from joinedup.performance.models import Observation
from joinedup.performance.tests.factories_insight import scene

POLARITIES = st.sampled_from(["higher", "lower", "none", None])
# Values with ties, missing values and NaN: what a comparator group's latest values can hold.
GROUP_VALUES = st.dictionaries(
    st.sampled_from([f"Area {i}" for i in range(20)]),
    st.one_of(
        st.none(), st.just(float("nan")), st.sampled_from([1.0, 2.0, 2.0, -0.0, 0.0]), st.floats(-1e6, 1e6)
    ),
    max_size=20,
)


@given(GROUP_VALUES, POLARITIES, st.sampled_from([f"Area {i}" for i in range(21)]))
def test_the_one_areas_rank_is_its_rank_in_the_whole_groups_ranking(values, polarity, area):
    assert benchmark.rank_of(values, area, polarity) == benchmark.competition_ranks(values, polarity).get(
        area
    )


@given(GROUP_VALUES, POLARITIES)
def test_competition_ranks_are_one_plus_the_number_of_strictly_better_areas(values, polarity):
    valid = {k: float(v) for k, v in values.items() if v is not None and v == v}
    sign = 1 if polarity == "lower" else -1
    ranks = benchmark.competition_ranks(values, polarity)
    assert set(ranks) == set(valid)
    for area, rank in ranks.items():
        better = sum(1 for w in valid.values() if sign * w < sign * valid[area])
        assert rank.rank == 1 + better and rank.of == len(valid) and rank.value == valid[area]


@given(GROUP_VALUES, st.sampled_from([f"Area {i}" for i in range(21)]), st.sampled_from([4, 5, 10]))
def test_the_one_areas_quantile_is_its_quantile_in_the_whole_group(values, area, groups):
    assert benchmark.quantile_of(values, area, groups) == benchmark.quantiles(values, groups).get(area)


KINDS = [
    lambda y, n: Period.month(y, n % 12 + 1),
    lambda y, n: Period.quarter(y, n % 4 + 1),
    lambda y, n: Period.financial_quarter(y, n % 4 + 1),
    lambda y, n: Period.calendar_year(y),
    lambda y, n: Period.financial_year(y),
    lambda y, n: Period.academic_year(y),
    lambda y, n: Period.calendar_years(y, y + 2),
]


@given(
    kind=st.sampled_from(KINDS),
    first=st.tuples(st.integers(2000, 2030), st.integers(0, 11)),
    others=st.lists(st.tuples(st.integers(2000, 2030), st.integers(0, 11)), max_size=12),
)
def test_forecast_positions_of_a_series_are_each_periods_position(kind, first, others):
    start, periods = kind(*first), [kind(*o) for o in others]
    assert _positions(start, periods) == [_position(start, p) for p in periods]


def _series(values, start=2010):
    out = []
    for i, v in enumerate(values):
        lower, upper = (None, None) if v is None else (v - 2, v + 2)
        out.append(F.Value(Period.calendar_year(start + i), v, lower, upper, observation_id=i))
    return out


@given(
    st.lists(st.one_of(st.none(), st.floats(0, 100)), max_size=14),
    st.randoms(use_true_random=False),
    st.sampled_from(["higher", "lower", "none"]),
)
def test_the_facts_do_not_depend_on_the_order_of_the_series_and_targets(values, rnd, polarity):
    info = dataclasses.replace(
        F.IndicatorInfo(pk=1, code="X1", title="Homes", polarity="higher", value_type="other", unit="number",
                        decimal_places=1), polarity=polarity)  # fmt: skip
    targets = [F.TargetValue(Period.calendar_year(y), 50.0, tolerance=2) for y in (2015, 2023, 2030, 2026)]
    series = _series(values)
    shuffled, reordered = list(series), list(targets)
    rnd.shuffle(shuffled)
    rnd.shuffle(reordered)
    ordered = F.assemble(F.Inputs(indicator=info, area_name="Here", series=series, targets=targets))
    assert (
        F.assemble(F.Inputs(indicator=info, area_name="Here", series=shuffled, targets=reordered)) == ordered
    )
    if ordered.forecast is not None:
        assert ordered.forecast.target_period == Period.calendar_year(2030)  # the last target ahead


def test_a_value_is_immutable_and_read_by_field_name():
    value = F.Value(Period.calendar_year(2020), 5.0, entered_by="Ann")
    assert (value.period, value.value, value.lower, value.note, value.entered_by) == (
        Period.calendar_year(2020), 5.0, None, "", "Ann")  # fmt: skip
    with pytest.raises(AttributeError):
        value.value = 6.0  # type: ignore[misc]


@pytest.mark.django_db
def test_the_benchmark_value_read_is_the_benchmark_areas_observation_for_the_latest_period():
    partnership = PartnershipFactory()
    s = scene(partnership, 3)
    bundle = selectors_insight.indicator_facts(partnership, list(selectors_insight.links(partnership)))
    for card in bundle.cards:
        latest, bench = card.facts.latest, card.facts.benchmark_value
        held = Observation.objects.get(pk=bench.observation_id)
        assert (held.indicator_id, held.area_id, held.period) == (card.link.indicator_id, s.benchmark.pk,
                                                                  latest.period)  # fmt: skip
        assert bench == F.Value(held.period, held.value, held.lower_95, held.upper_95, held.numerator,
                                held.denominator, held.note, held.pk, held.import_run_id, held.source_row,
                                held.entered_by_label)  # fmt: skip
        mine = Observation.objects.get(pk=latest.observation_id)
        assert (mine.area_id, mine.value, mine.lower_95, mine.upper_95) == (
            s.area.pk, latest.value, latest.lower, latest.upper)  # fmt: skip


def test_the_benchmark_rows_are_a_mapping_of_period_codes_to_values():
    periods = selectors_insight._Periods()
    rows = selectors_insight._RowValues(periods)
    row = ("2020-Q1", 4.0, 3.0, 5.0, 8.0, 2.0, "a note", 7, None, 12, "Ann", 1, 2)
    rows.add(row)
    assert list(rows) == ["2020-Q1"] and len(rows) == 1
    assert rows["2020-Q1"] == F.Value(
        Period.quarter(2020, 1), 4.0, 3.0, 5.0, 8.0, 2.0, "a note", 7, None, 12, "Ann"
    )
    assert rows.get("2020-Q2") is None
