"""In a browser: an editor updates an action inline on the programme page (htmx swaps the
row), the computed RAG and the disagreement flag change, and the explanation is one link away.
Pages are checked with axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.strategy.models import ActionStatus
from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_updates_an_action_inline_and_sees_its_computed_rag(page: Page, live_server):
    today = timezone.localdate()
    partnership = PartnershipFactory(slug="isis", name="Isis Place Partnership")
    editor = user_with_role(partnership, "editor")
    programme = ProgrammeFactory(partnership=partnership, title="Regeneration Framework")
    action = ActionFactory(
        programme=programme,
        title="Reopen the market hall",
        start_date=today - dt.timedelta(days=70),
        due_date=today + dt.timedelta(days=30),
        percent_complete=10,
        status=ActionStatus.ON_TRACK,
    )
    sign_in_without_the_form(page, live_server.url, editor)

    page.goto(f"/p/isis/strategy/programmes/{programme.pk}/")
    row = page.locator(f"#action-{action.pk}")
    expect(row).to_contain_text("Reported on track, computed red")
    assert_no_axe_violations(page)

    row.get_by_label("Reported status of Reopen the market hall").select_option("off_track")
    row.get_by_label("Percent complete of Reopen the market hall").fill("65")
    row.get_by_role("button", name="Save").click()

    row = page.locator(f"#action-{action.pk}")
    expect(row).to_contain_text("Saved")
    expect(row).to_contain_text("Green")
    expect(row).to_contain_text("Reported off track, computed green")
    # Still the programme page: the row was swapped in place, not a full page load.
    expect(page).to_have_url(f"{live_server.url}/p/isis/strategy/programmes/{programme.pk}/")
    assert_no_axe_violations(page)

    row.get_by_role("link", name="(how this was computed)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How the RAG was computed")
    expect(page.locator("main")).to_contain_text("65% complete with 70% of the time gone")
    assert_no_axe_violations(page)
