"""Every figure links to how it was computed (review item 6), members' breadcrumbs on the paper
(item 10), evidence pages for metrics named only in an adapted framework (item 12) and the
export's words for missing evidence (item 13)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from joinedup.assessment.models import PaperStatus
from joinedup.assessment.services.paper import generate_paper
from joinedup.assessment.tests.factories import make_response, make_round, make_version
from joinedup.assessment.tests.factories_paper import (
    GREEN_METRIC,
    make_paper_world,
    register_test_metrics,
    unregister_test_metrics,
)
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db

UNBUILT = "nowhere.not_built_yet"  # no room registers it


@pytest.fixture(autouse=True)
def _metrics():
    register_test_metrics()
    yield
    unregister_test_metrics()


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place")


@pytest.fixture
def admin(partnership):
    return user_with_role(partnership, "admin")


@pytest.fixture
def member(partnership):
    return user_with_role(partnership, "member")


@pytest.fixture
def closed_round(partnership):
    version = make_version(key="links", metrics={"scs-1": [GREEN_METRIC], "style-1": [UNBUILT]})
    today = timezone.localdate()
    round_ = make_round(
        partnership,
        version,
        opens_on=today - timezone.timedelta(days=30),
        closes_on=today - timezone.timedelta(days=1),
    )
    for _ in range(5):
        make_response(round_, {"scs-1": "in_place", "style-1": "partly"}, sector="local_government")
    for _ in range(5):
        make_response(round_, {"scs-1": "partly", "style-1": "not_in_place"}, sector="police")
    return round_


def _url(name, round_, **kw):
    return reverse(name, kwargs={"slug": round_.partnership.slug, "round_id": round_.pk, **kw})


def _metric_url(partnership, key):
    return reverse("assessment:evidence_metric", kwargs={"slug": partnership.slug, "key": key})


def test_evidence_tags_on_the_results_overview_link_to_each_metric_page(client, admin, closed_round):
    client.force_login(admin)
    page = client.get(_url("assessment:results", closed_round)).content.decode()
    partnership = closed_round.partnership
    assert f'href="{_metric_url(partnership, GREEN_METRIC)}"' in page
    # A metric no room has built still links to its page, which says "no evidence recorded".
    assert f'href="{_metric_url(partnership, UNBUILT)}"' in page
    assert client.get(_metric_url(partnership, UNBUILT)).status_code == 200


def test_the_raise_action_page_links_the_evidence_to_its_metric_page(client, admin, closed_round):
    client.force_login(admin)
    page = client.get(
        _url("assessment:results_raise_action", closed_round, question_key="style-1")
    ).content.decode()
    assert f'href="{_metric_url(closed_round.partnership, UNBUILT)}"' in page


def test_question_scores_heat_map_cells_and_gaps_link_to_how_they_were_computed(client, admin, closed_round):
    client.force_login(admin)
    question = _url("assessment:results_question", closed_round, question_key="style-1")
    overview = client.get(_url("assessment:results", closed_round)).content.decode()
    elements = overview.split('id="element-style"')[1]
    assert f'<a class="govuk-link" href="{question}">0.50' in elements  # style-1: five partly, five not
    heat = client.get(_url("assessment:results_heatmap", closed_round)).content.decode()
    body = heat.split("<tbody")[1]
    # every shown cell's figure is a link: to the question (all respondents) or to #how (a group)
    assert f'href="{question}">' in body and 'href="#how">' in body
    gaps = client.get(_url("assessment:results_gaps", closed_round)).content.decode()
    by_sector = gaps.split('id="sector"')[1].split('id="layer"')[0]
    assert f'href="{question}">' in by_sector.split("</th>", 5)[-1]  # the gap figure, not only the row header


def test_a_member_sees_no_link_to_the_coordinators_round_page_on_the_paper(
    client, admin, member, partnership
):
    world = make_paper_world(partnership)
    paper = generate_paper(round=world.round, user=admin)
    paper.status = PaperStatus.PUBLISHED
    paper.published_at = timezone.now()
    paper.save(update_fields=["status", "published_at"])
    round_page = _url("assessment:round", world.round)
    rounds_list = reverse("assessment:rounds", kwargs={"slug": partnership.slug})
    client.force_login(member)
    page = client.get(_url("assessment:paper", world.round)).content.decode()
    crumbs = page.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert f'href="{round_page}"' not in crumbs and f'href="{rounds_list}"' in crumbs
    assert client.get(round_page).status_code == 403  # why the crumb must not be there
    client.force_login(admin)
    crumbs = (
        client.get(_url("assessment:paper", world.round)).content.decode().split('aria-label="Breadcrumb"')[1]
    )
    assert f'href="{round_page}"' in crumbs.split("</nav>")[0]


def test_a_metric_named_only_in_the_partnerships_adapted_framework_has_its_evidence_page(
    client, member, partnership
):
    make_version(key="adapted-here", partnership=partnership, metrics={"scs-1": ["adapted.only_here"]})
    elsewhere = PartnershipFactory(slug="elsewhere")
    make_version(key="adapted-there", partnership=elsewhere, metrics={"scs-1": ["adapted.only_there"]})
    client.force_login(member)
    page = client.get(_metric_url(partnership, "adapted.only_here"))
    assert page.status_code == 200
    assert "no evidence recorded" in page.content.decode().lower()
    # Another partnership's framework is never seen.
    assert client.get(_metric_url(partnership, "adapted.only_there")).status_code == 404
    assert client.get(_metric_url(partnership, "never.named")).status_code == 404


def test_a_metric_named_only_by_a_finding_of_an_adapted_framework_opens_from_the_paper(
    client, admin, partnership
):
    world = make_paper_world(partnership)
    paper = generate_paper(round=world.round, user=admin)
    client.force_login(admin)
    page = client.get(_url("assessment:paper", world.round)).content.decode()
    missing = _metric_url(partnership, "papertest.not_built")  # named by a finding only
    assert f'href="{missing}"' in page
    assert client.get(missing).status_code == 200
    assert paper.pk


def test_the_export_says_no_evidence_recorded_when_every_metric_has_no_data(client, admin, closed_round):
    client.force_login(admin)
    book = load_workbook(io.BytesIO(client.get(_url("assessment:results_export", closed_round)).content))
    questions = list(book["Questions"].iter_rows(values_only=True))
    evidence_column = questions[0].index("Evidence")
    by_key = {row[0]: row[evidence_column] for row in questions[1:]}
    assert by_key["style-1"] == "No evidence recorded"  # its only metric is not built
    assert by_key["scs-1"].startswith("Green")
    assert by_key["systems-1"] == "No evidence recorded"  # no metric at all
    elements = list(book["Elements"].iter_rows(values_only=True))
    column = elements[0].index("Evidence")
    style = next(row for row in elements[1:] if row[0] == "Style")
    assert style[column] == "No evidence recorded"
    assert not any(str(row[column]).startswith("No judgement") for row in elements[1:])
