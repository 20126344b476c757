"""In a browser: an owner without an account follows the link in their digest, gets an error
summary for a wrong percentage, updates two actions, and the editor sees the digest answered.
Pages are checked with axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.partnerships.tests.factories import PartnershipFactory, PersonFactory, user_with_role
from joinedup.strategy.models import ActionStatus, ActionUpdate
from joinedup.strategy.services.owners import send_owner_digests
from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_owner_updates_two_actions_from_the_digest_link(page: Page, live_server, browser):
    today = timezone.localdate()
    partnership = PartnershipFactory(slug="isis", name="Isis Place Partnership")
    owner = PersonFactory(partnership=partnership, full_name="Sam Patel", email="sam@example.org")
    programme = ProgrammeFactory(partnership=partnership, title="Regeneration Framework")
    first, second = (
        ActionFactory(
            programme=programme,
            lead_person=owner,
            title=title,
            start_date=today - dt.timedelta(days=60),
            due_date=today + dt.timedelta(days=120),
            percent_complete=10,
            status=ActionStatus.ON_TRACK,
        )
        for title in ("Reopen the market hall", "Insulate council homes")
    )
    send_owner_digests(partnership=partnership, today=today)
    path = re.search(r"(/l/[^\s/]+/)", mail.outbox[0].body).group(1)

    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Update your actions")
    expect(page.locator("main")).to_contain_text("You are updating as Sam Patel")
    assert_no_axe_violations(page)

    section = page.locator(f"#action-{first.pk}")
    section.get_by_label("Percent complete").fill("140")
    section.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Percent complete must be 100 or less")
    assert_no_axe_violations(page)

    section = page.locator(f"#action-{first.pk}")
    section.get_by_label("Status").select_option("at_risk")
    section.get_by_label("Percent complete").fill("40")
    section.get_by_label("What has happened since the last update (optional)").fill("Lease delayed")
    section.get_by_role("button", name="Save update").click()
    expect(page.locator("main")).to_contain_text("Update recorded for Reopen the market hall")

    section = page.locator(f"#action-{second.pk}")
    section.get_by_label("Percent complete").fill("55")
    section.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Every action is updated")
    assert_no_axe_violations(page)
    assert ActionUpdate.objects.filter(by_person=owner, via_link=True).count() == 2

    editor_context = browser.new_context(base_url=live_server.url)
    editor_page = editor_context.new_page()
    sign_in_without_the_form(editor_page, live_server.url, user_with_role(partnership, "editor"))
    editor_page.goto("/p/isis/strategy/owners/")
    expect(editor_page.locator("main")).to_contain_text("Yes, updated every item")
    assert_no_axe_violations(editor_page)
    # Close the second browser context before the live server stops, so no request is left open.
    editor_context.close()
