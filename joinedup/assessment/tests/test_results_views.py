"""The results pages: what a reader sees (words beside colour, suppression in every table and
the export, comments without a hidden group's label), improvement actions raised by a
coordinator into the improvement plan and shown by the next round, and bounded queries."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from joinedup.assessment.models import ConsensusAnswer, ImprovementAction, ImprovementReason
from joinedup.assessment.selectors_results import question_comments, round_results
from joinedup.assessment.services.results import raise_improvement_action
from joinedup.assessment.tests.factories import make_response, make_round, make_version
from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import PartnershipFactory, PersonFactory, user_with_role
from joinedup.strategy.models import ActionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place")


@pytest.fixture
def admin(partnership):
    return user_with_role(partnership, "admin")


@pytest.fixture
def version():
    return make_version()


@pytest.fixture
def closed_round(partnership, version):
    round_ = make_round(
        partnership, version, title="Spring 2026", opens_on=dt.date(2026, 1, 5), closes_on=dt.date(2026, 2, 5)
    )
    for _ in range(6):
        make_response(
            round_,
            {"scs-1": "in_place", "style-1": "not_in_place", "systems-1": "partly"},
            sector="local_government",
            layer="strategic",
            comments={"style-1": "The council sets the agenda"},
        )
    for _ in range(2):
        make_response(
            round_,
            {"scs-1": "not_in_place", "style-1": "partly"},
            sector="police",
            layer="executive",
            comments={"style-1": "We are heard"},
        )
    return round_


def url(name, round_, **kw):
    return reverse(name, kwargs={"slug": round_.partnership.slug, "round_id": round_.pk, **kw})


def test_overview_shows_judgements_in_words_maturity_and_the_rule(client, admin, closed_round):
    client.force_login(admin)
    page = client.get(url("assessment:results", closed_round)).content.decode()
    assert "Red: not in place" in page and "Green: in place" in page
    assert "Mean score per element" in page  # the profile chart, with its data table
    assert "Show the data for this chart" in page
    assert "never above cooperation while any of its questions is perceived red" in page
    assert "No target set" in page
    # Six local government and two police respondents: police is too small, and local
    # government is hidden with it so police cannot be worked out from the total of eight.
    by_sector = page.split("Respondents by sector")[1].split("</table>")[0]
    assert by_sector.count("Hidden<span") == 2 and ">6<" not in by_sector and ">2<" not in by_sector


def test_heat_map_says_why_a_cell_is_hidden_and_never_shows_its_score(client, admin, closed_round):
    client.force_login(admin)
    page = client.get(url("assessment:results_heatmap", closed_round)).content.decode()
    # Police has two respondents: hidden, and local government with it (two groups only).
    # Only scs-1 and style-1 have police answers; a group with no answers to a question
    # reveals nothing and shows "No score".
    assert page.count("Hidden<span") == 2 * 2
    assert "hidden so that a smaller group cannot be worked out by subtraction" in page
    by_layer = client.get(url("assessment:results_heatmap", closed_round) + "?by=layer").content.decode()
    assert "Strategic forum" in by_layer and "Hidden<span" in by_layer


def test_comments_carry_no_group_label_when_the_group_is_hidden(client, admin, partnership, closed_round):
    client.force_login(admin)
    page = client.get(
        url("assessment:results_question", closed_round, question_key="style-1")
    ).content.decode()
    assert "We are heard" in page and "The council sets the agenda" in page
    assert "· Police" not in page and "· Local government" not in page
    comments = question_comments(closed_round, round_results(closed_round).question("style-1"))
    assert [c.text for c in comments] == ["The council sets the agenda"] * 6 + ["We are heard"] * 2
    assert all(c.group is None for c in comments)
    for _ in range(5):
        make_response(closed_round, {"style-1": "partly"}, sector="police")
    for _ in range(5):
        make_response(closed_round, {"style-1": "partly"}, sector="health")
    page = client.get(
        url("assessment:results_question", closed_round, question_key="style-1")
    ).content.decode()
    assert "· Police" in page and "· Local government" in page


def test_gaps_page_compares_members_with_the_consensus(client, admin, partnership, version, closed_round):
    question = version.elements.get(key="style").questions.get(key="style-1")
    ConsensusAnswer.objects.create(
        partnership=partnership, round=closed_round, question=question, choice="in_place"
    )
    client.force_login(admin)
    page = client.get(url("assessment:results_gaps", closed_round)).content.decode()
    assert "Members against the consensus answer" in page
    assert "Members answered “in place” in 27% of their scoring answers" in page  # 6 of 22
    assert "was “in place” for 100% of questions" in page
    assert "In place" in page


def test_export_has_every_sheet_and_hides_small_groups(client, admin, closed_round):
    client.force_login(admin)
    response = client.get(url("assessment:results_export", closed_round))
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    assert {"Elements", "Questions", "Respondents", "By sector", "By layer", "Members vs consensus"} <= set(
        book.sheetnames
    )
    rows = list(book["By sector"].iter_rows(values_only=True))[1:]
    police = [r for r in rows if r[1] == "Police"]
    assert police and all(r[3] is None for r in police)  # never a police figure
    assert {r[0] for r in police if r[2] == "Hidden"} == {"scs-1", "style-1"}
    respondents = {r[1]: r for r in list(book["Respondents"].iter_rows(values_only=True))[1:]}
    assert respondents["Police"][3] is None and respondents["All respondents"][3] == 8


def test_coordinator_raises_an_action_that_the_next_round_shows(
    client, admin, partnership, closed_round, version
):
    person = PersonFactory(partnership=partnership, full_name="Asha Patel")
    client.force_login(admin)
    form_url = url("assessment:results_raise_action", closed_round, question_key="style-1")
    form = client.get(form_url).content.decode()
    assert "Improve: Question 1 about style?" in form  # the title is prefilled
    response = client.post(
        form_url, {"title": "Rotate who chairs", "lead_person": person.pk, "due_date": "31/03/2027"}
    )
    assert response.status_code == 302
    raised = ImprovementAction.objects.get(round=closed_round)
    assert raised.question_key == "style-1" and raised.reason == ImprovementReason.WEAK
    assert raised.action.programme.is_improvement_plan
    assert raised.action.lead_person == person
    assert AuditEntry.objects.filter(action="assessment.improvement_action.raised").exists()

    raised.action.status = ActionStatus.COMPLETE
    raised.action.save()
    next_round = make_round(partnership, version, title="Autumn 2026", previous_round=closed_round)
    page = client.get(url("assessment:results_question", next_round, question_key="style-1")).content.decode()
    assert "What was done since the previous round" in page
    assert "Rotate who chairs" in page and "Complete" in page


def test_an_action_needs_an_owner_and_a_due_date(client, admin, closed_round):
    client.force_login(admin)
    response = client.post(
        url("assessment:results_raise_action", closed_round, question_key="style-1"), {"title": "Something"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the person or organisation who owns the action" in page
    assert "Enter the due date" in page
    assert not ImprovementAction.objects.exists()


def test_no_action_is_raised_from_a_strong_question(client, admin, closed_round):
    client.force_login(admin)
    page = client.get(
        url("assessment:results_raise_action", closed_round, question_key="scs-1")
    ).content.decode()
    assert "no improvement action is needed" in page
    strong = round_results(closed_round).question("scs-1")
    assert strong.perceived == "green"
    with pytest.raises(ValidationError):
        raise_improvement_action(
            round=closed_round,
            question=strong,
            user=admin,
            fields={"title": "x", "due_date": timezone.localdate()},
        )


def test_results_pages_run_a_bounded_number_of_queries(
    client, admin, closed_round, django_assert_max_num_queries
):
    client.force_login(admin)
    for _ in range(20):
        make_response(
            closed_round, {"scs-1": "partly", "style-2": "in_place"}, sector="health", layer="thematic"
        )
    for name, extra in (
        ("assessment:results", {}),
        ("assessment:results_heatmap", {}),
        ("assessment:results_gaps", {}),
        ("assessment:results_question", {"question_key": "style-1"}),
    ):
        with django_assert_max_num_queries(30):
            assert client.get(url(name, closed_round, **extra)).status_code == 200


def test_overview_charts_the_change_since_the_previous_round(
    client, admin, partnership, version, closed_round
):
    # A named round: its coordinators see live results once it has the minimum of respondents.
    later = make_round(
        partnership, version, title="Autumn 2026", previous_round=closed_round, is_anonymous=False
    )
    for _ in range(5):
        make_response(later, {"scs-1": "in_place", "style-1": "in_place"})
    client.force_login(admin)
    page = client.get(url("assessment:results", later)).content.decode()
    assert "Change in element score since Spring 2026" in page
    # Style rose from 0.25 (six "not in place", two "partly") to 2.00.
    assert "1.75" in page and "Up 1.75" in page
