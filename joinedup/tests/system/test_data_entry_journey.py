"""The performance room's data-entry journey: an indicator owner without an account follows
the link in their data request from the demo outbox, fills in the grid of every indicator
they own for the period, leaves one value bad, sees the error with everything they typed
kept, fixes it and saves. Every page is checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.partnerships.tests.factories import (
    AreaFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.performance.models import Commentary, DataEntryDigest, Frequency, Observation, Unit
from joinedup.performance.services.entry import send_data_requests
from joinedup.performance.tests.factories_entry import EntryIndicatorFactory, EntryLinkFactory
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWNER_EMAIL = "priya.shah@example.org"


class TestAnOwnerEntersTheirValuesFromTheRequest:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server, settings):
        self.page = page
        # Demo mode keeps emails in the outbox, and their links point at this server.
        settings.DEMO_MODE = True
        settings.EMAIL_BACKEND = "joinedup.core.mail.OutboxBackend"
        settings.SITE_URL = live_server.url
        self.live_server_url = live_server.url

    def test_the_owner_fixes_a_bad_value_and_saves_the_whole_grid(self):
        self.given_an_owner_of_two_local_indicators_has_been_asked_for_their_values()
        self.when_the_owner_follows_the_link_in_the_outbox()
        self.then_the_grid_lists_their_indicators_by_area()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_fill_in_the_grid_with_one_value_that_is_not_a_number()
        self.then_nothing_is_saved_and_the_error_names_the_indicator_and_area()
        self.then_everything_they_typed_is_kept()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_correct_the_value_and_save()
        self.then_they_are_thanked_and_every_value_is_recorded_in_their_name()
        self.then_the_page_has_no_accessibility_violations()

    # given

    def given_an_owner_of_two_local_indicators_has_been_asked_for_their_values(self):
        partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
        self.north = AreaFactory(code="E07000951", name="North Isisbury")
        self.south = AreaFactory(code="E07000952", name="South Isisbury")
        partnership.areas.add(self.north, self.south)
        owner = PersonFactory(partnership=partnership, full_name="Priya Shah", email=OWNER_EMAIL)
        self.homes = EntryIndicatorFactory(
            partnership=partnership,
            code="NI 154",
            title="Net additional homes provided",
            frequency=Frequency.MONTHLY,
        )
        self.claimants = EntryIndicatorFactory(
            partnership=partnership,
            code="NI 152",
            title="Working-age people on out-of-work benefits",
            unit=Unit.PERCENTAGE,
            decimal_places=1,
            frequency=Frequency.MONTHLY,
        )
        for indicator in (self.homes, self.claimants):
            EntryLinkFactory(indicator=indicator, owner_person=owner)
        run = send_data_requests(partnership=partnership, today=timezone.localdate())
        assert len(run.sent) == 1
        self.period = DataEntryDigest.objects.get().period

    # when

    def when_the_owner_follows_the_link_in_the_outbox(self):
        self.page.goto(self.live_server_url + "/outbox/")
        card = self.page.locator(".govuk-summary-card").filter(has_text=OWNER_EMAIL).first
        card.locator("a[href*='/l/']").first.click()

    def _field(self, indicator, area, name):
        return self.page.locator(f"#id_c{indicator.pk}-{area.pk}-{name}")

    def when_they_fill_in_the_grid_with_one_value_that_is_not_a_number(self):
        self._field(self.homes, self.north, "value").fill("120")
        self._field(self.homes, self.south, "value").fill("about 80")
        self._field(self.homes, self.south, "note").fill("Estimate from building control")
        self._field(self.claimants, self.north, "value").fill("8.4")
        self._field(self.claimants, self.south, "note").fill("Not published yet")
        self.page.get_by_label("What is happening with NI 154").fill("Completions picked up in the spring")
        self.page.get_by_label("What is being done about NI 154").fill("Two council sites released")
        self.page.get_by_role("button", name="Save all values").click()

    def when_they_correct_the_value_and_save(self):
        self.page.locator(".govuk-error-summary a").first.click()
        expect(self._field(self.homes, self.south, "value")).to_be_focused()
        self._field(self.homes, self.south, "value").fill("80")
        self.page.get_by_role("button", name="Save all values").click()

    # then

    def then_the_grid_lists_their_indicators_by_area(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            f"Enter your values for {self.period.label}"
        )
        expect(self.page.get_by_role("heading", name="NI 154 Net additional homes provided")).to_be_visible()
        expect(
            self.page.get_by_role("heading", name="NI 152 Working-age people on out-of-work benefits")
        ).to_be_visible()
        expect(self.page.get_by_role("rowheader", name="South Isisbury").first).to_be_visible()

    def then_nothing_is_saved_and_the_error_names_the_indicator_and_area(self):
        summary = self.page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Nothing has been saved")
        expect(summary).to_contain_text(
            "Enter a number for NI 154 Net additional homes provided in South Isisbury, or leave it blank"
        )
        assert Observation.objects.count() == 0
        assert Commentary.objects.count() == 0

    def then_everything_they_typed_is_kept(self):
        expect(self._field(self.homes, self.north, "value")).to_have_value("120")
        expect(self._field(self.homes, self.south, "value")).to_have_value("about 80")
        expect(self._field(self.homes, self.south, "note")).to_have_value("Estimate from building control")
        expect(self._field(self.claimants, self.north, "value")).to_have_value("8.4")
        expect(self._field(self.claimants, self.south, "note")).to_have_value("Not published yet")
        expect(self.page.get_by_label("What is happening with NI 154")).to_have_value(
            "Completions picked up in the spring"
        )

    def then_they_are_thanked_and_every_value_is_recorded_in_their_name(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Your values are saved")
        values = {
            (o.indicator.code, o.area.name): (o.value, o.note, o.entered_by_label)
            for o in Observation.objects.select_related("indicator", "area")
        }
        label = "Priya Shah (by emailed link)"
        assert values == {
            ("NI 154", "North Isisbury"): (120, "", label),
            ("NI 154", "South Isisbury"): (80, "Estimate from building control", label),
            ("NI 152", "North Isisbury"): (8.4, "", label),
            ("NI 152", "South Isisbury"): (None, "Not published yet", label),
        }
        assert Commentary.objects.get(indicator=self.homes).doing == "Two council sites released"
        assert DataEntryDigest.objects.get().completed_at is not None

    def then_the_page_has_no_accessibility_violations(self):
        assert_no_axe_violations(self.page)


class TestAnEditorEntersOneValue:
    def test_an_editor_enters_one_value_and_sees_the_owners_requests(self, page: Page, live_server):
        # Given an editor of a partnership with a local indicator owned by someone
        partnership = PartnershipFactory(slug="evenshire", name="Evenshire Partnership")
        area = AreaFactory(code="E07000961", name="Evenbury")
        partnership.areas.add(area)
        owner = PersonFactory(partnership=partnership, full_name="Tom Reid", email="tom.reid@example.org")
        homes = EntryIndicatorFactory(
            partnership=partnership,
            code="NI 155",
            title="Affordable homes delivered",
            frequency=Frequency.MONTHLY,
        )
        EntryLinkFactory(indicator=homes, owner_person=owner)
        editor = user_with_role(partnership, "editor", email="editor@example.org")
        sign_in_without_the_form(page, live_server.url, editor)

        # When they open the one-value page and save without a value
        page.goto(f"/p/evenshire/performance/indicators/{homes.pk}/enter/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter a value")
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Save value").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter the value, or say there is no value"
        )
        assert_no_axe_violations(page)

        # and then with one
        page.get_by_label("Value", exact=True).fill("42")
        page.get_by_label("What is happening (optional)").fill("Two schemes finished")
        page.get_by_role("button", name="Save value").click()
        expect(page.locator("main")).to_contain_text("Saved the value of NI 155")
        assert Observation.objects.get(indicator=homes, area=area).value == 42

        # Then the owners' data requests page lists the owner, and sending asks them
        page.goto("/p/evenshire/performance/data-requests/")
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Send the due requests now").click()
        expect(page.locator("main")).to_contain_text("Sent 0 requests")  # nothing is missing any more
        assert_no_axe_violations(page)
