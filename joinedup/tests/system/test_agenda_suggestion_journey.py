"""The golden-thread journey: a clerk of a Health and Wellbeing Board opens the suggested agenda
for its next meeting (an exception escalated to the board, a risk escalated to the strategic
layer and an overdue action), accepts two suggestions (they become agenda items linked to what
they are about), publishes the papers, records attendance in the grid and a decision on the
escalated exception. Every page is checked with axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.governance.models import Attendance, BodyClerk, Decision, MeetingStatus
from joinedup.governance.services import meetings as meeting_services
from joinedup.governance.tests.factories_thread import EscalationFactory
from joinedup.partnerships.models import Layer
from joinedup.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PartnershipFactory,
    SeatFactory,
    user_with_role,
)
from joinedup.performance.tests.factories_targets import LocalIndicatorFactory
from joinedup.strategy.tests.delivery_factories import ActionFactory, ProgrammeFactory
from joinedup.strategy.tests.risk_factories import RiskFactory
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestAClerkAcceptsTheAgendaSuggestion:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server):
        self.page = page
        self.live_server_url = live_server.url

    def test_the_clerk_builds_the_agenda_from_the_suggestion_and_records_the_meeting(self):
        self.given_a_board_with_an_escalated_exception_a_risk_and_an_overdue_action()
        self.when_the_clerk_opens_the_suggestion_from_the_meeting_page()
        self.then_each_suggestion_says_why()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_accept_the_exception_and_the_risk()
        self.then_both_are_on_the_agenda_linked_to_what_they_are_about()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_publish_the_papers()
        self.then_the_papers_are_published()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_record_attendance_in_the_grid()
        self.then_the_attendance_is_saved()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_record_a_decision_on_the_exception()
        self.then_the_decision_is_saved()
        self.then_the_page_has_no_accessibility_violations()

    # given

    def given_a_board_with_an_escalated_exception_a_risk_and_an_overdue_action(self):
        partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
        self.body = BodyFactory(
            partnership=partnership, name="Health and Wellbeing Board", layer=Layer.STRATEGIC, quorum_value=1
        )
        self.seats = [
            SeatFactory(body=self.body, label=label, position=i)
            for i, label in enumerate(["Council leader", "NHS place director"])
        ]
        for seat in self.seats:
            MembershipFactory(body=self.body, seat=seat, start_date="2020-01-01")
        clerk = user_with_role(partnership, "viewer")
        BodyClerk.objects.create(partnership=partnership, body=self.body, user=clerk)
        self.meeting = meeting_services.create_meeting(
            body=self.body,
            user=clerk,
            fields={"starts_at": timezone.now() + dt.timedelta(days=21), "place": "Isisbury Town Hall"},
        )
        indicator = LocalIndicatorFactory(partnership=partnership, title="Delayed discharges from hospital")
        self.escalation = EscalationFactory(
            partnership=partnership,
            to_body=self.body,
            indicator=indicator,
            variance="12.4 above the target of 80.0",
        )
        self.risk = RiskFactory(
            partnership=partnership,
            outcome__partnership=partnership,
            title="Care home capacity falls",
            escalation_layer=Layer.STRATEGIC,
        )
        today = timezone.localdate()
        ActionFactory(
            programme=ProgrammeFactory(partnership=partnership),
            title="Open the discharge hub",
            start_date=today - dt.timedelta(days=100),
            due_date=today - dt.timedelta(days=10),
        )
        sign_in_without_the_form(self.page, self.live_server_url, clerk)

    # when

    def when_the_clerk_opens_the_suggestion_from_the_meeting_page(self):
        self.page.goto(f"{self.live_server_url}/p/isisbury/meetings/{self.meeting.pk}/")
        self.page.get_by_role(
            "link", name="Suggested agenda for Health and Wellbeing Board's next meeting"
        ).click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Suggested agenda for")

    def when_they_accept_the_exception_and_the_risk(self):
        self.page.get_by_label("Escalated exception: Delayed discharges from hospital", exact=False).check()
        self.page.get_by_label("Escalated risk: Care home capacity falls").check()
        self.page.get_by_role("button", name="Add to agenda").click()

    def when_they_publish_the_papers(self):
        self.page.get_by_role("button", name="Publish the papers").click()

    def when_they_record_attendance_in_the_grid(self):
        self.page.goto(f"{self.live_server_url}/p/isisbury/governance/meetings/{self.meeting.pk}/attendance/")
        self.page.get_by_label("Attendance for Council leader").select_option("present")
        self.page.get_by_label("Attendance for NHS place director").select_option("apologies")
        self.page.get_by_role("button", name="Save attendance").click()

    def when_they_record_a_decision_on_the_exception(self):
        item = self.meeting.items.get(escalations=self.escalation)
        self.page.goto(f"{self.live_server_url}/p/isisbury/governance/items/{item.pk}/decisions/add/")
        self.page.get_by_label("What was decided").fill("Commission 20 step-down beds for the winter")
        self.page.get_by_role("button", name="Save").click()

    # then

    def then_each_suggestion_says_why(self):
        expect(self.page.get_by_text("Why: Escalated to this body")).to_contain_text(
            "12.4 above the target of 80.0"
        )
        expect(self.page.get_by_text("Why: Escalated to this layer")).to_be_visible()
        expect(self.page.get_by_text("Overdue action: Open the discharge hub")).to_be_visible()

    def then_both_are_on_the_agenda_linked_to_what_they_are_about(self):
        expect(self.page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()
        exception_item = self.meeting.items.get(escalations=self.escalation)
        assert list(exception_item.indicators.all()) == [self.escalation.indicator]
        assert self.meeting.items.filter(risks=self.risk).count() == 1
        expect(self.page.get_by_text("Escalated risk: Care home capacity falls").first).to_be_visible()

    def then_the_papers_are_published(self):
        expect(self.page.get_by_role("button", name="Publish the papers")).to_have_count(0)
        self.meeting.refresh_from_db()
        assert self.meeting.status == MeetingStatus.PAPERS_PUBLISHED

    def then_the_attendance_is_saved(self):
        expect(self.page.locator(".govuk-inset-text")).to_be_visible()
        assert Attendance.objects.filter(meeting=self.meeting).count() == 2

    def then_the_decision_is_saved(self):
        decision = Decision.objects.get()
        assert decision.item.escalations.get() == self.escalation

    def then_the_page_has_no_accessibility_violations(self):
        assert_no_axe_violations(self.page)
