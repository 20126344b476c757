import re
import threading
from decimal import Decimal
from unittest import mock
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string

from joinedup.core import charts
from joinedup.core.charts import Bar, Point, Series, bar_chart, line_chart, sparkline
from joinedup.core.periods import Period

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def oxfordshire_line(**overrides):
    arguments = {
        "title": "Campylobacter incidence per 100,000",
        "y_label": "Rate per 100,000",
        "series": [
            Series(
                "Oxfordshire",
                [
                    Point(Period.calendar_year(2015), Decimal("94.7"), Decimal("90.1"), 99.2),
                    Point(Period.calendar_year(2016), None),
                    Point(Period.calendar_year(2017), Decimal("101.3"), 96, 106),
                ],
            ),
            Series("England", [(Period.calendar_year(y), 90 + y % 5) for y in (2015, 2016, 2017)]),
        ],
        "target": Series("Target", [(Period.calendar_year(2017), Decimal("85"))]),
    }
    return line_chart(**{**arguments, **overrides})


def ranking(**overrides):
    arguments = {
        "title": "Campylobacter incidence by county, 2017",
        "bars": [
            Bar("Oxfordshire", Decimal("101.3"), Decimal("96"), Decimal("106")),
            ("Buckinghamshire", 88.25),
            ("West Berkshire", None),
        ],
        "highlight": "Oxfordshire",
        "benchmark": ("England", Decimal("94.7")),
    }
    return bar_chart(**{**arguments, **overrides})


def trend():
    return sparkline(
        title="Incidence trend",
        points=[(Period.financial_year(2015 + i), Decimal(v)) for i, v in enumerate([3, 5, 4])],
    )


def parsed(chart):
    root = ElementTree.fromstring(chart.svg)  # noqa: S314 - our own output, in a test
    assert root.tag == f"{SVG}svg"
    return root


@pytest.mark.parametrize("build", [oxfordshire_line, ranking, trend])
def test_svg_is_accessible_xml_with_title_and_description(build):
    chart = build()
    root = parsed(chart)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == chart.title
    assert desc is not None and desc.text == chart.description
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")


@pytest.mark.parametrize("build", [oxfordshire_line, ranking, trend])
def test_svg_has_no_script_and_loads_nothing_from_outside(build):
    chart = build()
    root = parsed(chart)
    for element in root.iter():
        assert not element.tag.endswith("script")
        assert not element.tag.endswith("foreignObject")
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert value.startswith("#"), value
            assert not name.startswith("on"), name
            assert "url(http" not in value and "url(//" not in value
    assert "<!DOCTYPE" not in chart.svg and "@import" not in chart.svg


@pytest.mark.parametrize("build", [oxfordshire_line, ranking])
def test_text_stays_text(build):
    chart = build()
    texts = [el.text for el in parsed(chart).iter(f"{SVG}text")]
    assert texts, "svg.fonttype none keeps labels as <text>, not paths"


def test_line_table_has_every_data_point():
    chart = oxfordshire_line()
    table = chart.table
    assert table.caption == chart.title
    assert table.headings == (
        "Period",
        "Oxfordshire",
        "Oxfordshire: lower limit",
        "Oxfordshire: upper limit",
        "England",
        "Target",
    )
    assert table.rows == (
        ("2015", "94.7", "90.1", "99.2", "90.0", "No data"),
        ("2016", "No data", "No data", "No data", "91.0", "No data"),
        ("2017", "101.3", "96.0", "106.0", "92.0", "85.0"),
    )


def test_line_chart_draws_each_series_with_its_own_marker_and_line_style():
    chart = oxfordshire_line()
    # Series are told apart in the legend by marker and dash pattern, not colour alone.
    dash_styles = set(re.findall(r"stroke-dasharray: ([\d., ]+)", chart.svg))
    assert len(dash_styles) >= 2
    assert "Oxfordshire: 95% confidence interval" in chart.svg
    assert "<pattern" in chart.svg  # the band is hatched


