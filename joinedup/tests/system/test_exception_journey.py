"""The exception journey: a thematic group's member opens the exception view, sees the
indicator that is off target with its commentary, checks how its RAG was computed, escalates
it to the executive board the group reports to and finds it in the board's list of
escalations. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from joinedup.partnerships.tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    user_with_role,
)
from joinedup.performance.models import Escalation
from joinedup.performance.tests.factories_insight import add_indicators, bodies, scene
from joinedup.strategy.models import BoardRole
from joinedup.strategy.tests.factories import OutcomeFactory, PriorityFactory, StrategyFactory
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestAGroupEscalatesAnException:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server):
        self.page = page
        self.live_server_url = live_server.url

    def test_the_member_escalates_an_off_target_indicator_to_the_board(self):
        self.given_a_thematic_group_member_and_an_off_target_indicator()
        self.when_they_open_the_dashboard()
        self.then_the_cards_are_grouped_by_theme_with_the_exception_first()
        self.then_the_page_has_no_accessibility_violations()
        self.when_they_open_the_exception_view()
        self.then_only_the_exception_is_listed_with_its_commentary()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_ask_how_the_rag_was_computed()
        self.then_the_method_and_inputs_are_shown()
        self.then_the_page_has_no_accessibility_violations()

        self.when_they_go_back_and_escalate_it_to_the_board()
        self.then_the_form_shows_the_variance()
        self.then_the_page_has_no_accessibility_violations()
        self.when_they_give_a_reason_and_submit()
        self.then_the_escalation_is_listed_for_the_board()
        self.then_the_page_has_no_accessibility_violations()

    # given

    def given_a_thematic_group_member_and_an_off_target_indicator(self):
        partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
        self.forum, self.board, self.group = bodies(partnership)
        strategy = StrategyFactory(partnership=partnership)
        housing = PriorityFactory(strategy=strategy, title="Housing", board_role=BoardRole.DRIVE)
        carbon = PriorityFactory(strategy=strategy, title="Low carbon", board_role=BoardRole.OBSERVE)
        s = scene(partnership, 1, outcome=OutcomeFactory(priority=housing, title="More homes"))
        self.bad = s.links[0].indicator
        self.bad.title = "Net additional homes provided"
        self.bad.save()
        good_link = add_indicators(
            partnership, 1, outcome=OutcomeFactory(priority=carbon), area=s.area, worsening=False
        )[0]
        self.good = good_link.indicator
        user = user_with_role(partnership, "member", full_name="Sam Member")
        MembershipFactory(body=self.group, person=PersonFactory(partnership=partnership, user=user))
        sign_in_without_the_form(self.page, self.live_server_url, user)

    # when

    def when_they_open_the_dashboard(self):
        self.page.goto(self.live_server_url + "/p/isisbury/")
        self.page.get_by_role("link", name="Performance", exact=True).first.click()

    def when_they_open_the_exception_view(self):
        self.page.get_by_role("link", name="Exceptions only").click()

    def when_they_ask_how_the_rag_was_computed(self):
        self.page.locator(f"a[href$='/indicators/{self.bad.pk}/how/rag/']").click()

    def when_they_go_back_and_escalate_it_to_the_board(self):
        self.page.go_back()
        self.page.get_by_role("link", name=f"Escalate {self.bad.code} {self.bad.title}").click()

    def when_they_give_a_reason_and_submit(self):
        self.page.get_by_label("Raised by (body)").select_option(label="Housing group")
        self.page.get_by_label("Escalate to").select_option(label="Executive board")
        self.page.get_by_label("Why it needs the higher body's attention").fill(
            "The group cannot fund the recovery plan on its own."
        )
        self.page.get_by_role("button", name="Escalate").click()

    # then

    def then_the_cards_are_grouped_by_theme_with_the_exception_first(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Performance")
        titles = self.page.locator(".govuk-summary-card__title").all_inner_texts()
        assert self.bad.title in titles[0] and any(self.good.title in t for t in titles[1:])

    def then_only_the_exception_is_listed_with_its_commentary(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Exceptions")
        expect(self.page.get_by_text(self.bad.title).first).to_be_visible()
        expect(self.page.get_by_text(self.good.title)).to_have_count(0)
        expect(self.page.get_by_text("A recovery plan starts in May.").first).to_be_visible()

    def then_the_method_and_inputs_are_shown(self):
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("RAG against the target")
        expect(self.page.get_by_text("beyond the tolerance: red")).to_be_visible()

    def then_the_form_shows_the_variance(self):
        expect(self.page.get_by_text("16 below the target of 75")).to_be_visible()

    def then_the_escalation_is_listed_for_the_board(self):
        expect(self.page.get_by_text("Escalated to Executive board.")).to_be_visible()
        row = self.page.locator("tr").filter(has_text="The group cannot fund the recovery plan on its own.")
        expect(row).to_contain_text("Waiting to be considered")
        expect(row).to_contain_text("Housing group")
        escalation = Escalation.objects.get()
        assert escalation.to_body == self.board and escalation.from_body == self.group

    def then_the_page_has_no_accessibility_violations(self):
        assert_no_axe_violations(self.page)
