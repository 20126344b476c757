"""The review paper in a browser: a coordinator writes the paper from a closed round, reads
the judgements in words, changes one with a reason (a missing reason is an error), writes
commentary and publishes; a viewer then reads the published paper. Every page is checked
with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from joinedup.assessment.models import Coordinator
from joinedup.assessment.tests.factories_paper import (
    make_paper_world,
    register_test_metrics,
    unregister_test_metrics,
)
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _metrics():
    register_test_metrics()
    yield
    unregister_test_metrics()


def test_a_coordinator_writes_overrides_comments_and_publishes_the_review_paper(page: Page, live_server):
    partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
    world = make_paper_world(partnership)
    coordinator = user_with_role(partnership, "viewer", full_name="Cory Ordinator")
    Coordinator.objects.create(partnership=partnership, user=coordinator)
    sign_in_without_the_form(page, live_server.url, coordinator)
    url = f"{live_server.url}/p/isisbury/assessment/rounds/{world.round.pk}/paper/"

    page.goto(url)
    page.get_by_role("button", name="Write the review paper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Isisbury Partnership: partnership review paper, Self-assessment 2026"
    )
    finding = page.locator("#finding-shared-performance")
    expect(finding.get_by_text("Red: not in place", exact=True).first).to_be_visible()
    expect(finding.get_by_text("Contradiction:")).to_be_visible()
    assert_no_axe_violations(page)

    finding.get_by_role(
        "link", name="Change the judgement on Shared performance information joins up activity"
    ).click()
    page.get_by_label("Amber: partly in place").check()
    page.get_by_role("button", name="Save the judgement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for the judgement")
    assert_no_axe_violations(page)
    page.get_by_label("Reason").fill("The risk register is being rebuilt this quarter.")
    page.get_by_role("button", name="Save the judgement").click()
    expect(finding.get_by_text("Amber: partly in place", exact=True).first).to_be_visible()
    expect(finding.get_by_text("Reason: The risk register is being rebuilt this quarter.")).to_be_visible()

    finding.get_by_role(
        "link", name="Edit the commentary on Shared performance information joins up activity"
    ).click()
    page.get_by_label("Commentary (optional)").fill("Quarterly reports reach every layer.")
    page.get_by_role("button", name="Save the commentary").click()
    expect(finding.get_by_text("Quarterly reports reach every layer.")).to_be_visible()

    page.get_by_role("link", name="Publish to members").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Publish the paper").click()
    expect(page.get_by_text("The paper is published.")).to_be_visible()

    sign_in_without_the_form(page, live_server.url, user_with_role(partnership, "viewer"))
    page.goto(url)
    expect(
        page.locator("#finding-shared-performance").get_by_text("Quarterly reports reach every layer.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Download the paper as a PDF")).to_be_visible()
    assert_no_axe_violations(page)
