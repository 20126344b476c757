"""The frameworks pages: every role reads a version with its descriptors, practices and
metrics; coordinators import (errors listed by path), download, adapt, edit a draft (with edit
conflicts) and publish; a version a round uses offers no editing."""

from __future__ import annotations

import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.assessment.models import Coordinator, Finding, FrameworkVersion, Question, VersionStatus
from joinedup.assessment.services import frameworks
from joinedup.assessment.tests.factories import make_round, make_version
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="isisbury")


@pytest.fixture
def coordinator(partnership):
    user = user_with_role(partnership, "viewer")
    Coordinator.objects.create(partnership=partnership, user=user)
    return user


@pytest.fixture
def viewer(partnership):
    return user_with_role(partnership, "viewer")


@pytest.fixture
def draft(partnership, coordinator):
    return frameworks.adapt(partnership=partnership, version=frameworks.shipped_7s(), user=coordinator)


def url(name, partnership, **kwargs):
    return reverse(f"assessment:{name}", kwargs={"slug": partnership.slug, **kwargs})


def first_question(version) -> Question:
    return Question.objects.filter(element__version=version).order_by("element__position", "position").first()


def test_every_role_reads_every_question_with_its_descriptors_practices_and_metrics(
    client, partnership, viewer
):
    shipped = frameworks.shipped_7s()
    client.force_login(viewer)
    page = client.get(url("framework_version", partnership, version_id=shipped.pk)).content.decode()
    for question in Question.objects.filter(element__version=shipped):
        assert question.key in page
        for descriptor in (question.in_place, question.partly, question.not_in_place):
            assert descriptor.replace('"', "&quot;").replace("'", "&#x27;") in page
    assert "Most partnerships do not know what their support team costs" in page
    assert "governance.challenges_per_meeting" in page
    assert "Edit<span" not in page and "Adapt a copy for the partnership" not in page


