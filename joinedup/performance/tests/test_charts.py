"""The indicator page's analysis panels and the completeness page (charts part)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from joinedup.core import charts
from joinedup.core.periods import Period
from joinedup.partnerships.models import AreaType
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.performance.analysis import gaps as gp
from joinedup.performance.analysis import intervals, spc
from joinedup.performance.analysis.trend import Point as TPoint
from joinedup.performance.models import ComparatorKind, Polarity, Unit, ValueType
from joinedup.performance.presenters_charts import indicator_analysis
from joinedup.performance.tests.factories_charts import approve_target, months, write_values
from joinedup.performance.tests.factories_library import (
    ComparatorGroupFactory,
    LinkFactory,
    LocalIndicatorFactory,
    SharedIndicatorFactory,
    add_member,
)
from joinedup.performance.views.charts import completeness_rows

pytestmark = pytest.mark.django_db

# The repository's byte-for-byte copy of ../shared/data/real/ (a clean clone has no ../shared).
REAL = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"
FINGERTIPS = REAL / "fingertips_93356_campylobacter_CountyUA.csv"


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury", name="Isisbury Partnership")


@pytest.fixture
def area(partnership):
    area = AreaFactory(
        code="E06000901", name="Isisbury", area_type=AreaType.UNITARY, region_name="South East"
    )
    partnership.areas.add(area)
    return area


@pytest.fixture
def editor_client(client, partnership):
    client.force_login(user_with_role(partnership, "editor"))
    return client


def page(client, partnership, indicator, **query):
    url = reverse("performance:indicator", kwargs={"slug": partnership.slug, "indicator_id": indicator.pk})
    return client.get(url, query)


def years(first, last):
    return [Period.calendar_year(y) for y in range(first, last + 1)]


def table_cells(chart):
    return {cell for row in chart.table.rows for cell in row}


# --- trend against target ----------------------------------------------------------------------


def test_the_trend_panel_plots_every_value_with_computed_intervals_and_each_periods_approved_target(
    editor_client, partnership, area
):
    indicator = SharedIndicatorFactory(
        unit=Unit.RATE_100000, value_type=ValueType.CRUDE_RATE, polarity=Polarity.LOWER_IS_BETTER
    )
    counts = (900.0, 800.0, 700.0, 600.0, 500.0)
    rows = [(p, n, n, 100_000.0) for p, n in zip(years(2019, 2023), counts, strict=True)]
    write_values(indicator, area, rows)  # rates per 100,000 with no published interval
    approve_target(partnership, indicator, area, Period.calendar_year(2022), 650.0, tolerance=20.0)
    approve_target(partnership, indicator, area, Period.calendar_year(2023), 400.0, tolerance=20.0)

    response = page(editor_client, partnership, indicator)
    t = indicator_analysis(partnership, indicator, None).trend
    cells = table_cells(t.chart)
    for _, value, n, d in rows:
        assert f"{value:,.1f}" in cells
        expected = intervals.crude_rate(n, d, multiplier=100_000)
        assert f"{expected.lower:,.1f}" in cells and f"{expected.upper:,.1f}" in cells
    assert {"650.0", "400.0"} <= cells  # the approved targets
    statuses = {r.period.code: r.status for r in t.rag_rows}
    assert statuses == {
        "2019": "not_rated",
        "2020": "not_rated",
        "2021": "not_rated",
        "2022": "green",
        "2023": "red",
    }
    assert t.directions[0].direction == "getting_better"  # 500 vs 600, intervals apart
    body = response.content.decode()
    assert "Trend against target" in body and "RAG history" in body
    assert t.directions is not None and "Against the previous period (2022)" in body
    assert "How was this computed" in body


def test_an_unapproved_target_is_not_drawn(partnership, area):
    indicator = SharedIndicatorFactory(polarity=Polarity.HIGHER_IS_BETTER)
    write_values(indicator, area, [(p, 10.0) for p in years(2020, 2022)])
    approve_target(partnership, indicator, area, Period.calendar_year(2022), 99.0, approved_at=None)
    trend = indicator_analysis(partnership, indicator, None).trend
    assert "99.0" not in table_cells(trend.chart)
    assert all(r.status == "not_rated" for r in trend.rag_rows)


def test_the_same_inputs_give_the_same_cached_chart(partnership, area):
    indicator = SharedIndicatorFactory()
    write_values(indicator, area, [(p, 10.0 + i) for i, p in enumerate(years(2018, 2022))])
    first = indicator_analysis(partnership, indicator, None).trend.chart
    second = indicator_analysis(partnership, indicator, None).trend.chart
    assert first.chart_id == second.chart_id and first.svg == second.svg


# --- comparators --------------------------------------------------------------------------------


def _group_world(partnership, area, polarity=Polarity.LOWER_IS_BETTER):
    indicator = SharedIndicatorFactory(polarity=polarity, value_type=ValueType.OTHER)
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    others = [
        AreaFactory(code=f"E0690090{i}", name=f"Neighbour {i}", area_type=AreaType.UNITARY)
        for i in range(2, 6)
    ]
    group = ComparatorGroupFactory(
        partnership=partnership,
        name="Our neighbours",
        kind=ComparatorKind.NEAREST_NEIGHBOURS,
        benchmark_area=england,
    )
    for rank, member in enumerate(others, start=1):
        add_member(group, member, rank)
    latest = Period.calendar_year(2023)
    write_values(indicator, england, [(latest, 50.0, None, None, 49.0, 51.0)])
    write_values(indicator, area, [(latest, 60.0, None, None, 55.0, 65.0)])  # worse (lower is better)
    for value, member in zip((40.0, 48.0, 52.0, 70.0), others, strict=True):
        write_values(indicator, member, [(latest, value, None, None, value - 4, value + 4)])
    return indicator, group, others


def test_the_comparator_panel_ranks_the_group_highlights_our_area_and_says_how_each_compares(
    editor_client, partnership, area
):
    indicator, group, _ = _group_world(partnership, area)
    c = indicator_analysis(partnership, indicator, None).comparator
    assert c.chosen.key == str(group.pk)  # nearest neighbours by default
    assert [r.value for r in c.rows] == [40.0, 48.0, 52.0, 60.0, 70.0]  # best first
    ours = c.headline_row
    assert ours.area == area and ours.rank.label == "4th of 5" and ours.comparison.outcome == "worse"
    assert {r.area.name: r.comparison.outcome for r in c.rows}["Neighbour 3"] == "similar"
    assert {r.area.name: r.comparison.outcome for r in c.rows}["Neighbour 2"] == "better"
    cells = table_cells(c.chart)
    assert {"40.0", "48.0", "52.0", "60.0", "70.0", "50.0"} <= cells
    assert "Isisbury (highlighted)" in cells and "England (benchmark)" in cells
    body = page(editor_client, partnership, indicator).content.decode()
    for words in (">Worse</td>", ">Better</td>", ">Similar</td>", "4th of 5", "Compared with England"):
        assert words in body


def test_the_region_group_is_the_default_without_nearest_neighbours(partnership, area):
    indicator = SharedIndicatorFactory()
    other = AreaFactory(
        code="E06000902", name="Kennetshire", area_type=AreaType.UNITARY, region_name="South East"
    )
    AreaFactory(
        code="E07000903",
        name="A district",
        area_type=AreaType.NON_METROPOLITAN_DISTRICT,
        region_name="South East",
    )
    write_values(indicator, area, [(Period.calendar_year(2023), 5.0)])
    write_values(indicator, other, [(Period.calendar_year(2023), 7.0)])
    c = indicator_analysis(partnership, indicator, None).comparator
    assert c.chosen.key == "region"
    assert [r.area.name for r in c.rows] == ["Isisbury", "Kennetshire"]  # lower is better: lowest first
    assert all(r.comparison is None or r.comparison.outcome == "not_compared" for r in c.rows)


def test_a_comparator_group_is_chosen_by_the_get_parameter(editor_client, partnership, area):
    indicator, _, _ = _group_world(partnership, area)
    mine = ComparatorGroupFactory(partnership=partnership, name="Just us")
    add_member(mine, area)
    response = page(editor_client, partnership, indicator, comparator=str(mine.pk))
    body = response.content.decode()
    assert f'<option value="{mine.pk}" selected>' in body


# --- variation ----------------------------------------------------------------------------------


def _monthly(partnership, area, count, frequency="monthly"):
    indicator = LocalIndicatorFactory(partnership=partnership, frequency=frequency, decimal_places=0)
    periods = months(Period.month(2024, 1), count)
    values = [10.0, 12.0, 11.0, 13.0, 12.0, 11.0, 10.0, 12.0, 11.0, 30.0, 12.0, 11.0, 12.0, 10.0][:count]
    write_values(indicator, area, list(zip(periods, values, strict=True)), partnership=partnership)
    return indicator


def test_the_variation_chart_shows_with_twelve_monthly_points_and_flags_special_causes(partnership, area):
    indicator = _monthly(partnership, area, 12)
    s = indicator_analysis(partnership, indicator, None).spc
    assert s.chart is not None and not s.reason
    flagged = [r for r in s.rows if r[3]]
    assert [r[0].code for r in flagged] == [Period.month(2024, 10).code]  # the 30 is beyond the limit
    assert "Upper process limit" in s.chart.table.headings
    assert s.result.settings.shift_length == 6


def test_no_variation_chart_with_eleven_points_and_the_page_says_why(editor_client, partnership, area):
    indicator = _monthly(partnership, area, 11)
    s = indicator_analysis(partnership, indicator, None).spc
    assert s.chart is None and "at least 12" in s.reason and "there are 11" in s.reason
    assert (
        "at least 12 monthly or quarterly values"
        in page(editor_client, partnership, indicator).content.decode()
    )


def test_no_variation_chart_for_yearly_values_however_many(partnership, area):
    indicator = SharedIndicatorFactory()
    write_values(indicator, area, [(p, 5.0 + i % 3) for i, p in enumerate(years(2000, 2014))])
    s = indicator_analysis(partnership, indicator, None).spc
    assert s.chart is None and "monthly or quarterly" in s.reason


# --- forecast -----------------------------------------------------------------------------------


def test_a_forecast_needs_a_target_and_enough_points(partnership, area):
    indicator = SharedIndicatorFactory(polarity=Polarity.HIGHER_IS_BETTER)
    write_values(indicator, area, [(p, 10.0 + i) for i, p in enumerate(years(2019, 2022))])
    assert "no approved target" in indicator_analysis(partnership, indicator, None).forecast.reason
    approve_target(partnership, indicator, area, Period.calendar_year(2026), 15.0)
    f = indicator_analysis(partnership, indicator, None).forecast
    assert f.chart is None and "at least 6 values" in f.reason


def test_a_steady_rise_is_on_track_to_meet_the_target(editor_client, partnership, area):
    indicator = SharedIndicatorFactory(polarity=Polarity.HIGHER_IS_BETTER)
    write_values(
        indicator, area, [(p, 10.0 + i + (0.1 if i % 2 else 0)) for i, p in enumerate(years(2015, 2022))]
    )
    approve_target(partnership, indicator, area, Period.calendar_year(2025), 12.0)
    f = indicator_analysis(partnership, indicator, None).forecast
    assert f.result.outcome == "on_track"
    cells = table_cells(f.chart)
    assert f"{f.result.predicted:,.1f}" in cells and f"{f.result.lower:,.1f}" in cells
    assert "On track to meet the target" in page(editor_client, partnership, indicator).content.decode()


# --- footprint ----------------------------------------------------------------------------------


def test_the_footprint_pools_numerators_and_denominators_and_lists_every_member(
    editor_client, partnership, area
):
    second = AreaFactory(code="E06000904", name="Westbury", area_type=AreaType.UNITARY)
    partnership.areas.add(second)
    indicator = SharedIndicatorFactory(unit=Unit.PERCENTAGE, value_type=ValueType.PROPORTION)
    p = Period.calendar_year(2023)
    write_values(indicator, area, [(p, 10.0, 10.0, 100.0)])
    write_values(indicator, second, [(p, 50.0, 450.0, 900.0)])
    f = indicator_analysis(partnership, indicator, None).footprint
    assert f.result.ok and f.result.value == pytest.approx(46.0)  # 460 / 1000, not the mean 30
    cells = table_cells(f.chart)
    assert {"10.0%", "50.0%", "46.0%"} <= cells
    assert "The partnership's areas together" in page(editor_client, partnership, indicator).content.decode()


def test_a_directly_standardised_rate_footprint_is_refused_with_the_analysis_message(
    editor_client, partnership, area
):
    second = AreaFactory(code="E06000905", name="Eastbury", area_type=AreaType.UNITARY)
    partnership.areas.add(second)
    indicator = SharedIndicatorFactory(value_type=ValueType.DSR)
    p = Period.calendar_year(2023)
    write_values(indicator, area, [(p, 120.0, 30.0, 25000.0)])
    write_values(indicator, second, [(p, 140.0, 40.0, 28000.0)])
    f = indicator_analysis(partnership, indicator, None).footprint
    assert not f.result.ok and "directly standardised rate cannot be combined" in f.result.refused
    assert {"120.0", "140.0"} <= table_cells(f.chart)
    body = page(editor_client, partnership, indicator).content.decode()
    assert 'id="footprint-refused"' in body and "cannot be combined" in body


def test_no_footprint_for_a_partnership_of_one_area(partnership, area):
    indicator = SharedIndicatorFactory()
    write_values(indicator, area, [(Period.calendar_year(2023), 1.0)])
    assert indicator_analysis(partnership, indicator, None).footprint is None


# --- gaps ---------------------------------------------------------------------------------------


def _num(text):
    return float(text) if text != "" else None


def _fingertips_decile_rows():
    with FINGERTIPS.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        r
        for r in rows
        if r["Area Code"] == "E92000001"
        and r["Category Type"].startswith("County & UA")
        and r["Age"] == "All ages"
        and r["Category"].split()[0] in ("Most", "Least")
    ]


def test_the_gap_panel_reads_the_real_fingertips_england_decile_rows(editor_client, partnership, area):
    # The export gives England's decile rows counts and denominators but no limits: the panel
    # computes them (Byar's method for a crude rate) and tests the gap's change with them.
    indicator = SharedIndicatorFactory(
        polarity=Polarity.LOWER_IS_BETTER, unit=Unit.RATE_100000, value_type=ValueType.CRUDE_RATE
    )
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    write_values(indicator, area, [(Period.calendar_year(2017), 90.0)])
    source = _fingertips_decile_rows()
    assert len(source) == 6
    by_year: dict[str, dict[str, dict]] = {}
    for r in source:
        period = Period.calendar_year(int(r["Time period"]))
        count, denominator = float(r["Count"]), float(r["Denominator"])
        write_values(
            indicator,
            england,
            [(period, float(r["Value"]), count, denominator)],
            category_type=r["Category Type"],
            category=r["Category"],
        )
        by_year.setdefault(r["Time period"], {})[r["Category"].split()[0]] = r

    def point(r):
        limits = intervals.crude_rate(float(r["Count"]), float(r["Denominator"]), multiplier=100_000)
        return TPoint(float(r["Value"]), limits.lower, limits.upper)

    expected = [
        gp.gap(Period.calendar_year(int(year)), point(pair["Most"]), point(pair["Least"]))
        for year, pair in sorted(by_year.items())
    ]
    trend = gp.gap_trend(expected)
    assert trend.outcome == "widening"  # 2015 -28.4, 2017 -41.7: the most deprived have fewer cases
    [g] = indicator_analysis(partnership, indicator, None).gaps
    assert g.area == england and g.trend.outcome == trend.outcome
    assert [round(x.gap, 6) for x in g.gaps] == [round(x.gap, 6) for x in expected]
    body = page(editor_client, partnership, indicator).content.decode()
    for one in expected:  # every gap in the page's table of gaps, with its explanation
        assert f">{one.gap:.1f}</td>" in body and one.explanation in body
    assert "The gap is widening: the gap between the most and least deprived was" in body


def test_a_narrowing_gap_says_so(partnership, area):
    indicator = SharedIndicatorFactory()
    ctype = "District & UA deprivation deciles in England (IMD2019)"
    for year, most, least in ((2018, 200.0, 100.0), (2023, 120.0, 110.0)):
        p = Period.calendar_year(year)
        write_values(
            indicator,
            area,
            [(p, most, None, None, most - 2, most + 2)],
            category_type=ctype,
            category="Most deprived decile (IMD2019)",
        )
        write_values(
            indicator,
            area,
            [(p, least, None, None, least - 2, least + 2)],
            category_type=ctype,
            category="Least deprived decile (IMD2019)",
        )
    [g] = indicator_analysis(partnership, indicator, None).gaps
    assert g.trend.outcome == "narrowing" and g.trend.label == "Narrowing the gap"
    assert {"200.0", "100.0", "120.0", "110.0"} <= table_cells(g.chart)
    assert [x.gap for x in g.gaps] == [100.0, 10.0]


# --- bounded queries ----------------------------------------------------------------------------


def test_the_analysis_panels_take_the_same_number_of_queries_for_few_or_many_areas_and_values(
    editor_client, partnership, area, django_assert_max_num_queries
):
    indicator, group, _ = _group_world(partnership, area)

    def more(n, start):
        for i in range(n):
            extra = AreaFactory(
                code=f"E0790{start + i:04d}", area_type=AreaType.UNITARY, region_name="South East"
            )
            partnership.areas.add(extra)
            add_member(group, extra)
            write_values(
                indicator, extra, [(p, 40.0 + i, None, None, 38.0, 42.0 + i) for p in years(2015, 2023)]
            )
            approve_target(partnership, indicator, extra, Period.calendar_year(2023), 45.0)

    more(2, 100)
    with django_assert_max_num_queries(60) as few:
        page(editor_client, partnership, indicator)
    more(8, 200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = page(editor_client, partnership, indicator)
    assert response.status_code == 200


# --- completeness -------------------------------------------------------------------------------


def completeness_url(partnership):
    return reverse("performance:completeness", kwargs={"slug": partnership.slug})


def test_the_completeness_page_lists_missing_periods_overdue_updates_and_owners_who_never_update(
    editor_client, partnership, area, django_assert_max_num_queries
):
    keen = PersonFactory(partnership=partnership, full_name="Kim Keen")
    idle = PersonFactory(partnership=partnership, full_name="Ivo Idle")
    gappy = LocalIndicatorFactory(partnership=partnership, code="GAPPY", frequency="annual")
    LinkFactory(partnership=partnership, indicator=gappy, owner_person=keen)
    write_values(
        gappy, area, [(p, 1.0) for p in years(2018, 2020) + years(2023, 2025)], partnership=partnership
    )
    silent = LocalIndicatorFactory(partnership=partnership, code="SILENT", frequency="annual")
    # Due the day last year ended: overdue whatever today is.
    LinkFactory(partnership=partnership, indicator=silent, owner_person=idle, due_days_after_period=0)
    with django_assert_max_num_queries(20):
        response = editor_client.get(completeness_url(partnership))
    rows = {r.link.indicator.code: r for r in response.context["rows"]}
    assert [p.code for p in rows["GAPPY"].missing.missing] == ["2021", "2022"]
    assert rows["SILENT"].latest is None and rows["SILENT"].overdue
    owners = {o.name: o for o in response.context["owners"]}
    assert owners["Ivo Idle"].never and not owners["Kim Keen"].never
    body = response.content.decode()
    assert "Never updated" in body and "2021, 2022" in body and "Overdue" in body


def test_an_annual_update_is_overdue_only_after_its_due_date(partnership, area):
    indicator = LocalIndicatorFactory(partnership=partnership, frequency="annual")
    link = LinkFactory(partnership=partnership, indicator=indicator, due_days_after_period=30)
    write_values(indicator, area, [(Period.calendar_year(2024), 1.0)], partnership=partnership)
    from joinedup.performance.selectors_charts import completeness_inputs

    inputs = completeness_inputs(partnership)
    [before], _ = completeness_rows(inputs, dt.date(2026, 1, 30), 3)
    [after], _ = completeness_rows(inputs, dt.date(2026, 1, 31), 3)
    assert before.link == link and not before.overdue and after.overdue


def test_an_owner_with_no_value_in_the_last_periods_is_listed_as_quiet(partnership, area):
    owner = PersonFactory(partnership=partnership, full_name="Quinn Quiet")
    indicator = LocalIndicatorFactory(partnership=partnership, frequency="monthly")
    LinkFactory(partnership=partnership, indicator=indicator, owner_person=owner)
    write_values(indicator, area, [(Period.month(2025, 1), 1.0)], partnership=partnership)
    from joinedup.performance.selectors_charts import completeness_inputs

    _, [row] = completeness_rows(completeness_inputs(partnership), dt.date(2025, 6, 15), 3)
    assert row.quiet and not row.never
    _, [row] = completeness_rows(completeness_inputs(partnership), dt.date(2025, 3, 15), 3)
    assert not row.quiet


def test_the_chart_helper_is_used_for_every_chart(partnership, area):
    indicator = _monthly(partnership, area, 12)
    analysis = indicator_analysis(partnership, indicator, None)
    for chart in (analysis.trend.chart, analysis.spc.chart):
        assert isinstance(chart, charts.Chart) and chart.description and "<title" in chart.svg


def test_the_spc_run_lengths_are_chosen_on_the_page_and_shown(editor_client, partnership, area):
    indicator = LocalIndicatorFactory(partnership=partnership, frequency="monthly", decimal_places=0)
    # Seven points in a row above the mean at the end: a shift of 6 and of 7, not of 8.
    values = [10.0, 9.0, 10.0, 9.0, 10.0, 9.0, 10.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0]
    write_values(
        indicator,
        area,
        list(zip(months(Period.month(2024, 1), 14), values, strict=True)),
        partnership=partnership,
    )
    seven = page(editor_client, partnership, indicator, shift="7")
    assert seven.context["charts_section"] is not None
    body = seven.content.decode()
    assert "a shift of 7 points in a row" in body and '<option value="7" selected>' in body
    s7 = indicator_analysis(partnership, indicator, None, spc_settings=spc.SpcSettings(shift_length=7)).spc
    s8 = indicator_analysis(partnership, indicator, None, spc_settings=spc.SpcSettings(shift_length=8)).spc
    assert s7.result.rules["shift_up"] and not s8.result.rules["shift_up"]
    assert "a shift of 6 points" in page(editor_client, partnership, indicator, shift="99").content.decode()


def test_the_completeness_reads_take_the_same_number_of_queries_for_few_or_many_indicators(
    partnership, area, django_assert_max_num_queries
):
    from joinedup.performance.selectors_charts import completeness_inputs

    def more(n):
        for _ in range(n):
            indicator = LocalIndicatorFactory(partnership=partnership, frequency="annual")
            extra = AreaFactory(area_type=AreaType.UNITARY)
            link = LinkFactory(
                partnership=partnership,
                indicator=indicator,
                owner_person=PersonFactory(partnership=partnership),
            )
            link.areas.add(extra)
            write_values(indicator, extra, [(p, 1.0) for p in years(2019, 2023)], partnership=partnership)

    more(2)
    with django_assert_max_num_queries(4):
        assert len(completeness_inputs(partnership)) == 2
    more(10)
    with django_assert_max_num_queries(4):
        inputs = completeness_inputs(partnership)
    assert len(inputs) == 12 and all(len(i.periods) == 5 for i in inputs)


def test_the_analysis_reads_a_fixed_number_of_queries(partnership, area, django_assert_max_num_queries):
    indicator, _, _ = _group_world(partnership, area)
    approve_target(partnership, indicator, area, Period.calendar_year(2023), 55.0)
    with django_assert_max_num_queries(15):
        analysis = indicator_analysis(partnership, indicator, None)
    assert analysis.trend and analysis.comparator.rows


def test_no_forecast_when_every_target_is_in_the_past(partnership, area):
    indicator = SharedIndicatorFactory(polarity=Polarity.HIGHER_IS_BETTER)
    write_values(indicator, area, [(p, 10.0 + i) for i, p in enumerate(years(2015, 2022))])
    approve_target(partnership, indicator, area, Period.calendar_year(2020), 12.0)
    f = indicator_analysis(partnership, indicator, None).forecast
    assert f.chart is None and "already has a value" in f.reason


def test_the_honest_status_puts_the_target_beside_the_comparison(editor_client, partnership, area):
    indicator, _, _ = _group_world(
        partnership, area
    )  # Isisbury 60 (55-65) against England 50, lower is better
    approve_target(partnership, indicator, area, Period.calendar_year(2023), 62.0)
    c = indicator_analysis(partnership, indicator, None).comparator
    assert c.honest is not None and c.honest.rag.status == "green"
    assert c.honest.sentence.startswith("On target but significantly worse")
    assert c.honest.sentence in page(editor_client, partnership, indicator).content.decode()


def test_the_page_works_when_the_partnerships_area_has_no_values(editor_client, partnership, area):
    indicator = SharedIndicatorFactory()
    write_values(
        indicator, AreaFactory(code="E06000999", name="Far away"), [(Period.calendar_year(2023), 3.0)]
    )
    response = page(editor_client, partnership, indicator)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is no value for Isisbury to compare." in body
    assert "There is no variation chart because there are no values." in body
    assert "Isisbury has no values and no approved targets for this indicator yet." in body


def test_no_analysis_panels_for_a_partnership_without_areas(editor_client, partnership):
    indicator = SharedIndicatorFactory()
    write_values(indicator, AreaFactory(code="E06000998"), [(Period.calendar_year(2023), 3.0)])
    body = page(editor_client, partnership, indicator).content.decode()
    assert "Trend against target" not in body and "Compared with similar areas" not in body
