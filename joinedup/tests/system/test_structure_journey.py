"""The foundation's journey through the demo: a partnership manager signs in, opens the
structure page, adds a body, a seat and a member, and invites someone, who follows the
invitation from the demo outbox and joins. Every page on the way is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from joinedup.accounts.models import User
from joinedup.partnerships.models import Membership
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import demo_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_BODY = "Health Inequalities Group"
INVITEE = "new.partner@example.org"


class TestManagingTheStructureAndInvitingSomeone:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server, settings):
        self.page = page
        # Demo mode keeps emails in the outbox, and their links point at this server.
        settings.DEMO_MODE = True
        settings.EMAIL_BACKEND = "joinedup.core.mail.OutboxBackend"
        settings.SITE_URL = live_server.url

    def test_the_partnership_manager_builds_a_group_and_invites_a_partner(self):
        self.given_the_demo_is_loaded()
        self.when_i_sign_in_as("Admin")
        self.and_i_open_the_structure_page()
        self.then_i_see_the_three_layers()
        self.then_the_page_has_no_accessibility_violations()

        self.when_i_add_a_thematic_group_reporting_to_the_board(NEW_BODY)
        self.then_i_am_on_the_page_of(NEW_BODY)
        self.then_the_page_has_no_accessibility_violations()

        self.when_i_add_a_seat_for("Public Health Evenshire")
        self.and_i_add_as_chair_in_that_seat("Dr Alison Forbes", "Public Health Evenshire")
        self.then_the_body_lists_its_chair("Dr Alison Forbes")
        self.then_the_page_has_no_accessibility_violations()

        self.when_i_invite_as_a_viewer(INVITEE)
        self.and_i_sign_out()
        self.and_i_follow_the_invitation_from_the_outbox_to(INVITEE)
        self.then_the_page_has_no_accessibility_violations()
        self.and_i_create_my_account("Sam Partner")
        self.then_i_have_joined_the_partnership_as_a_viewer(INVITEE)
        self.then_the_page_has_no_accessibility_violations()

    # given

    def given_the_demo_is_loaded(self):
        call_command("load_demo")

    # when

    def when_i_sign_in_as(self, label: str):
        email, password = demo_login(label)
        self.page.goto("/account/sign-in/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.page).to_have_url(re.compile(r"/p/isisbury/$"))

    def and_i_open_the_structure_page(self):
        self.page.get_by_role("navigation", name="Partnership").get_by_role("link", name="Structure").click()

    def when_i_add_a_thematic_group_reporting_to_the_board(self, name: str):
        self.page.get_by_role("link", name="Add a body").click()
        self.then_the_page_has_no_accessibility_violations()
        self.page.get_by_label("Name", exact=True).fill(name)
        self.page.get_by_label("Thematic or operational group").check()
        self.page.get_by_label("Reports to (optional)").select_option(label="Isisbury Partnership Board")
        self.page.get_by_role("button", name="Save").click()

    def when_i_add_a_seat_for(self, organisation: str):
        self.page.get_by_role("link", name="Add a seat").click()
        self.then_the_page_has_no_accessibility_violations()
        self.page.get_by_label("Name of the seat").fill(organisation)
        self.page.get_by_label("Partner organisation").check()
        self.page.get_by_label("Organisation", exact=True).select_option(label=organisation)
        self.page.get_by_role("button", name="Save").click()
        expect(self.page.get_by_role("table", name=re.compile("^Seats on"))).to_contain_text(organisation)

    def and_i_add_as_chair_in_that_seat(self, person: str, seat: str):
        self.page.get_by_role("link", name="Add a member").first.click()
        self.then_the_page_has_no_accessibility_violations()
        self.page.get_by_label("Person", exact=True).select_option(label=person)
        self.page.get_by_label("Seat", exact=True).select_option(label=seat)
        self.page.get_by_label("Chair", exact=True).check()
        self.page.get_by_label("Organisation represented").select_option(label=seat)
        self.page.get_by_label("Seniority").select_option(label="Director")
        self.page.get_by_label("Appointed by (chairs only)").fill("Isisbury Partnership Board")
        self.page.get_by_role("button", name="Save").click()

    def when_i_invite_as_a_viewer(self, email: str):
        self.page.get_by_role("navigation", name="Partnership").get_by_role("link", name="Team").click()
        self.page.get_by_role("link", name="Invite someone").click()
        self.then_the_page_has_no_accessibility_violations()
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Viewer").check()
        self.page.get_by_role("button", name="Send invitation").click()
        expect(self.page.get_by_role("button", name=f"Withdraw invitation to {email}")).to_be_visible()

    def and_i_sign_out(self):
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page).to_have_url(re.compile(r"/account/sign-in/"))

    def and_i_follow_the_invitation_from_the_outbox_to(self, email: str):
        self.page.get_by_role("link", name="Email outbox").click()
        self.then_the_page_has_no_accessibility_violations()
        message = self.page.locator(".govuk-summary-card").filter(has_text=f"To {email}")
        message.locator('a[href*="/l/"]').click()

    def and_i_create_my_account(self, full_name: str):
        self.page.get_by_label("Full name").fill(full_name)
        self.page.get_by_label("Create a password").fill("a long demo password 42")
        self.page.get_by_label("Confirm password").fill("a long demo password 42")
        self.page.get_by_role("button", name="Create account and join").click()

    # then

    def then_i_see_the_three_layers(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Structure")
        for layer in ("Strategic forum", "Executive board", "Thematic or operational group"):
            expect(self.page.get_by_text(re.compile(rf"^{layer}s? \(\d+ bod")).first).to_be_visible()

    def then_i_am_on_the_page_of(self, body: str):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(body)

    def then_the_body_lists_its_chair(self, person: str):
        expect(self.page.get_by_role("table", name=re.compile("^Seats on"))).to_contain_text(person)
        chair = Membership.objects.get(body__name=NEW_BODY, role="chair")
        assert chair.person.full_name == person
        assert chair.represents.name == "Public Health Evenshire"

    def then_i_have_joined_the_partnership_as_a_viewer(self, email: str):
        expect(self.page).to_have_url(re.compile(r"/p/isisbury/$"))
        expect(
            self.page.get_by_text("You have joined Isisbury Strategic Partnership as viewer")
        ).to_be_visible()
        user = User.objects.get(email=email)
        assert user.partnership_roles.get(partnership__slug="isisbury").role == "viewer"

    def then_the_page_has_no_accessibility_violations(self):
        assert_no_axe_violations(self.page)