def test_bar_table_has_every_bar_benchmark_and_interval():
    chart = ranking()
    assert chart.table.headings == ("Area", "Value", "Lower limit", "Upper limit")
    assert chart.table.rows == (
        ("Oxfordshire (highlighted)", "101.3", "96.0", "106.0"),
        ("Buckinghamshire", "88.2", "No data", "No data"),
        ("West Berkshire", "No data", "No data", "No data"),
        ("England (benchmark)", "94.7", "", ""),
    )
    assert "Highlighted: Oxfordshire, 101.3." in chart.description
    assert "Oxfordshire (highlighted)" in chart.svg  # legend entry, hatched patch


def test_money_and_percent_values_are_formatted_in_table_and_description():
    money = bar_chart(
        title="Contributions",
        bars=[("Police", Decimal("125000")), ("Fire", Decimal("2500.5"))],
        value_format="money",
    )
    assert [row[1] for row in money.table.rows] == ["£125,000.00", "£2,500.50"]
    assert "£100k" in money.svg  # compact axis labels
    percent = sparkline(title="Share", points=[(Period.month(2020, 1), 12.5)], value_format="percent")
    assert percent.table.rows == (("January 2020", "12.5%"),)


def test_sparkline_table_lists_every_point_in_order():
    chart = trend()
    assert chart.compact
    assert chart.table.rows == (("2015/16", "3.0"), ("2016/17", "5.0"), ("2017/18", "4.0"))
    assert "from 3.0 in 2015/16 to 4.0 in 2017/18" in chart.description


def test_same_inputs_are_drawn_once():
    with mock.patch.object(charts, "_render", wraps=charts._render) as render:
        first = oxfordshire_line()
        second = oxfordshire_line()
        assert render.call_count == 1
        assert first.svg == second.svg
        oxfordshire_line(title="Another title")
        assert render.call_count == 2
        ranking()
        ranking()
        assert render.call_count == 3


def test_any_change_to_the_data_draws_again():
    with mock.patch.object(charts, "_render", wraps=charts._render) as render:
        ranking()
        ranking(bars=[("Oxfordshire", Decimal("101.4"))])
        ranking(highlight=None)
        assert render.call_count == 3


def test_cache_key_is_stable_and_ignores_argument_order():
    spec_a = {"title": "A", "points": [["p:2020", "1", None, None]]}
    spec_b = {"points": [["p:2020", "1", None, None]], "title": "A"}
    assert charts.chart_key("sparkline", spec_a) == charts.chart_key("sparkline", spec_b)
    assert charts.chart_key("sparkline", spec_a) != charts.chart_key("line", spec_a)


def test_charts_draw_in_parallel_threads():
    errors, results = [], {}

    def draw(n):
        try:
            results[n] = sparkline(
                title=f"Trend {n}", points=[(Period.month(2020, m), m * n) for m in range(1, 7)]
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=draw, args=(n,)) for n in range(1, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {results[n].table.rows[-1][1] for n in results} == {f"{6 * n}.0" for n in range(1, 7)}


def test_titles_are_escaped():
    chart = sparkline(title='<script>alert("x")</script> & co', points=[(Period.month(2020, 1), 1)])
    assert "<script" not in chart.svg
    assert parsed(chart).find(f"{SVG}title").text == '<script>alert("x")</script> & co'


def test_ids_are_unique_to_each_chart():
    a, b = oxfordshire_line(), oxfordshire_line(title="Second copy")
    ids_a = set(re.findall(r'id="([^"]+)"', a.svg))
    ids_b = set(re.findall(r'id="([^"]+)"', b.svg))
    assert ids_a and not ids_a & ids_b


def test_chart_values_must_be_numbers():
    with pytest.raises(TypeError, match="must be numbers"):
        bar_chart(title="Money", bars=[("A", "12")], value_format="money")


def test_component_template_shows_svg_and_table_in_details():
    chart = oxfordshire_line()
    html = render_to_string("core/components/chart.html", {"chart": chart})
    assert chart.svg in html
    assert "Show the data for this chart" in html
    assert "<details" in html
    assert '<th scope="col" class="govuk-table__header">Period</th>' in html
    assert '<th scope="row" class="govuk-table__header">2017</th>' in html
    for row in chart.table.rows:
        for cell in row:
            assert f">{cell}<" in html
    visible = render_to_string("core/components/chart.html", {"chart": chart, "table": "visible"})
    assert "<details" not in visible and "<caption" in visible
