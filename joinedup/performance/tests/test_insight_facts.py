"""The facts behind a dashboard card: pure assembly from plain values, and the selector that
fetches every indicator's inputs in a fixed number of queries."""

from __future__ import annotations

import pytest

from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import PartnershipFactory
from joinedup.performance import facts as F
from joinedup.performance import selectors_insight
from joinedup.performance.tests.factories_insight import scene

INFO = F.IndicatorInfo(pk=1, code="X1", title="Homes", polarity="higher", value_type="other", unit="number",
                       decimal_places=1)  # fmt: skip


def _series(values, start=2016, width=1.0):
    return [
        F.Value(Period.calendar_year(start + i), v, v - width, v + width, observation_id=i)
        for i, v in enumerate(values)
    ]


def _inputs(values, **extra):
    base = dict(indicator=INFO, area_name="Here", series=_series(values))
    base.update(extra)
    return F.Inputs(**base)


def test_latest_value_is_the_latest_period_whatever_the_order():
    inputs = _inputs([])
    inputs = F.Inputs(indicator=INFO, area_name="Here", series=list(reversed(_series([1, 2, 3]))))
    assert F.assemble(inputs).latest.value == 3


def test_rag_uses_the_target_of_the_latest_period_with_its_tolerance():
    targets = [F.TargetValue(Period.calendar_year(2018), 80.0, tolerance=5)]
    facts = F.assemble(_inputs([70, 72, 76], targets=targets))
    assert facts.target.value == 80.0
    assert facts.rag.status == "amber"
    facts = F.assemble(_inputs([70, 72, 70], targets=targets))
    assert facts.rag.status == "red"
    assert "Off target (red)" in facts.exception_reasons


def test_a_target_for_another_period_does_not_rate_the_latest_value():
    targets = [F.TargetValue(Period.calendar_year(2017), 80.0)]
    assert F.assemble(_inputs([70, 72, 76], targets=targets)).rag.status == "not_rated"


def test_direction_of_travel_against_previous_and_same_period_last_year():
    facts = F.assemble(_inputs([80, 70, 60]))
    assert facts.vs_previous.direction == "getting_worse"
    assert facts.vs_last_year.direction == "getting_worse"  # yearly: last year is the previous
    assert "Significantly worse than the previous period" in facts.exception_reasons


def test_interval_computed_from_numerator_and_denominator_when_the_value_has_none():
    info = F.IndicatorInfo(pk=1, code="P", title="Share", polarity="higher", value_type="proportion",
                           unit="percentage", decimal_places=1)  # fmt: skip
    value = F.Value(Period.calendar_year(2020), 50.0, numerator=50, denominator=100)
    facts = F.assemble(F.Inputs(indicator=info, area_name="Here", series=[value]))
    assert facts.interval is not None and facts.interval.method == "Wilson"
    assert facts.interval.lower == pytest.approx(40.38, abs=0.01)


def test_benchmark_rank_and_quartile_in_the_comparator_group():
    period = Period.calendar_year(2018).code
    facts = F.assemble(
        _inputs(
            [70, 70, 60],
            benchmark_name="England",
            benchmark={period: F.Value(Period.calendar_year(2018), 75.0)},
            group_name="Neighbours",
            group_values={period: {"Here": 60, "A": 70, "B": 71, "C": 72, "D": 73}},
        )
    )
    assert facts.comparison.outcome == "worse"
    assert facts.rank.rank == 5 and facts.rank.of == 5
    assert facts.quartile.group == 1
    assert "Significantly worse than England" in facts.exception_reasons
    assert facts.honest.sentence.startswith("Not rated") or "worse than England" in facts.honest.sentence


def test_forecast_to_the_last_target_says_off_track_for_a_falling_series():
    targets = [F.TargetValue(Period.calendar_year(2026), 90.0)]
    facts = F.assemble(_inputs([80, 78, 76, 74, 72, 70, 68], targets=targets))
    assert facts.forecast is not None and facts.forecast.outcome == "off_track"
    assert "Not on track to meet the target" in facts.exception_reasons


def test_too_few_points_gives_no_forecast_verdict():
    targets = [F.TargetValue(Period.calendar_year(2026), 90.0)]
    facts = F.assemble(_inputs([80, 78, 76], targets=targets))
    assert facts.forecast.outcome == "not_assessed"


def test_a_healthy_indicator_is_not_an_exception_and_exceptions_sort_first():
    good = F.assemble(_inputs([60, 70, 80], targets=[F.TargetValue(Period.calendar_year(2018), 75.0)]))
    bad = F.assemble(_inputs([80, 70, 60], targets=[F.TargetValue(Period.calendar_year(2018), 75.0)]))
    assert not good.is_exception and good.rag.status == "green"
    assert F.exceptions_first([good, bad]) == [bad, good]


def test_no_values_gives_not_rated_and_not_assessed():
    facts = F.assemble(_inputs([]))
    assert facts.latest is None and facts.rag.status == "not_rated"
    assert facts.vs_previous.direction == "not_assessed" and not facts.is_exception


def test_every_figure_has_an_explanation_when_computed():
    facts = F.assemble(_inputs([80, 78, 76, 74, 72, 70, 68],
                               targets=[F.TargetValue(Period.calendar_year(2022), 75.0),
                                        F.TargetValue(Period.calendar_year(2026), 90.0)]))  # fmt: skip
    for name in ("rag", "previous", "last_year", "forecast", "status"):
        assert F.figure_explanation(facts, name).explanation


# --- the selector: a fixed number of queries ----------------------------------------------------


def _count_queries(django_assert_num_queries, partnership, expected):
    with django_assert_num_queries(expected):
        rows = list(selectors_insight.links(partnership))
        bundle = selectors_insight.indicator_facts(partnership, rows)
    return bundle


QUERIES = 9  # links, outcomes, area, groups, members, values, members' latest values, targets, commentary


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_facts_of_any_number_of_indicators_take_a_fixed_number_of_queries(django_assert_num_queries, count):
    partnership = PartnershipFactory()
    scene(partnership, count)
    bundle = _count_queries(django_assert_num_queries, partnership, QUERIES)
    assert len(bundle.cards) == count
    card = bundle.cards[0]
    assert card.facts.latest.value == 59  # 80 - 3 × 7
    assert card.facts.rag.status == "red"
    assert card.facts.comparison.outcome == "worse"
    assert card.facts.rank.of == 5
    assert card.facts.commentary.doing == "A recovery plan starts in May."
    assert card.facts.forecast.outcome == "off_track"


@pytest.mark.django_db
def test_another_partnerships_values_are_never_used():
    partnership = PartnershipFactory()
    s = scene(partnership, 1)
    other = PartnershipFactory()
    from joinedup.performance.tests.factories_library import ObservationFactory

    ObservationFactory(indicator=s.links[0].indicator, partnership=other, area=s.area,
                       period=Period.calendar_year(2030), value=1000)  # fmt: skip
    bundle = selectors_insight.indicator_facts(partnership, list(selectors_insight.links(partnership)))
    assert bundle.cards[0].facts.latest.period == Period.calendar_year(2023)
