"""The governance room's record journey: a clerk opens the attendance grid of a Health and
Wellbeing Board meeting, marks a deputy without naming them, sees the error with everything
else kept, names the deputy and saves; the quorum result says why remote attendance did not
count. Then they record a decision on an item. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from joinedup.governance.models import Attendance, BodyClerk, Decision
from joinedup.governance.tests.factories_record import RecordItemFactory, RecordMeetingFactory
from joinedup.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PartnershipFactory,
    SeatFactory,
    user_with_role,
)
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestAClerkRecordsAttendanceAndADecision:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server):
        self.page = page
        self.live_server_url = live_server.url

    def test_the_clerk_fixes_a_missing_deputy_and_saves_the_grid(self):
        self.given_a_board_that_does_not_count_remote_attendance()
        self.when_the_clerk_opens_the_attendance_grid()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_mark_a_deputy_without_naming_them()
        self.then_nothing_is_saved_and_what_they_chose_is_kept()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_name_the_deputy_and_save()
        self.then_the_quorum_result_explains_remote_attendance()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_record_a_decision_on_the_item()
        self.then_the_decision_is_saved()

    def given_a_board_that_does_not_count_remote_attendance(self):
        partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
        body = BodyFactory(
            partnership=partnership,
            name="Health and Wellbeing Board",
            quorum_value=2,
            remote_attendance_counts=False,
        )
        self.seats = [
            SeatFactory(body=body, label=label, position=i)
            for i, label in enumerate(["Council leader", "NHS place director", "Healthwatch"])
        ]
        for seat in self.seats:
            MembershipFactory(body=body, seat=seat, start_date="2020-01-01")
        self.deputy = MembershipFactory(
            body=body,
            seat=self.seats[1],
            is_deputy=True,
            start_date="2020-01-01",
            person__full_name="Dana Deputy",
        ).person
        self.meeting = RecordMeetingFactory(body=body, partnership=partnership)
        self.item = RecordItemFactory(meeting=self.meeting, title="Better Care Fund plan")
        clerk = user_with_role(partnership, "viewer")
        BodyClerk.objects.create(partnership=partnership, body=body, user=clerk)
        sign_in_without_the_form(self.page, self.live_server_url, clerk)

    def _status(self, seat):
        return self.page.get_by_label(f"Attendance for {seat.label}")

    def when_the_clerk_opens_the_attendance_grid(self):
        self.page.goto(f"{self.live_server_url}/p/isisbury/governance/meetings/{self.meeting.pk}/attendance/")
        expect(self.page.get_by_role("rowheader", name="NHS place director")).to_be_visible()

    def when_they_mark_a_deputy_without_naming_them(self):
        self._status(self.seats[0]).select_option("present")
        self._status(self.seats[1]).select_option("deputy")
        self._status(self.seats[2]).select_option("remote")
        self.page.get_by_role("button", name="Save attendance").click()

    def when_they_name_the_deputy_and_save(self):
        self.page.get_by_label("Deputy for NHS place director").select_option(label="Dana Deputy")
        self.page.get_by_role("button", name="Save attendance").click()

    def when_they_record_a_decision_on_the_item(self):
        self.page.goto(f"{self.live_server_url}/p/isisbury/governance/items/{self.item.pk}/decisions/add/")
        self.page.get_by_label("What was decided").fill("Approve the Better Care Fund plan")
        self.page.get_by_label("This is a key decision").check()
        self.page.get_by_role("button", name="Save").click()

    def then_nothing_is_saved_and_what_they_chose_is_kept(self):
        expect(self.page.locator(".govuk-error-summary")).to_contain_text(
            "Choose who attended as deputy for NHS place director"
        )
        expect(self._status(self.seats[0])).to_have_value("present")
        expect(self._status(self.seats[2])).to_have_value("remote")
        assert not Attendance.objects.exists()

    def then_the_quorum_result_explains_remote_attendance(self):
        expect(self.page.locator(".govuk-inset-text")).to_contain_text(
            "2 of 3 voting seats present in person or by deputy; the rule needs 2; "
            "remote attendance does not count for this body "
            "(1 attended remotely and is not counted). Quorate."
        )
        assert Attendance.objects.get(seat=self.seats[1]).deputy == self.deputy

    def then_the_decision_is_saved(self):
        decision = Decision.objects.get()
        assert decision.is_key_decision and decision.item == self.item

    def then_the_page_has_no_accessibility_violations(self):
        assert_no_axe_violations(self.page)
