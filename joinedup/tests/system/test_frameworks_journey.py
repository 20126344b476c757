"""The frameworks journey: a coordinator reads the shipped 7S framework, adapts a copy for the
partnership, rewords a question of the draft and publishes it. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from joinedup.assessment.models import Coordinator, FrameworkVersion, VersionStatus
from joinedup.assessment.services import frameworks
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestACoordinatorAdaptsThe7SFramework:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server):
        self.page = page
        self.live_server_url = live_server.url

    def test_the_coordinator_adapts_rewords_and_publishes(self):
        self.given_a_coordinator_and_the_shipped_framework()
        self.when_they_open_the_frameworks_list()
        self.then_the_shipped_framework_is_listed()
        self.then_the_page_has_no_accessibility_violations()
        self.when_they_open_the_shipped_version()
        self.then_every_question_shows_its_descriptors()
        self.then_the_page_has_no_accessibility_violations()
        self.when_they_adapt_a_copy()
        self.then_the_draft_offers_editing()
        self.then_the_page_has_no_accessibility_violations()
        self.when_they_reword_the_first_question()
        self.then_the_draft_shows_the_new_wording()
        self.when_they_publish_the_draft()
        self.then_the_version_is_published_and_no_longer_editable()
        self.then_the_page_has_no_accessibility_violations()

    # given

    def given_a_coordinator_and_the_shipped_framework(self):
        frameworks.shipped_7s()
        self.partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
        user = user_with_role(self.partnership, "viewer", full_name="Cara Coordinator")
        Coordinator.objects.create(partnership=self.partnership, user=user)
        sign_in_without_the_form(self.page, self.live_server_url, user)

    # when

    def when_they_open_the_frameworks_list(self):
        self.page.goto(self.live_server_url + "/p/isisbury/assessment/frameworks/")

    def when_they_open_the_shipped_version(self):
        self.page.get_by_role("link", name="Public sector 7S framework, version").first.click()

    def when_they_adapt_a_copy(self):
        self.page.get_by_role("link", name="Adapt a copy for the partnership").click()
        assert_no_axe_violations(self.page)
        self.page.get_by_role("button", name="Adapt a copy").click()

    def when_they_reword_the_first_question(self):
        self.page.get_by_role("link", name="Edit question scs-1").click()
        assert_no_axe_violations(self.page)
        self.page.get_by_label("Question", exact=True).fill("Does our strategy have all four ingredients?")
        self.page.get_by_role("button", name="Save").click()

    def when_they_publish_the_draft(self):
        self.page.get_by_role("link", name="Publish this version").click()
        assert_no_axe_violations(self.page)
        self.page.get_by_role("button", name="Publish this version").click()

    # then

    def then_the_shipped_framework_is_listed(self):
        expect(self.page.get_by_role("heading", name="Self-assessment frameworks")).to_be_visible()
        expect(self.page.get_by_text("The partnership has no frameworks of its own yet")).to_be_visible()

    def then_every_question_shows_its_descriptors(self):
        expect(self.page.locator("h4")).to_have_count(36)
        expect(self.page.get_by_text("Nobody knows what supporting the partnership costs.")).to_be_visible()

    def then_the_draft_offers_editing(self):
        expect(self.page.get_by_text("Draft", exact=True)).to_be_visible()
        expect(self.page.get_by_role("link", name="Edit question scs-1")).to_be_visible()

    def then_the_draft_shows_the_new_wording(self):
        expect(self.page.get_by_text("Does our strategy have all four ingredients?")).to_be_visible()

    def then_the_version_is_published_and_no_longer_editable(self):
        expect(self.page.get_by_text("Published. Rounds can now use this version.")).to_be_visible()
        expect(self.page.get_by_role("link", name="Edit question scs-1")).to_have_count(0)
        version = FrameworkVersion.objects.get(framework__partnership=self.partnership)
        assert version.status == VersionStatus.PUBLISHED

    def then_the_page_has_no_accessibility_violations(self):
        assert_no_axe_violations(self.page)
