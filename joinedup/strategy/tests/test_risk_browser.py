"""Browser journey through the demo strategy: an editor reviews a risk from the register's
matrix, then explores the strategy map with the keyboard and follows a count to its actions.
Every page on the way is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from joinedup.accounts.models import User
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import demo_login, sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_reviews_a_high_risk_and_explores_the_strategy_map(page: Page, live_server):
    call_command("load_demo", stdout=None)
    email, _ = demo_login("Editor")
    sign_in_without_the_form(page, live_server.url, User.objects.get(email=email))

    # Given the risk register, when I follow the count of risks with likelihood 5 and impact 3
    page.goto("/p/isisbury/strategy/risks/")
    expect(page.get_by_role("heading", name="Risk register", level=1)).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Number of risks"))).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile(r"risks? with likelihood 5 and impact 3")).click()
    expect(page.get_by_role("link", name="West End public realm contractor failure")).to_be_visible()

    # When I review it and lower its likelihood
    page.get_by_role("link", name="West End public realm contractor failure").click()
    page.get_by_role("link", name="Review").click()
    assert_no_axe_violations(page)
    page.get_by_label("Likelihood now").select_option("3")
    page.get_by_label("What the review found (optional)").fill("New contractor appointed.")
    page.get_by_role("button", name="Save").click()

    # Then the risk says how it moved since the last review
    expect(page.get_by_text("Down from 15 to 9", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    # Given the strategy map, when I open a theme with the keyboard
    page.goto("/p/isisbury/strategy/map/")
    assert_no_axe_violations(page)
    summary = page.locator("summary", has_text="Theme: Low Carbon")
    summary.focus()
    page.keyboard.press("Enter")
    # Then its counts by status are links to exactly those actions
    theme = page.locator("details", has=summary).first
    link = theme.get_by_role("link", name=re.compile(r"^\d+ at risk$")).first
    count = int(link.inner_text().split()[0])
    link.click()
    expect(page.get_by_role("heading", name="Actions", level=1)).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(count)
    assert_no_axe_violations(page)

    # And the per-partner view shows what one organisation leads or contributes to
    page.goto("/p/isisbury/strategy/map/")
    page.get_by_label("Show what one organisation leads or contributes to").select_option(
        label="Evenmoor Homes"
    )
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="What Evenmoor Homes leads or contributes to")).to_be_visible()
    expect(page.get_by_role("table", name="Actions it leads")).to_be_visible()
    assert_no_axe_violations(page)
