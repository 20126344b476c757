"""Browser journey through the indicator library: an editor adds a local indicator, links a
shared one to an outcome, searches the library and reads a shared indicator's values as they
stood on an earlier date. Every page on the way is checked with axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.core.periods import Period
from joinedup.partnerships.tests.factories import (
    AreaFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.performance.services.observations import NewObservation, plan_observations, write_observations
from joinedup.performance.tests.factories_library import SharedIndicatorFactory
from joinedup.strategy.tests.factories import OutcomeFactory
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _value(indicator, area, year, value, at):
    plan = plan_observations(
        [
            NewObservation(
                indicator_id=indicator.pk, area_id=area.pk, period=Period.calendar_year(year), value=value
            )
        ],
        may_revise=True,
    )
    write_observations(plan, partnership_id=None, entered_by_label="Site operator", now=at)


def test_an_editor_adds_a_local_indicator_uses_a_shared_one_and_reads_past_figures(page: Page, live_server):
    partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
    area = AreaFactory(code="E07000911", name="Isisbury")
    partnership.areas.add(area)
    outcome = OutcomeFactory(
        partnership=partnership, priority__strategy__partnership=partnership, title="Fewer infections"
    )
    PersonFactory(partnership=partnership, full_name="Priya Shah")
    shared = SharedIndicatorFactory(code="93356", title="Campylobacter infection rate", decimal_places=1)
    _value(shared, area, 2022, 95.26, timezone.make_aware(dt.datetime(2024, 1, 10)))
    _value(shared, area, 2022, 97.0, timezone.make_aware(dt.datetime(2024, 6, 10)))
    sign_in_without_the_form(page, live_server.url, user_with_role(partnership, "editor"))

    # Given the library, when I add a local indicator
    page.goto("/p/isisbury/indicators/")
    expect(page.get_by_role("heading", name="Indicators", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Add a local indicator").click()
    assert_no_axe_violations(page)
    page.get_by_label("Code").fill("LOCAL 1")
    page.get_by_label("Title").fill("Homes retrofitted")
    page.get_by_label("Higher is better").check()
    page.get_by_role("button", name="Save").click()

    # Then its page shows the definition, and it is used by the partnership
    expect(page.get_by_role("heading", name="LOCAL 1 Homes retrofitted", level=1)).to_be_visible()
    expect(page.get_by_text("Local indicator", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    # When I find the shared indicator and use it for an outcome, with an owner
    page.goto("/p/isisbury/indicators/")
    page.get_by_label("Search by code, title or definition").fill("campylobacter")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile("Campylobacter infection rate")).click()
    expect(page.get_by_text("This is a shared indicator")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the definition")).to_have_count(0)
    page.get_by_role("link", name="Use this indicator").click()
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("Fewer infections")).check()
    page.get_by_label("Owner (optional)").select_option(label="Priya Shah")
    page.get_by_role("button", name="Use this indicator").click()

    # Then the page says which outcome it serves and shows the latest figure
    expect(page.get_by_role("link", name="Fewer infections")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("by area and period"))
    expect(table.get_by_role("cell", name="97.0")).to_be_visible()
    assert_no_axe_violations(page)

    # When I ask for the figures as they stood in March 2024, the earlier figure shows
    page.get_by_label("Show the figures as they stood on (optional)").fill("2024-03-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Figures as they stood at the end of 1 March 2024.")).to_be_visible()
    expect(table.get_by_role("cell", name="95.3")).to_be_visible()
    assert_no_axe_violations(page)

    # And the library, filtered by that outcome, lists the shared indicator only
    page.goto(f"/p/isisbury/indicators/?outcome={outcome.pk}")
    expect(page.get_by_role("link", name=re.compile("Campylobacter infection rate"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Homes retrofitted"))).to_have_count(0)
