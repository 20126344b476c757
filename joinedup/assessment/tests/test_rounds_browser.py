"""In a browser: the coordinator opens a round through the invitee preview and sends the
invitations; a respondent follows the link from their email, saves and comes back, is told what
is unanswered, submits, and the link then no longer opens the form. Pages are checked with axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.assessment.models import Response, ResponseStatus
from joinedup.assessment.tests.rounds_support import make_setting
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_opens_a_round_and_a_respondent_answers_through_their_link(
    page: Page, live_server, browser
):
    setting = make_setting()
    today = timezone.localdate()
    sign_in_without_the_form(page, live_server.url, setting.coordinator)

    page.goto(live_server.url + "/p/place/assessment/")
    page.get_by_role("button", name="Open a round").click()
    assert_no_axe_violations(page)
    page.get_by_label("Title").fill("Spring review")
    page.get_by_label("Opening date").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Closing date").fill((today + dt.timedelta(days=14)).strftime("%d/%m/%Y"))
    page.get_by_label("Board (Executive board)").check()
    page.get_by_label("Safety group (Thematic or operational group)").check()
    page.get_by_role("button", name="Preview who will be invited").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check who will be invited")
    expect(page.locator("main")).to_contain_text("Cannot be invited: no email")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring review")
    page.get_by_role("button", name="Send 3 invitations").click()
    expect(page.locator("main")).to_contain_text("Sent 3 invitations.")
    assert_no_axe_violations(page)

    body = next(m.body for m in mail.outbox if "pat@example.org" in m.to)
    path = re.search(r"(/respond/[^\s/]+/)", body).group(1)
    respondent = browser.new_context(base_url=live_server.url).new_page()
    respondent.goto(path)
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Spring review")
    assert_no_axe_violations(respondent)
    respondent.get_by_role("button", name="Start now").click()
    expect(respondent.locator("main")).to_contain_text("Element 1 of 3")
    assert_no_axe_violations(respondent)
    group = respondent.get_by_role("group", name=re.compile("Question 1 about sustainable"))
    group.get_by_label("Partly in place").check()
    respondent.get_by_role("button", name="Save and come back later").click()
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Your answers have been saved")

    respondent.goto(path)
    respondent.get_by_role("button", name="Continue").click()
    expect(
        respondent.get_by_role("group", name=re.compile("Question 1 about sustainable")).get_by_label(
            "Partly in place"
        )
    ).to_be_checked()
    respondent.get_by_role("button", name="Save and continue").click()
    for _ in range(2):
        for group in respondent.get_by_role("group").all():
            group.get_by_label("Don't know").check()
        respondent.get_by_role("button", name="Save and continue").click()
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Check your answers before submitting")
    respondent.get_by_role("button", name="Submit answers").click()
    expect(respondent.locator(".govuk-error-summary")).to_contain_text("Question 2 about sustainable")
    assert_no_axe_violations(respondent)
    respondent.locator(".govuk-summary-list__row", has_text="Question 2 about sustainable").get_by_role(
        "link"
    ).click()
    respondent.get_by_role("group", name=re.compile("Question 2 about sustainable")).get_by_label(
        "In place", exact=True
    ).check()
    respondent.get_by_role("button", name="Save and continue").click()
    respondent.goto(path.rstrip("/") + "/check/")
    respondent.get_by_role("button", name="Submit answers").click()
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Answers submitted")
    assert_no_axe_violations(respondent)

    respondent.goto(path)
    expect(respondent.get_by_role("heading", level=1)).to_have_text("You have already submitted your answers")
    submitted = Response.objects.get(status=ResponseStatus.SUBMITTED)
    assert submitted.invitation_id is None and submitted.answers.count() == 6
    respondent.context.close()