def test_the_frameworks_list_shows_shipped_and_own_but_not_another_partnerships(
    client, partnership, viewer, draft
):
    other = PartnershipFactory(slug="elsewhere")
    make_version(key="secret-instrument", partnership=other)
    client.force_login(viewer)
    page = client.get(url("frameworks", partnership)).content.decode()
    assert "Public sector 7S framework, version" in page
    assert f"version {draft.number}" in page and "Adapted from Public sector 7S framework" in page
    assert "Framework secret-instrument" not in page
    other_version = FrameworkVersion.objects.get(framework__partnership=other)
    assert client.get(url("framework_version", partnership, version_id=other_version.pk)).status_code == 404


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_version_page_and_list_run_the_same_queries_whatever_the_size(client, partnership, viewer):
    small = make_version(key="small", partnership=partnership, questions_per_element=1)
    Finding.objects.create(version=small, key="one", section="framework", title="One finding")
    client.force_login(viewer)
    small_page = _queries(client, url("framework_version", partnership, version_id=small.pk))
    big_page = _queries(client, url("framework_version", partnership, version_id=frameworks.shipped_7s().pk))
    assert big_page == small_page
    few = _queries(client, url("frameworks", partnership))
    for n in range(3):
        make_version(key=f"more-{n}", partnership=partnership)
    assert _queries(client, url("frameworks", partnership)) == few


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_version_downloads_as_a_document_that_imports_back(client, partnership, viewer, fmt):
    shipped = frameworks.shipped_7s()
    client.force_login(viewer)
    response = client.get(url("framework_export", partnership, version_id=shipped.pk, fmt=fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="7s-version-{shipped.number}.{fmt}"'
    data = json.loads(response.content) if fmt == "json" else yaml.safe_load(response.content)
    assert data == frameworks.to_document(shipped)


def test_a_coordinator_imports_a_file_as_a_draft(client, partnership, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("7s.yaml", frameworks.export_version(frameworks.shipped_7s(), "yaml"))
    response = client.post(url("framework_import", partnership), {"file": upload})
    version = FrameworkVersion.objects.get(framework__partnership=partnership)
    assert response.status_code == 302
    assert response["Location"] == url("framework_version", partnership, version_id=version.pk)
    assert version.status == VersionStatus.DRAFT


def test_a_bad_import_lists_every_problem_by_path_and_creates_nothing(client, partnership, coordinator):
    doc = frameworks.to_document(frameworks.shipped_7s())
    doc["elements"][2]["questions"][4]["not_in_place"] = ""
    doc["findings"][0]["section"] = "appendix"
    client.force_login(coordinator)
    upload = SimpleUploadedFile("mine.json", frameworks.dump_document(doc, "json"))
    response = client.post(url("framework_import", partnership), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "elements[2].questions[4] (style-5): enter the not-in-place descriptor" in page
    assert "findings[0] (performance-uneven): choose the paper section" in page
    assert not FrameworkVersion.objects.filter(framework__partnership=partnership).exists()


def test_a_binary_file_is_refused_before_it_is_read(client, partnership, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("7s.yaml", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page = client.post(url("framework_import", partnership), {"file": upload}).content.decode()
    assert "There is a problem" in page
    assert not FrameworkVersion.objects.filter(framework__partnership=partnership).exists()


def test_a_coordinator_adapts_the_shipped_framework_from_its_page(client, partnership, coordinator):
    shipped = frameworks.shipped_7s()
    client.force_login(coordinator)
    page = client.get(url("framework_version", partnership, version_id=shipped.pk)).content.decode()
    assert "Adapt a copy for the partnership" in page and "Edit<span" not in page
    response = client.post(url("framework_adapt", partnership, version_id=shipped.pk))
    draft = FrameworkVersion.objects.get(framework__partnership=partnership)
    assert response["Location"] == url("framework_version", partnership, version_id=draft.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Publish this version" in page and "Edit<span" in page


def test_a_coordinator_edits_a_draft_question_and_a_stale_form_shows_both_versions(
    client, partnership, coordinator, draft
):
    question = first_question(draft)
    client.force_login(coordinator)
    edit = url("framework_question_edit", partnership, version_id=draft.pk, question_id=question.pk)
    form = {
        "version": "1",
        "text": "Does the strategy say what it will achieve?",
        "in_place": "It does.",
        "partly": "In part.",
        "not_in_place": "It does not.",
        "guidance": "",
        "practices": "1, 2",
        "metrics": "strategy.outcomes_with_owner\nstrategy.strategy_reviewed",
    }
    assert client.post(edit, form).status_code == 302
    question.refresh_from_db()
    assert question.practices == [1, 2]
    assert question.metrics == ["strategy.outcomes_with_owner", "strategy.strategy_reviewed"]
    stale = client.post(edit, {**form, "text": "Someone else's wording?"})
    assert stale.status_code == 409
    assert "Someone else changed this while you were editing" in stale.content.decode()
    question.refresh_from_db()
    assert question.text == "Does the strategy say what it will achieve?"


def test_a_bad_practice_number_is_shown_beside_the_field(client, partnership, coordinator, draft):
    question = first_question(draft)
    client.force_login(coordinator)
    edit = url("framework_question_edit", partnership, version_id=draft.pk, question_id=question.pk)
    response = client.post(
        edit,
        {
            "version": "1",
            "text": "Q?",
            "in_place": "a b c",
            "partly": "a b c",
            "not_in_place": "",
            "practices": "eight",
        },
    )
    page = response.content.decode()
    assert "Enter practice numbers as whole numbers from 1" in page
    assert "Enter what “not in place” looks like" in page


def test_a_coordinator_edits_a_finding_and_an_element(client, partnership, coordinator, draft):
    finding = draft.findings.get(key="challenge-trust")
    element = draft.elements.get(key="style")
    style_questions = Question.objects.filter(element=element, key__in=["style-4", "style-5"])
    client.force_login(coordinator)
    response = client.post(
        url("framework_finding_edit", partnership, version_id=draft.pk, finding_id=finding.pk),
        {
            "version": "1",
            "section": "transformational",
            "title": "Members challenge each other",
            "text": "",
            "element": str(element.pk),
            "questions": [str(q.pk) for q in style_questions],
            "metrics": "governance.challenges_per_meeting",
        },
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.title == "Members challenge each other"
    assert sorted(q.key for q in finding.questions.all()) == ["style-4", "style-5"]
    response = client.post(
        url("framework_element_edit", partnership, version_id=draft.pk, element_id=element.pk),
        {"version": "1", "title": "Style of working", "kind": "transformational", "description": ""},
    )
    assert response.status_code == 302
    element.refresh_from_db()
    assert element.title == "Style of working"


def test_publishing_then_a_round_leaves_the_version_page_without_editing(
    client, partnership, coordinator, draft
):
    client.force_login(coordinator)
    assert client.post(url("framework_publish", partnership, version_id=draft.pk)).status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    make_round(partnership, draft)
    page = client.get(url("framework_version", partnership, version_id=draft.pk)).content.decode()
    assert "A round uses this version, so it can never be changed" in page
    assert "Edit<span" not in page and "Publish this version" not in page
    assert "Start a new draft from this version" in page
    question = first_question(draft)
    edit = url("framework_question_edit", partnership, version_id=draft.pk, question_id=question.pk)
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"version": "1", "text": "Changed?"}).status_code == 403
    question.refresh_from_db()
    assert question.text != "Changed?"


def test_members_who_are_not_coordinators_cannot_import_adapt_or_edit(client, partnership, viewer, draft):
    client.force_login(viewer)
    shipped = frameworks.shipped_7s()
    question = first_question(draft)
    assert client.post(url("framework_adapt", partnership, version_id=shipped.pk)).status_code == 403
    assert client.get(url("framework_import", partnership)).status_code == 403
    edit = url("framework_question_edit", partnership, version_id=draft.pk, question_id=question.pk)
    assert client.post(edit, {"version": "1", "text": "Changed?"}).status_code == 403
    assert FrameworkVersion.objects.filter(framework__partnership=partnership).count() == 1
