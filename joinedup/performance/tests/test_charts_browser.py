"""Browser check of the indicator page with every analysis panel (trend against target,
comparators, variation, forecast, footprint, gap) and of the completeness page, with axe.
Charts keep their text alternatives (title and description) and their data tables."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from joinedup.core.periods import Period
from joinedup.partnerships.models import AreaType
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.performance.models import ComparatorKind, Polarity, Unit, ValueType
from joinedup.performance.tests.factories_charts import approve_target, months, write_values
from joinedup.performance.tests.factories_library import ComparatorGroupFactory, LinkFactory, add_member
from joinedup.performance.tests.factories_targets import SharedIndicatorFactory
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = (
    "Trend against target: Isisbury",
    "Compared with similar areas",
    "Variation",
    "Forecast",
    "The partnership's areas together",
    "The gap between the most and least deprived",
)


def _world():
    partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
    isisbury = AreaFactory(
        code="E06000911", name="Isisbury", area_type=AreaType.UNITARY, region_name="South East"
    )
    westbury = AreaFactory(
        code="E06000912", name="Westbury", area_type=AreaType.UNITARY, region_name="South East"
    )
    partnership.areas.add(isisbury, westbury)
    england = AreaFactory(code="E92000001", name="England", area_type=AreaType.COUNTRY)
    indicator = SharedIndicatorFactory(
        code="CHARTS-1",
        title="Adults in employment",
        unit=Unit.PERCENTAGE,
        value_type=ValueType.PROPORTION,
        polarity=Polarity.HIGHER_IS_BETTER,
        frequency="monthly",
    )
    owner = PersonFactory(partnership=partnership, full_name="Priya Shah")
    LinkFactory(partnership=partnership, indicator=indicator, owner_person=owner)
    periods = months(Period.month(2024, 1), 14)
    for area, base in ((isisbury, 600), (westbury, 700), (england, 650)):
        write_values(
            indicator,
            area,
            [(p, (base + i * 5) / 10, float(base + i * 5), 1000.0) for i, p in enumerate(periods)],
        )
    group = ComparatorGroupFactory(
        partnership=partnership,
        name="Our neighbours",
        kind=ComparatorKind.NEAREST_NEIGHBOURS,
        benchmark_area=england,
    )
    for rank, (code, name, count) in enumerate(
        (
            ("E06000913", "Northbury", 640.0),
            ("E06000914", "Southbury", 720.0),
            ("E06000915", "Eastbury", 580.0),
        ),
        start=1,
    ):
        member = AreaFactory(code=code, name=name, area_type=AreaType.UNITARY)
        add_member(group, member, rank)
        write_values(indicator, member, [(periods[-1], count / 10, count, 1000.0)])
    add_member(group, isisbury, 4)
    ctype = "County & UA deprivation deciles in England (IMD2019)"
    for i, p in enumerate(periods[-2:]):
        write_values(
            indicator,
            england,
            [(p, 60.0 + i, 600.0 + 10 * i, 1000.0)],
            category_type=ctype,
            category="Most deprived decile",
        )
        write_values(
            indicator,
            england,
            [(p, 75.0, 750.0, 1000.0)],
            category_type=ctype,
            category="Least deprived decile",
        )
    approve_target(partnership, indicator, isisbury, Period.month(2025, 6), 70.0, tolerance=2.0)
    approve_target(partnership, indicator, isisbury, periods[-1], 66.0, tolerance=1.0)
    return partnership, indicator


def test_the_indicator_page_shows_every_analysis_panel_with_its_data_and_passes_axe(page: Page, live_server):
    partnership, indicator = _world()
    sign_in_without_the_form(page, live_server.url, user_with_role(partnership, "viewer"))

    page.goto(f"/p/isisbury/indicators/{indicator.pk}/")
    for heading in HEADINGS:
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    # Every chart is an image with a name and a description, and has its data behind a details.
    charts = page.locator("svg[role='img']")
    assert charts.count() >= 5
    for i in range(charts.count()):
        svg = charts.nth(i)
        assert svg.get_attribute("aria-labelledby") and svg.get_attribute("aria-describedby")
        assert svg.locator("title").text_content()
    page.get_by_text("Show the data for this chart").first.click()
    expect(page.locator("table.jup-chart__table").first).to_be_visible()
    # The first "How was this computed" disclosure of the analysis panels (the at-a-glance card
    # links to its own pages with hidden text of the same words).
    page.locator("details summary", has_text="How was this computed").first.click()
    expect(page.get_by_text("Approved target").first).to_be_attached()
    assert_no_axe_violations(page)

    # Choosing another comparator group (JavaScript not needed: a GET form)
    page.get_by_label("Comparator group").select_option(
        label="Counties and unitary authorities in South East"
    )
    page.get_by_role("button", name="Compare").click()
    expect(
        page.get_by_role("cell", name="Westbury").or_(page.get_by_role("rowheader", name="Westbury")).first
    ).to_be_attached()
    assert_no_axe_violations(page)

    page.goto("/p/isisbury/performance/completeness/")
    expect(page.get_by_role("heading", name="Completeness and overdue updates", level=1)).to_be_visible()
    expect(page.get_by_role("rowheader", name="Priya Shah")).to_be_visible()
    assert_no_axe_violations(page)
