"""The column-mapping step in a browser: an editor uploads a partner list whose columns were
renamed by hand, matches them (after leaving a required one out), saves the mapping, imports;
the next file with the same columns opens with the saved mapping chosen. Every page is
checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from joinedup.partnerships.tests.import_support import make_partnership, make_user
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = b"Organisation name,Type,Notes\nOxford City Council,Local government,call Ann\n"
SECOND = b"Organisation name,Type,Notes\nThames Valley Police,Police,\n"


def upload(page: Page, slug: str, name: str, data: bytes) -> None:
    page.goto(f"/p/{slug}/imports/partnerships.organisations/")
    page.get_by_label("Upload a file").set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    page.get_by_role("button", name="Check the file").click()


class TestMatchingTheColumnsOfAFileEditedByHand:
    def test_the_editor_matches_saves_and_is_offered_the_mapping_again(self, page: Page, live_server):
        # Given an editor of a partnership
        partnership = make_partnership()
        editor = make_user(partnership, "editor", "editor@example.org")
        sign_in_without_the_form(page, live_server.url, editor)

        # When they upload a file whose columns were renamed
        upload(page, partnership.slug, "partners.csv", FIRST)

        # Then they are asked to match its columns
        expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns of partners.csv")
        expect(page.get_by_text("The file has no column called 'Name', 'Sector'")).to_be_visible()
        assert_no_axe_violations(page)

        # When they match the name but leave the sector out
        page.locator("#id_col__name").select_option("file:Organisation name")
        page.get_by_label("Save this mapping as (optional)").fill("County partner list")
        page.get_by_role("button", name="Check the file with these columns").click()

        # Then they are told what is missing, with their choices kept
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Choose the column in your file that holds the sector"
        )
        expect(page.locator("#id_col__name")).to_have_value("file:Organisation name")
        expect(page.get_by_label("Save this mapping as (optional)")).to_have_value("County partner list")
        assert_no_axe_violations(page)

        # When they match the sector too
        page.locator("#id_col__sector").select_option("file:Type")
        page.get_by_role("button", name="Check the file with these columns").click()

        # Then the preview shows the row, and confirming imports it
        expect(page.get_by_role("heading", name="What will happen")).to_be_visible()
        expect(page.get_by_text("Oxford City Council")).to_be_visible()
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Import 1 row").click()
        expect(page.get_by_text("Import complete")).to_be_visible()

        # When a file with the same columns arrives
        upload(page, partnership.slug, "partners-december.csv", SECOND)

        # Then the saved mapping is offered, already chosen
        expect(page.get_by_text("We used your saved mapping 'County partner list'")).to_be_visible()
        expect(page.locator("#id_col__sector")).to_have_value("file:Type")
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Check the file with these columns").click()
        expect(page.get_by_text("Thames Valley Police")).to_be_visible()
