"""Evidence from live data in a browser: a coordinator reads the evidence overview, opens how a
metric was computed, sets the partnership's own thresholds and sees them used. Every page is
checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from joinedup.assessment.models import Coordinator
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.strategy.tests.factories import (
    EvidenceFactory,
    OutcomeFactory,
    PriorityFactory,
    StrategyFactory,
)
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_reads_evidence_and_sets_the_partnerships_thresholds(page: Page, live_server):
    # Given a partnership with one of two outcomes evidenced, and a coordinator
    partnership = PartnershipFactory(slug="evidenceton", name="Evidenceton Partnership")
    priority = PriorityFactory(strategy=StrategyFactory(partnership=partnership))
    EvidenceFactory(outcome=OutcomeFactory(priority=priority, title="Fewer empty homes"))
    OutcomeFactory(priority=priority, title="Cleaner air")
    coordinator = user_with_role(partnership, "viewer")
    Coordinator.objects.create(partnership=partnership, user=coordinator)
    sign_in_without_the_form(page, live_server.url, coordinator)

    # When they open the evidence overview
    page.goto(f"{live_server.url}/p/evidenceton/assessment/evidence/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence from live data")
    assert_no_axe_violations(page)

    # Then the metric reads 50%, amber, and its page says how it was computed
    page.get_by_role("link", name="Outcomes with evidence").click()
    expect(
        page.get_by_text("1 of 2 outcomes of the current strategy have evidence attached.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Cleaner air")).to_be_visible()
    expect(page.get_by_text("These are the default thresholds.")).to_be_visible()
    assert_no_axe_violations(page)

    # When they set the partnership's own thresholds
    page.get_by_role("link", name="Change the thresholds").click()
    assert_no_axe_violations(page)
    page.get_by_label("Green at (per cent)").fill("50")
    page.get_by_label("Amber at (per cent)").fill("25")
    page.get_by_label("Why the partnership uses its own thresholds").fill("Our first year of evidence")
    page.get_by_role("button", name="Save thresholds").click()

    # Then the metric is green against them, and the page says whose thresholds they are
    expect(page.get_by_text("These are the partnership's own thresholds.")).to_be_visible()
    expect(page.get_by_text("Our first year of evidence")).to_be_visible()
    expect(page.locator("strong.govuk-tag", has_text="Green")).to_be_visible()
    assert_no_axe_violations(page)
