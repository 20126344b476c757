"""The meetings journey: a clerk (a viewer who clerks one body) plans a meeting of that body,
adds an item to its agenda, moves it up above the action log, and publishes the papers, too
late for the body's notice rule, so the page warns. Every page on the way is checked with axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.governance.models import BodyClerk, MeetingStatus
from joinedup.partnerships.tests.factories import BodyFactory, PartnershipFactory, user_with_role
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "Health and Wellbeing Board"


class TestAClerkPlansAMeeting:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server):
        self.page = page
        self.live_server = live_server

    def test_the_clerk_plans_builds_the_agenda_and_publishes_papers(self):
        self.given_i_clerk_the_board()
        self.when_i_open_the_meetings_of_the_board()
        self.then_the_page_has_no_accessibility_violations()

        self.when_i_plan_a_meeting_in_three_days()
        self.then_the_agenda_starts_with_the_standing_items()
        self.then_the_page_has_no_accessibility_violations()

        self.when_i_add_the_item("Joint health and wellbeing strategy refresh")
        self.then_item_number_is(4, "Joint health and wellbeing strategy refresh")
        self.when_i_move_item_up(4)
        self.then_item_number_is(3, "Joint health and wellbeing strategy refresh")
        self.then_item_number_is(4, "Action log")
        self.then_the_page_has_no_accessibility_violations()

        self.when_i_publish_the_papers()
        self.then_i_am_warned_the_papers_are_late()
        self.then_the_page_has_no_accessibility_violations()

    # given

    def given_i_clerk_the_board(self):
        partnership = PartnershipFactory(slug="place", name="Place Partnership")
        self.body = BodyFactory(partnership=partnership, name=BODY)
        clerk = user_with_role(partnership, "viewer", full_name="Casey Clerk")
        BodyClerk.objects.create(partnership=partnership, body=self.body, user=clerk)
        sign_in_without_the_form(self.page, self.live_server.url, clerk)

    # when

    def when_i_open_the_meetings_of_the_board(self):
        self.page.goto("/p/place/")
        self.page.get_by_role("navigation", name="Partnership").get_by_role("link", name="Meetings").click()
        self.page.get_by_role("link", name=BODY, exact=True).click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(f"Meetings of {BODY}")

    def when_i_plan_a_meeting_in_three_days(self):
        self.page.get_by_role("link", name="Plan a meeting").click()
        self.then_the_page_has_no_accessibility_violations()
        day = timezone.localdate() + dt.timedelta(days=3)
        self.page.get_by_label("Date", exact=True).fill(day.strftime("%d/%m/%Y"))
        self.page.get_by_label("Start time").fill("18:00")
        self.page.get_by_label("Place (optional)").fill("Council House, Committee Room 1")
        self.page.get_by_role("button", name="Plan the meeting").click()
        expect(self.page).to_have_url(re.compile(r"/p/place/meetings/\d+/$"))

    def when_i_add_the_item(self, title: str):
        self.page.get_by_role("link", name="Add an agenda item").click()
        self.then_the_page_has_no_accessibility_violations()
        self.page.get_by_label("Title").fill(title)
        self.page.get_by_label("Decision", exact=True).check()
        self.page.get_by_label("Minutes allotted (optional)").fill("30")
        self.page.get_by_role("button", name="Add the item").click()
        expect(self.page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()

    def when_i_move_item_up(self, number: int):
        self.page.get_by_role("button", name=f"Move up item {number}", exact=True).click()

    def when_i_publish_the_papers(self):
        self.page.get_by_role("button", name="Publish the papers").click()

    # then

    def _agenda_rows(self):
        return self.page.get_by_role("table", name=re.compile("^Agenda items")).locator("tbody tr")

    def then_the_agenda_starts_with_the_standing_items(self):
        rows = self._agenda_rows()
        expect(rows).to_have_count(3)
        expect(rows.nth(0)).to_contain_text("Minutes of the last meeting")
        expect(rows.nth(1)).to_contain_text("Matters arising")
        expect(rows.nth(2)).to_contain_text("Action log")

    def then_item_number_is(self, number: int, title: str):
        expect(self._agenda_rows().nth(number - 1)).to_contain_text(title)

    def then_i_am_warned_the_papers_are_late(self):
        expect(self.page.locator(".govuk-warning-text")).to_contain_text(
            f"later than the notice rule of {BODY} (5 clear working days)"
        )
        assert self.body.meetings.get().status == MeetingStatus.PAPERS_PUBLISHED

    def then_the_page_has_no_accessibility_violations(self):
        assert_no_axe_violations(self.page)
