"""Browser journey: an editor proposes a trajectory of targets, another editor approves one
of them from the approvals list, and the target's page shows which target applies since when.
Then commentary is written for the period. Every page on the way is checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from joinedup.partnerships.tests.factories import AreaFactory, PartnershipFactory, user_with_role
from joinedup.performance.tests.factories_targets import LocalIndicatorFactory
from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_trajectory_is_proposed_approved_and_shown_in_the_history(page: Page, live_server, browser):
    partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
    area = AreaFactory(code="E07000997", name="Isisbury")
    partnership.areas.add(area)
    indicator = LocalIndicatorFactory(
        partnership=partnership, code="NI 152", title="Working-age benefit claimants", decimal_places=1
    )
    ActionFactory(programme=ProgrammeFactory(partnership=partnership), title="Open the employment hub")
    proposer = user_with_role(partnership, "editor", full_name="Erin Editor")
    approver = user_with_role(partnership, "editor", full_name="Amir Approver")
    targets_url = f"/p/isisbury/indicators/{indicator.pk}/targets/"

    # Given the targets page, when I propose a trajectory from a baseline to a final target
    sign_in_without_the_form(page, live_server.url, proposer)
    page.goto(targets_url)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Propose a trajectory").click()
    page.get_by_label("Area").select_option(label="Isisbury (E07000997)")
    page.get_by_label("Set locally").check()
    page.get_by_label("Baseline period").fill("2024/25")
    page.get_by_label("Baseline value", exact=True).fill("12")
    page.get_by_label("Period of the final target").fill("2026/27")
    page.get_by_label("Final target value").fill("10")
    page.get_by_label("Reason").fill("Employment strategy agreed in March")
    page.get_by_role("button", name="Show the targets").click()

    # Then it proposes one target a year on a straight line, which I can change
    expect(page.get_by_label("Target for 2025/26")).to_have_value("11.0")
    assert_no_axe_violations(page)
    page.get_by_label("Target for 2025/26").fill("11.2")
    page.get_by_role("button", name="Propose these targets").click()
    expect(page.get_by_text("2 targets proposed")).to_be_visible()
    assert_no_axe_violations(page)

    # When another editor decides from the approvals list
    other = browser.new_context(base_url=live_server.url, locale="en-GB")
    page2 = other.new_page()
    sign_in_without_the_form(page2, live_server.url, approver)
    page2.goto("/p/isisbury/targets/approvals/")
    assert_no_axe_violations(page2)
    page2.get_by_role("link", name="Decide on the change to NI 152, Isisbury, 2025/26").click()
    assert_no_axe_violations(page2)
    page2.get_by_label("Approve the change").check()
    page2.get_by_role("button", name="Save decision").click()

    # Then the target's page shows the value, since when, the reason and both people
    expect(page2.get_by_text("Change approved.")).to_be_visible()
    history = page2.get_by_role("table", name=re.compile("Approved values of this target"))
    expect(history).to_contain_text("11.2")
    expect(history).to_contain_text("Still applies")
    expect(history).to_contain_text("Employment strategy agreed in March")
    expect(history).to_contain_text("Erin Editor")
    expect(history).to_contain_text("Amir Approver")
    assert_no_axe_violations(page2)
    other.close()

    # And the proposer writes commentary for the period, linking an action
    page.goto(f"/p/isisbury/indicators/{indicator.pk}/commentary/")
    page.get_by_role("link", name="Write commentary").click()
    page.get_by_label("Period").fill("2025/26")
    page.get_by_label("What is happening").fill("Claims fell after the hub opened.")
    page.get_by_label("Open the employment hub").check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Claims fell after the hub opened.")).to_be_visible()
    expect(page.get_by_role("link", name="Open the employment hub")).to_be_visible()
    assert_no_axe_violations(page)
