"""The performance data journey of issue 4: an editor uploads the real Fingertips export as it
was downloaded, matches no columns, confirms the preview's offer to create the indicator, and
reads the indicator's page. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from joinedup.partnerships.models import Area
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.performance.tests.test_imports import FINGERTIPS
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_imports_the_real_fingertips_export_and_reads_the_indicator(page: Page, live_server):
    # Given a county partnership for Cornwall, in an installation that has never seen 93356
    call_command("load_geography", verbosity=0)
    partnership = PartnershipFactory(slug="cornwall", name="Cornwall Partnership")
    partnership.areas.add(Area.objects.get(code="E06000052"))
    sign_in_without_the_form(page, live_server.url, user_with_role(partnership, "editor"))

    # When they upload the file exactly as Fingertips exported it
    page.goto("/p/cornwall/imports/")
    page.get_by_role("link", name="Import a Fingertips export").click()
    assert_no_axe_violations(page)
    page.get_by_label("Upload a file").set_input_files(str(FINGERTIPS))
    page.get_by_role("button", name="Check the file").click()

    # Then, with no columns to match, the preview offers to create the indicator
    expect(page.get_by_role("heading", name="What will happen")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile("The indicator 93356 is not in the library yet"))).to_be_visible()
    expect(page.get_by_text("852 new values will be added")).to_be_visible()
    assert_no_axe_violations(page)

    # When they confirm
    page.get_by_role("button", name=re.compile(r"Import 852 rows")).click()
    expect(page.get_by_text("Import complete")).to_be_visible(timeout=30_000)
    assert_no_axe_violations(page)

    # Then the indicator is in the library, and its page shows Cornwall's published values
    page.goto("/p/cornwall/indicators/")
    page.get_by_role("link", name=re.compile("Campylobacter incidence rate")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Campylobacter incidence rate/100,000")
    expect(page.get_by_text("This is a shared indicator")).to_be_visible()
    expect(page.get_by_text("Lower is better").first).to_be_visible()
    expect(page.get_by_role("cell", name="Cornwall").first).to_be_visible()
    assert_no_axe_violations(page)
