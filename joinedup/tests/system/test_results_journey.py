"""The results journey: a coordinator reads a closed round's results (overview, heat map,
perception gaps, a weak question), raises an improvement action from it and finds the action
listed on the question. Every page is checked with axe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from joinedup.assessment.models import ImprovementAction
from joinedup.assessment.tests.factories import make_response, make_round, make_version
from joinedup.partnerships.tests.factories import PartnershipFactory, PersonFactory, user_with_role
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestACoordinatorActsOnResults:
    @pytest.fixture(autouse=True)
    def _page(self, page: Page, live_server):
        self.page = page
        self.live_server_url = live_server.url

    def test_the_coordinator_raises_an_action_from_a_weak_question(self):
        self.given_a_closed_round_with_a_weak_question()
        self.when_they_open_the_results()
        self.then_judgements_are_shown_in_words()
        assert_no_axe_violations(self.page)
        self.when_they_open_the_heat_map()
        assert_no_axe_violations(self.page)
        self.when_they_open_the_perception_gaps()
        assert_no_axe_violations(self.page)
        self.when_they_open_the_weak_question()
        assert_no_axe_violations(self.page)
        self.when_they_raise_an_action()
        assert_no_axe_violations(self.page)
        self.when_they_fill_in_the_owner_and_due_date()
        self.then_the_action_is_listed_on_the_question()
        assert_no_axe_violations(self.page)

    def given_a_closed_round_with_a_weak_question(self):
        partnership = PartnershipFactory(slug="isisbury", name="Isisbury Partnership")
        self.person = PersonFactory(partnership=partnership, full_name="Asha Patel")
        version = make_version()
        self.round = make_round(
            partnership,
            version,
            title="Spring 2026",
            opens_on=dt.date(2026, 1, 5),
            closes_on=dt.date(2026, 2, 5),
        )
        for sector in ("local_government", "health"):
            for _ in range(5):
                make_response(
                    self.round,
                    {"scs-1": "in_place", "style-1": "not_in_place", "systems-1": "partly"},
                    sector=sector,
                    comments={"style-1": "Challenge is rare"},
                )
        user = user_with_role(partnership, "admin", full_name="Casey Coordinator")
        sign_in_without_the_form(self.page, self.live_server_url, user)

    def when_they_open_the_results(self):
        self.page.goto(f"{self.live_server_url}/p/isisbury/assessment/rounds/{self.round.pk}/results/")

    def then_judgements_are_shown_in_words(self):
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Results: Spring 2026")
        expect(self.page.get_by_text("Red: not in place").first).to_be_visible()

    def when_they_open_the_heat_map(self):
        self.page.get_by_role("link", name="Heat map by sector").click()
        expect(self.page.get_by_role("table")).to_contain_text("Health")

    def when_they_open_the_perception_gaps(self):
        self.page.get_by_role("link", name="Perception gaps").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Perception gaps")

    def when_they_open_the_weak_question(self):
        self.page.get_by_role("link", name="Overview").click()
        self.page.get_by_role("link", name="style-1: Question 1 about style?").click()
        expect(self.page.get_by_text("Challenge is rare").first).to_be_visible()

    def when_they_raise_an_action(self):
        self.page.get_by_role("link", name="Raise an improvement action").click()
        expect(self.page.get_by_label("Action title")).to_have_value("Improve: Question 1 about style?")

    def when_they_fill_in_the_owner_and_due_date(self):
        self.page.get_by_label("Owner: lead person (optional)").select_option(label="Asha Patel")
        self.page.get_by_label("Due date").fill("31/03/2027")
        self.page.get_by_role("button", name="Raise the action").click()

    def then_the_action_is_listed_on_the_question(self):
        expect(self.page.get_by_text("Raised from this round")).to_be_visible()
        assert ImprovementAction.objects.filter(round=self.round, question_key="style-1").count() == 1
