"""The governance insight page in a browser: a viewer opens it, reads how the quoracy figure was
computed, follows a body's link to its own insight page and sees the style warning. Every page
is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from joinedup.governance.tests.factories_insight import insight_history
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_viewer_reads_the_insight_figures_and_how_they_were_computed(page: Page, live_server):
    partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
    insight_history(partnership)
    sign_in_without_the_form(page, live_server.url, user_with_role(partnership, "viewer"))

    page.goto(f"{live_server.url}/p/isisbury/governance/insight/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Governance insight")
    assert_no_axe_violations(page)
    page.get_by_text("How was this computed: quoracy").click()
    expect(
        page.get_by_text(
            "2 of 3 meetings with recorded attendance and a quorum rule were quorate.", exact=True
        )
    ).to_be_visible()

    page.get_by_role("link", name="Insight Forum").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Governance insight: Insight Forum")
    expect(
        page.get_by_text("Most of this strategic body's agenda time goes on performance detail")
    ).to_be_visible()
    assert_no_axe_violations(page)
