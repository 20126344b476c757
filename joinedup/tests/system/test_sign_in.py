"""Journeys through signing in, written given / when / then."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from joinedup.accounts.models import User
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import demo_login, sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestSigningIn:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server):
        self.page = page
        self.live_server = live_server

    def test_the_sign_in_page_is_accessible(self):
        self.when_i_open_the_sign_in_page()
        self.then_i_see_the_heading("Sign in")
        self.then_the_page_has_no_accessibility_violations()

    def test_in_demo_mode_the_sign_in_page_lists_the_demo_logins_accessibly(self, settings):
        self.given_the_demo_is_loaded()
        settings.DEMO_MODE = True
        self.when_i_open_the_sign_in_page()
        self.then_i_see_the_demo_login_for("admin@demo.example")
        self.then_the_page_has_no_accessibility_violations()

    def test_the_demo_admin_signs_in_and_sees_the_partnership_home_page(self):
        self.given_the_demo_is_loaded()
        self.when_i_open_the_sign_in_page()
        self.and_i_sign_in_as("Admin")
        self.then_i_am_on_the_home_page_of("isisbury")
        self.then_i_see_the_heading("Isisbury Strategic Partnership")
        self.then_the_page_has_no_accessibility_violations()

    def test_a_wrong_password_is_explained_in_an_error_summary(self):
        self.given_the_demo_is_loaded()
        self.when_i_open_the_sign_in_page()
        self.and_i_sign_in_with("admin@demo.example", "not-the-password")
        self.then_i_see_an_error_summary_saying("Enter a correct email address and password")
        self.then_the_page_has_no_accessibility_violations()

    # given

    def given_the_demo_is_loaded(self):
        call_command("load_demo")

    # when

    def when_i_open_the_sign_in_page(self):
        self.page.goto("/account/sign-in/")

    def and_i_sign_in_as(self, label: str):
        self.and_i_sign_in_with(*demo_login(label))

    def and_i_sign_in_with(self, email: str, password: str):
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    # then

    def then_i_see_the_heading(self, text: str):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    def then_i_am_on_the_home_page_of(self, slug: str):
        expect(self.page).to_have_url(re.compile(rf"/p/{slug}/$"))

    def then_i_see_an_error_summary_saying(self, text: str):
        summary = self.page.get_by_role("alert")
        expect(summary).to_contain_text("There is a problem")
        expect(summary).to_contain_text(text)

    def then_i_see_the_demo_login_for(self, email: str):
        table = self.page.get_by_role("table", name="Demo logins")
        expect(table.get_by_role("cell", name=email, exact=True)).to_have_count(1)

    def then_the_page_has_no_accessibility_violations(self):
        assert_no_axe_violations(self.page)


class TestArrivingSignedIn:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server):
        self.page = page
        self.live_server = live_server

    def test_a_journey_can_start_signed_in_as_the_county_admin(self):
        call_command("load_demo")
        user = User.objects.get(email="county.admin@demo.example")
        sign_in_without_the_form(self.page, self.live_server.url, user)
        self.page.goto("/p/evenshire/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Evenshire Partnership")
        assert_no_axe_violations(self.page)
