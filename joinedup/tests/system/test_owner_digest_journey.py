"""The strategy room's journey on the demo: an action owner without an account follows the
link in their digest from the demo outbox and updates two actions; the theme lead sees the
strategy map's roll-up change. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from joinedup.strategy.models import Action, OwnerDigest
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import demo_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


THEME = "Regeneration"  # the theme the demo's Member leads


def _complete_count(page: Page) -> int:
    """The strategy map's roll-up for the theme lead's theme: how many of its actions are
    complete. The theme's `<details>` holds its own counts first, then its outcomes'."""
    theme = page.locator("details").filter(has=page.locator("summary", has_text=f"Theme: {THEME} ("))
    counts = theme.locator(".app-status-counts").first.text_content() or ""
    found = re.search(r"(\d+) complete", counts)
    return int(found.group(1)) if found else 0


def _theme_actions(action_ids: list[int]) -> list[int]:
    """Those of a digest's actions that serve the theme (through a programme's outcomes)."""
    serving = set(
        Action.objects.filter(pk__in=action_ids, programme__outcomes__priority__title=THEME)
        .exclude(status="complete")
        .values_list("pk", flat=True)
    )
    return [pk for pk in action_ids if pk in serving]


class TestAnOwnerUpdatesFromTheDigest:
    def test_the_owner_updates_two_actions_and_the_theme_lead_sees_the_roll_up_change(
        self, page: Page, browser, live_server, settings
    ):
        # Given the demo, loaded with this cycle's digests in the outbox
        settings.DEMO_MODE = True
        settings.EMAIL_BACKEND = "joinedup.core.mail.OutboxBackend"
        settings.SITE_URL = live_server.url  # so the links in the emails point at this server
        call_command("load_demo", stdout=None)
        digest = next(
            d
            for d in OwnerDigest.objects.order_by("person__full_name")
            if len(_theme_actions(d.action_ids)) >= 2
        )
        updated = _theme_actions(digest.action_ids)[:2]

        # and the theme lead looking at the strategy map
        email, password = demo_login("Member")
        lead = browser.new_context(base_url=live_server.url).new_page()
        lead.goto("/account/sign-in/")
        lead.get_by_label("Email address").fill(email)
        lead.get_by_label("Password").fill(password)
        lead.get_by_role("button", name="Sign in").click()
        lead.goto("/p/isisbury/strategy/map/")
        complete_before = _complete_count(lead)
        assert_no_axe_violations(lead)

        # When the owner opens their digest in the outbox and follows its link
        page.goto(live_server.url + "/outbox/")
        card = page.locator(".govuk-summary-card").filter(has_text=digest.email).first
        card.locator("a[href*='/l/']").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Update your actions")
        assert_no_axe_violations(page)

        # and marks two of their actions complete
        for action_id in updated:
            section = page.locator(f"#action-{action_id}")
            section.get_by_label("Status").select_option("complete")
            section.get_by_label("Percent complete").fill("100")
            section.get_by_role("button", name="Save update").click()
            expect(page.locator("main")).to_contain_text(
                re.compile("Update recorded|Every action is updated")
            )
        assert_no_axe_violations(page)

        # Then the theme lead sees two more complete actions in their theme on the map
        lead.reload()
        assert _complete_count(lead) == complete_before + 2
        assert_no_axe_violations(lead)
        lead.context.close()
