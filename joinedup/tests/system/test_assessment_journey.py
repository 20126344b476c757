"""In a browser, the whole self-assessment cycle: the coordinator opens a round inviting a
thematic group's members and sends the invitations; both members answer through the links in
their emails (one saves, comes back and submits from "check your answers"); the coordinator
closes the round, reads the results, raises an improvement action from a weak question,
writes the review paper and downloads it as a PDF, whose text is read back. The respondent's
form, the check answers page, the results page and the paper are checked with axe."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.assessment.models import (
    AssessmentSettings,
    ImprovementAction,
    ResponseStatus,
    ReviewPaper,
    Round,
)
from joinedup.assessment.tests.rounds_support import make_setting, token_sent_to
from joinedup.tests.system.axe import assert_no_axe_violations
from joinedup.tests.system.harness import sign_in_without_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer_every_question(page: Page, label: str) -> None:
    for group in page.get_by_role("group").all():
        group.get_by_label(label, exact=True).check()


def _respond(browser, live_server, token: str, *, save_and_return: bool) -> None:
    respondent = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    path = f"/respond/{token}/"
    respondent.goto(path)
    respondent.get_by_role("button", name="Start now").click()
    expect(respondent.locator("main")).to_contain_text("Element 1 of 3")
    if save_and_return:
        assert_no_axe_violations(respondent)  # the respondent's form
        _answer_every_question(respondent, "Not in place")
        respondent.get_by_role("button", name="Save and come back later").click()
        expect(respondent.get_by_role("heading", level=1)).to_have_text("Your answers have been saved")
        respondent.goto(path)
        respondent.get_by_role("button", name="Continue").click()
        group = respondent.get_by_role("group").first
        expect(group.get_by_label("Not in place", exact=True)).to_be_checked()
    else:
        _answer_every_question(respondent, "Not in place")
    respondent.get_by_role("button", name="Save and continue").click()
    _answer_every_question(respondent, "Partly in place")
    respondent.get_by_role("button", name="Save and continue").click()
    _answer_every_question(respondent, "Don't know" if save_and_return else "In place")
    respondent.get_by_role("button", name="Save and continue").click()
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Check your answers before submitting")
    if save_and_return:
        assert_no_axe_violations(respondent)  # check your answers
    respondent.get_by_role("button", name="Submit answers").click()
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Answers submitted")
    respondent.context.close()


def test_coordinator_runs_a_round_from_invitations_to_results_an_improvement_action_and_the_paper(
    page: Page, live_server, browser
):
    setting = make_setting()
    # A two-person pilot: the coordinator has lowered the smallest group shown to its floor of 2
    # (the round keeps the value it opens with), so two respondents' results can be read.
    AssessmentSettings.objects.create(partnership=setting.partnership, min_group_size=2)
    today = timezone.localdate()
    sign_in_without_the_form(page, live_server.url, setting.coordinator)

    # Open a round inviting the thematic group's members, and send the invitations.
    page.goto(live_server.url + "/p/place/assessment/")
    page.get_by_role("button", name="Open a round").click()
    page.get_by_label("Title").fill("Autumn self-assessment")
    framework = page.get_by_label("Framework")
    if framework.evaluate("e => e.tagName") == "SELECT":
        framework.select_option(value=str(setting.version.pk))
    page.get_by_label("Opening date").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Closing date").fill((today + dt.timedelta(days=21)).strftime("%d/%m/%Y"))
    page.get_by_label("Safety group (Thematic or operational group)").check()
    page.get_by_role("button", name="Preview who will be invited").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check who will be invited")
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Autumn self-assessment")
    page.get_by_role("button", name="Send 2 invitations").click()
    expect(page.locator("main")).to_contain_text("Sent 2 invitations.")
    round_ = Round.objects.get(title="Autumn self-assessment")

    # Both members answer through the links in their emails.
    _respond(browser, live_server, token_sent_to(setting.council_officer.email), save_and_return=True)
    _respond(browser, live_server, token_sent_to(setting.nurse.email), save_and_return=False)
    assert round_.responses.filter(status=ResponseStatus.SUBMITTED).count() == 2

    # The coordinator closes the round and reads the results.
    page.goto(live_server.url + f"/p/place/assessment/rounds/{round_.pk}/")
    page.get_by_role("button", name="Close the round early").click()
    page.get_by_role("button", name="Close the round now").click()
    page.goto(live_server.url + f"/p/place/assessment/rounds/{round_.pk}/results/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Autumn self-assessment")
    main = page.locator("main")
    expect(main).to_contain_text("2 respondents")
    expect(main).to_contain_text("Red: not in place")  # words beside the colour
    assert_no_axe_violations(page)  # the results page

    # Both answered "Not in place" to the first element's questions: raise an action on one.
    page.get_by_role("link", name=re.compile("Raise an action for question scs-1")).click()
    page.get_by_label("Action title").fill("Agree the strategy's action plan with every partner")
    page.get_by_label("Owner: lead person (optional)").select_option(label="Cara Council")
    page.get_by_label("Due date").fill((today + dt.timedelta(days=90)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Raise the action").click()
    expect(page.locator("main")).to_contain_text("Agree the strategy's action plan with every partner")
    raised = ImprovementAction.objects.get(round=round_)
    assert raised.question_key == "scs-1" and raised.action.programme.is_improvement_plan

    # Write the review paper, check it, and download the PDF.
    page.goto(live_server.url + f"/p/place/assessment/rounds/{round_.pk}/paper/")
    page.get_by_role("button", name="Write the review paper").click()
    expect(page.get_by_role("link", name="Download the paper as a PDF")).to_be_visible()
    assert_no_axe_violations(page)  # the paper
    paper = ReviewPaper.objects.get(round=round_)
    pdf = page.context.request.get(
        live_server.url + f"/p/place/assessment/rounds/{round_.pk}/paper/review-paper.pdf"
    )
    assert pdf.ok and pdf.headers["content-type"].startswith("application/pdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.body())).pages)
    assert paper.title.split(":")[0] in text
    assert "Autumn self-assessment" in text
