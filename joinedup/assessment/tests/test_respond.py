"""The respondent's link and pages: the link tests the issue requires (guessing, altering,
reuse after submit, after closing, reopening drafts, another round's link, another purpose),
the one-element-per-page flow, submitting, and anonymity that holds in the database."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.assessment.models import Answer, Invitation, Response, ResponseStatus
from joinedup.assessment.selectors_rounds import elements_of
from joinedup.assessment.services import rounds as services
from joinedup.assessment.tests.rounds_support import make_setting, token_sent_to
from joinedup.core import signed_links
from joinedup.core.models import AuditEntry, SignedLink

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def setting():
    return make_setting()


def _round(setting, *, anonymous=True, title="Autumn review"):
    round_ = services.open_round(
        partnership=setting.partnership,
        user=setting.coordinator,
        title=title,
        framework_version=setting.version,
        opens_on=TODAY,
        closes_on=TODAY + dt.timedelta(days=14),
        is_anonymous=anonymous,
        bodies=[setting.executive, setting.thematic],
    )
    services.send_invitations(round_=round_, user=setting.coordinator)
    return round_


def _questions(round_):
    return [q for e in elements_of(round_.framework_version) for q in e.question_list]


def _answer_all(client, token, round_, choice="partly", comment=""):
    for number, element in enumerate(elements_of(round_.framework_version), start=1):
        data = {"then": "continue"}
        for q in element.question_list:
            data[f"q{q.pk}"] = choice
            data[f"c{q.pk}"] = comment
        response = client.post(reverse("assessment:respond_element", args=[token, number]), data)
        assert response.status_code == 302


def _submit(client, token):
    return client.post(reverse("assessment:respond_check", args=[token]))


@pytest.fixture
def anonymous_round(setting):
    return _round(setting)


# --- the link tests --------------------------------------------------------------------


def test_a_guessed_token_does_not_open_the_form(client, anonymous_round):
    response = client.get(
        reverse("assessment:respond", args=["a-guessed-token-of-the-right-shape-abcdefghij"])
    )
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_an_altered_token_does_not_open_the_form(client, anonymous_round):
    token = token_sent_to("pat@example.org")
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(reverse("assessment:respond", args=[altered])).status_code == 410
    assert client.get(reverse("assessment:respond_element", args=[altered, 1])).status_code == 410
    assert client.get(reverse("assessment:respond", args=[token])).status_code == 200


def test_reuse_after_submitting_does_not_open_the_form(client, anonymous_round):
    token = token_sent_to("pat@example.org")
    _answer_all(client, token, anonymous_round)
    assert _submit(client, token).status_code == 200
    for url in (
        reverse("assessment:respond", args=[token]),
        reverse("assessment:respond_element", args=[token, 1]),
        reverse("assessment:respond_check", args=[token]),
    ):
        response = client.get(url)
        assert response.status_code == 410
        assert "already submitted" in response.content.decode()
    # Nor can the answers be changed by posting to the form.
    assert _submit(client, token).status_code == 410


def test_after_closing_the_link_does_not_open_the_form(client, setting, anonymous_round):
    token = token_sent_to("pat@example.org")
    services.close_round(round_=anonymous_round, user=setting.coordinator)
    response = client.get(reverse("assessment:respond", args=[token]))
    assert response.status_code == 410
    assert "has closed" in response.content.decode()


def test_after_the_closing_date_the_link_does_not_open_the_form(client, anonymous_round):
    token = token_sent_to("pat@example.org")
    anonymous_round.closes_on = TODAY - dt.timedelta(days=1)
    anonymous_round.opens_on = TODAY - dt.timedelta(days=10)
    anonymous_round.save()
    assert client.get(reverse("assessment:respond_element", args=[token, 1])).status_code == 410


def test_a_draft_reopens_with_its_answers_through_the_same_link(client, anonymous_round):
    token = token_sent_to("pat@example.org")
    element = elements_of(anonymous_round.framework_version)[0]
    first, _second = element.question_list
    client.post(
        reverse("assessment:respond_element", args=[token, 1]),
        {"then": "later", f"q{first.pk}": "not_in_place", f"c{first.pk}": "No plan yet"},
    )
    page = client.get(reverse("assessment:respond_element", args=[token, 1])).content.decode()
    assert 'value="not_in_place" checked' in page
    assert "No plan yet" in page
    start = client.get(reverse("assessment:respond", args=[token])).content.decode()
    assert "saved answers to 1 of 6 questions" in start


def test_a_link_for_one_round_cannot_open_another(client, setting, anonymous_round):
    first_token = token_sent_to("pat@example.org")
    other = _round(setting, title="Another round")
    other_token = token_sent_to("pat@example.org")
    assert "Autumn review" in client.get(reverse("assessment:respond", args=[first_token])).content.decode()
    assert "Another round" in client.get(reverse("assessment:respond", args=[other_token])).content.decode()

    _answer_all(client, first_token, anonymous_round)
    _submit(client, first_token)

    assert not Response.objects.filter(round=other).exists()
    assert client.get(reverse("assessment:respond", args=[other_token])).status_code == 200
    # A link pointed at an invitation that no longer carries it (replaced) opens nothing.
    first = Invitation.objects.get(round=anonymous_round, person=setting.police_officer)
    Invitation.objects.filter(round=other, person=setting.police_officer).update(link=first.link)
    assert client.get(reverse("assessment:respond", args=[other_token])).status_code == 410


def test_a_link_issued_for_another_purpose_is_refused(client, setting, anonymous_round):
    invitation = Invitation.objects.get(round=anonymous_round, person=setting.police_officer)
    issued = signed_links.issue_link(
        purpose="strategy.owner_updates",
        target=invitation,
        partnership_id=setting.partnership.pk,
        holder_label="Pat",
        lifetime=dt.timedelta(days=3),
    )
    assert client.get(reverse("assessment:respond", args=[issued.token])).status_code == 410


def test_a_replaced_link_no_longer_opens_the_form(client, setting, anonymous_round):
    old = token_sent_to("pat@example.org")
    invitation = Invitation.objects.get(round=anonymous_round, person=setting.police_officer)
    services.resend_invitation(invitation=invitation, user=setting.coordinator)
    assert client.get(reverse("assessment:respond", args=[old])).status_code == 410
    assert (
        client.get(reverse("assessment:respond", args=[token_sent_to("pat@example.org")])).status_code == 200
    )


def test_the_shared_link_address_leads_to_the_start_page(client, anonymous_round):
    token = token_sent_to("pat@example.org")
    response = client.get(reverse("core:signed_link", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:respond", args=[token])


# --- the flow --------------------------------------------------------------------------


def test_each_element_page_shows_progress_and_every_descriptor_in_words(client, anonymous_round):
    token = token_sent_to("pat@example.org")
    page = client.get(reverse("assessment:respond_element", args=[token, 2])).content.decode()
    assert "Element 2 of 3" in page
    for text in ("In place", "Partly in place", "Not in place", "Don&#x27;t know"):
        assert text in page
    assert "Style question 1 is partly in place." in page


def test_submitting_needs_every_question_answered_and_names_the_missing_ones(client, anonymous_round):
    token = token_sent_to("pat@example.org")
    questions = _questions(anonymous_round)
    client.post(
        reverse("assessment:respond_element", args=[token, 1]),
        {"then": "continue", f"q{questions[0].pk}": "dont_know"},
    )
    response = _submit(client, token)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    for q in questions[1:]:
        assert f'href="#answer-{q.pk}"' in page
    assert f'href="#answer-{questions[0].pk}"' not in page  # "Don't know" counts as an answer
    assert not Response.objects.filter(status=ResponseStatus.SUBMITTED).exists()


def test_check_your_answers_lists_each_answer_with_a_change_link(client, anonymous_round):
    token = token_sent_to("pat@example.org")
    _answer_all(client, token, anonymous_round, choice="in_place", comment="Working well")
    page = client.get(reverse("assessment:respond_check", args=[token])).content.decode()
    assert page.count("Working well") == 6
    assert reverse("assessment:respond_element", args=[token, 3]) in page


# --- anonymity -------------------------------------------------------------------------


def test_an_anonymous_submission_cannot_be_linked_to_its_invitation(client, setting, anonymous_round):
    token = token_sent_to("pat@example.org")
    invitation = Invitation.objects.get(round=anonymous_round, person=setting.police_officer)
    _answer_all(client, token, anonymous_round, comment="Fine")
    draft_id = Response.objects.get(invitation=invitation).pk

    assert _submit(client, token).status_code == 200

    submitted = Response.objects.get(round=anonymous_round, status=ResponseStatus.SUBMITTED)
    assert submitted.pk != draft_id and not Response.objects.filter(pk=draft_id).exists()
    assert submitted.invitation_id is None and submitted.person_id is None
    # No date at all on the response: a date could be matched to the link's.
    assert submitted.submitted_on is None
    assert (submitted.sector, submitted.layer) == ("police", "executive")
    assert Answer.objects.filter(response=submitted).count() == 6
    invitation.refresh_from_db()
    assert invitation.responded is True
    # The link carries the round's closing time (end of the closing day), never when it was used.
    link = SignedLink.objects.get(pk=invitation.link_id)
    closing = services.closing_time(anonymous_round.closes_on)
    assert link.completed_at == closing and link.last_used_at == closing
    assert timezone.localtime(link.completed_at).date() == anonymous_round.closes_on
    # The audit trail names the round, never the invitation or the person.
    entries = AuditEntry.objects.filter(action__startswith="assessment.response.")
    assert entries.exists()
    for entry in entries:
        assert entry.target_id == str(anonymous_round.pk)
        assert "Pat" not in entry.summary and "Pat" not in entry.actor_label
        assert entry.target_label == str(anonymous_round)


def test_a_named_submission_keeps_its_invitation_and_person(client, setting):
    round_ = _round(setting, anonymous=False)
    token = token_sent_to("pat@example.org")
    _answer_all(client, token, round_)
    _submit(client, token)
    submitted = Response.objects.get(round=round_, status=ResponseStatus.SUBMITTED)
    assert submitted.person == setting.police_officer
    assert submitted.invitation.person == setting.police_officer
    assert AuditEntry.objects.get(action="assessment.response.submitted").actor_label == "Pat Police"


def test_nothing_on_the_invitation_side_matches_an_anonymous_response_but_sector_and_layer(
    client, setting, anonymous_round
):
    """Two respondents submit on different days: the invitations, their links and the
    responses share no value (no date, no time, no id) apart from sector and layer."""
    pat, nia = token_sent_to("pat@example.org"), token_sent_to("nia@example.org")
    _answer_all(client, pat, anonymous_round)
    _submit(client, pat)
    day_two = timezone.now() + dt.timedelta(days=1)
    _answer_all(client, nia, anonymous_round)
    with mock.patch("django.utils.timezone.now", return_value=day_two):
        _submit(client, nia)
    invitations = Invitation.objects.filter(round=anonymous_round, responded=True).select_related("link")
    assert invitations.count() == 2
    link_times = {(i.link.completed_at, i.link.last_used_at) for i in invitations}
    # Both links carry the same closing time whatever the day they were used.
    assert link_times == {(services.closing_time(anonymous_round.closes_on),) * 2}
    for response in Response.objects.filter(round=anonymous_round, status=ResponseStatus.SUBMITTED):
        assert response.submitted_on is None
        assert response.invitation_id is None and response.person_id is None
        assert {f.name for f in Response._meta.concrete_fields} - {"id"} == {
            "partnership",
            "round",
            "invitation",
            "person",
            "sector",
            "layer",
            "status",
            "submitted_on",
        }


def test_opening_the_pages_changes_nothing(client, anonymous_round):
    token = token_sent_to("pat@example.org")
    for url in (
        reverse("assessment:respond", args=[token]),
        reverse("assessment:respond_element", args=[token, 1]),
        reverse("assessment:respond_check", args=[token]),
    ):
        assert client.get(url).status_code == 200
    assert not Response.objects.exists()
