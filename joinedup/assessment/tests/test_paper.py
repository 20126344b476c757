"""The partnership review paper: generated from a closed round with known answers and live
evidence, judgements overridable with an audited reason, the author's words kept on
regeneration, frozen once published, the same content as HTML and as a tagged PDF."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from joinedup.assessment.models import Coordinator, PaperFinding, PaperStatus, ReviewPaper
from joinedup.assessment.services import paper as services
from joinedup.assessment.tests.factories_paper import (
    make_paper_world,
    register_test_metrics,
    unregister_test_metrics,
)
from joinedup.core.conflicts import EditConflict
from joinedup.core.models import AuditEntry
from joinedup.partnerships.tests.factories import PartnershipFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _metrics():
    register_test_metrics()
    yield
    unregister_test_metrics()


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="place", name="Place Partnership")


@pytest.fixture
def world(partnership):
    return make_paper_world(partnership)


@pytest.fixture
def coordinator(partnership):
    user = user_with_role(partnership, "viewer", full_name="Sam Coordinator")
    Coordinator.objects.create(partnership=partnership, user=user)
    return user


def _row(paper, finding) -> PaperFinding:
    return paper.findings.get(finding=finding)


def _url(name, round_, **extra):
    return reverse(
        f"assessment:{name}", kwargs={"slug": round_.partnership.slug, "round_id": round_.pk, **extra}
    )


# --- generation ------------------------------------------------------------------------------


def test_generation_computes_each_findings_judgement_from_answers_and_evidence(world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    # style: mean of 1.0 and 0.4 is 0.7, perceived amber; no evidence metrics.
    assert _row(paper, world.leadership).computed == "amber"
    # systems-1 seen as in place (2.0) but the risk register metric is red: the worse, red.
    assert _row(paper, world.systems).computed == "red"
    # scs by element (2.0 and 1.8): green; its metric is not built, so perception alone.
    assert _row(paper, world.strategy).computed == "green"
    findings = paper.generated["findings"]
    assert findings["shared-performance"]["contradiction"] is True
    assert findings["evidence-based-scs"]["evidence"][0]["no_evidence"] is True
    assert findings["evidence-based-scs"]["evidence"][0]["value_text"] == "No evidence recorded"
    assert findings["confident-leadership"]["mean"] == pytest.approx(0.7)


def test_summary_has_the_strongest_and_weakest_questions_and_proposes_actions(world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    summary = paper.generated["summary"]
    assert [q["key"] for q in summary["strengths"]] == ["scs-1", "systems-1", "scs-2"]
    # Only two questions are left once the strengths are taken; "don't know" never scores.
    assert [q["key"] for q in summary["weaknesses"]] == ["style-2", "style-1"]
    assert [q["key"] for q in summary["unactioned"]] == ["style-2", "style-1"]


def test_summary_lists_improvement_actions_raised_and_drops_questions_that_have_one(world, coordinator):
    from joinedup.assessment.models import ImprovementAction
    from joinedup.strategy.tests.delivery_factories import ActionFactory

    action = ActionFactory(title="Agree a chairing rota", programme__partnership=world.round.partnership)
    ImprovementAction.objects.create(
        partnership=world.round.partnership,
        round=world.round,
        question_key="style-2",
        reason="weak",
        action=action,
    )
    summary = services.generate_paper(round=world.round, user=coordinator).generated["summary"]
    assert [a["title"] for a in summary["actions"]] == ["Agree a chairing rota"]
    assert [q["key"] for q in summary["unactioned"]] == ["style-1"]


def test_element_table_shows_maturity_beside_the_partnerships_target(world, coordinator, partnership):
    from joinedup.assessment.models import MaturityTarget

    MaturityTarget.objects.create(partnership=partnership, element_key="style", level="collaboration")
    paper = services.generate_paper(round=world.round, user=coordinator)
    style = next(e for e in paper.generated["elements"] if e["key"] == "style")
    # Mean 0.7 is coordination; a question seen as not in place caps it anyway.
    assert (style["maturity"], style["target"]) == ("Coordination", "Collaboration")
    assert style["perceived"] == "amber"


def test_an_open_round_cannot_have_a_paper(partnership, coordinator):
    open_world = make_paper_world(partnership, closed=False)
    with pytest.raises(ValidationError, match="still open"):
        services.generate_paper(round=open_world.round, user=coordinator)
    assert not ReviewPaper.objects.exists()


def test_generation_is_audited(world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    services.generate_paper(round=world.round, user=coordinator)
    actions = list(
        AuditEntry.objects.filter(
            target_id=str(paper.pk), action__startswith="assessment.paper."
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["assessment.paper.generated", "assessment.paper.regenerated"]


# --- overrides, commentary, regeneration -------------------------------------------------------


def test_override_requires_a_reason(world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    row = _row(paper, world.leadership)
    with pytest.raises(ValidationError) as error:
        services.override_judgement(
            paper_finding=row, user=coordinator, judgement="green", reason="  ", expected_version=row.version
        )
    assert "override_reason" in error.value.error_dict
    assert _row(paper, world.leadership).override == ""


def test_override_is_audited_with_who_from_to_and_why(world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    row = _row(paper, world.leadership)
    services.override_judgement(
        paper_finding=row,
        user=coordinator,
        judgement="green",
        reason="The new chair has changed the style of meetings since the round closed.",
        expected_version=row.version,
    )
    row.refresh_from_db()
    assert row.judgement == "green" and row.computed == "amber"
    assert row.overridden_by == coordinator and row.overridden_at is not None
    entry = AuditEntry.objects.get(action="assessment.paper.judgement_overridden")
    assert entry.actor_user == coordinator
    assert "from Amber: partly in place to Green: in place" in entry.summary
    assert "new chair" in entry.summary
    assert entry.after == {"override": "green", "override_reason": row.override_reason}


def test_override_from_a_stale_form_is_a_conflict(world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    row = _row(paper, world.leadership)
    stale = row.version
    services.override_judgement(
        paper_finding=row, user=coordinator, judgement="red", reason="First view.", expected_version=stale
    )
    with pytest.raises(EditConflict):
        services.override_judgement(
            paper_finding=_row(paper, world.leadership),
            user=coordinator,
            judgement="green",
            reason="Second view.",
            expected_version=stale,
        )


def test_regenerating_keeps_commentary_overrides_and_the_authors_text(world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    row = _row(paper, world.systems)
    services.update_commentary(
        paper_finding=row,
        user=coordinator,
        commentary="Reports reach the board.",
        expected_version=row.version,
    )
    row = _row(paper, world.systems)
    services.override_judgement(
        paper_finding=row,
        user=coordinator,
        judgement="amber",
        reason="Register being rebuilt.",
        expected_version=row.version,
    )
    services.update_paper_text(
        paper=paper,
        user=coordinator,
        fields={
            "introduction": "Why we wrote this.",
            "conclusions": "We are doing well.",
            "looking_forward": "Next.",
        },
        expected_version=paper.version,
    )
    # The evidence changes: the red metric's room has gone, so that finding is perception only.
    unregister_test_metrics()
    again = services.generate_paper(round=world.round, user=coordinator)
    row = _row(again, world.systems)
    assert row.computed == "green"  # refreshed
    assert row.override == "amber" and row.override_reason == "Register being rebuilt."
    assert row.commentary == "Reports reach the board."
    again.refresh_from_db()
    assert (again.introduction, again.conclusions, again.looking_forward) == (
        "Why we wrote this.",
        "We are doing well.",
        "Next.",
    )
    assert again.generated["findings"]["shared-performance"]["evidence"][0]["no_evidence"] is True


def test_a_published_paper_is_frozen(world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    services.publish_paper(paper=paper, user=coordinator, expected_version=paper.version)
    with pytest.raises(ValidationError, match="published"):
        services.generate_paper(round=world.round, user=coordinator)
    row = _row(paper, world.leadership)
    with pytest.raises(ValidationError, match="published"):
        services.update_commentary(
            paper_finding=row, user=coordinator, commentary="x", expected_version=row.version
        )


def test_publishing_emails_every_member_through_the_task_worker(world, coordinator, partnership):
    member = user_with_role(partnership, "member", email="member@place.example")
    paper = services.generate_paper(round=world.round, user=coordinator)
    services.publish_paper(paper=paper, user=coordinator, expected_version=paper.version)
    paper.refresh_from_db()
    assert paper.status == PaperStatus.PUBLISHED and paper.published_by == coordinator
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([coordinator.email, member.email])
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the others' addresses
    assert _url("paper", world.round) in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="assessment.paper.published").count() == 1


# --- pages ----------------------------------------------------------------------------------


def test_draft_paper_is_for_coordinators_only(client, world, coordinator, partnership):
    services.generate_paper(round=world.round, user=coordinator)
    client.force_login(user_with_role(partnership, "editor"))
    assert client.get(_url("paper", world.round)).status_code == 403
    assert client.get(_url("paper_pdf", world.round)).status_code == 403
    client.force_login(coordinator)
    assert client.get(_url("paper", world.round)).status_code == 200


def test_published_paper_is_read_by_every_role(client, world, coordinator, partnership):
    paper = services.generate_paper(round=world.round, user=coordinator)
    services.publish_paper(paper=paper, user=coordinator, expected_version=paper.version)
    client.force_login(user_with_role(partnership, "viewer"))
    response = client.get(_url("paper", world.round))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Change<span" not in html  # no edit controls
    assert "Confident leadership is critical to joint working" in html


def test_paper_page_shows_judgement_words_and_links_figures_to_how_computed(client, world, coordinator):
    services.generate_paper(round=world.round, user=coordinator)
    client.force_login(coordinator)
    html = client.get(_url("paper", world.round)).content.decode()
    assert "Red: not in place" in html and "Amber: partly in place" in html and "Green: in place" in html
    assert 'id="how-computed"' in html and "#how-computed" in html
    assert "No evidence recorded" in html
    assert "Contradiction:" in html
    # Headings in order: one h1, then h2 parts, then h3 findings.
    assert html.count("<h1") == 1


def test_paper_page_runs_a_fixed_number_of_queries(
    client, world, coordinator, partnership, django_assert_max_num_queries
):
    services.generate_paper(round=world.round, user=coordinator)
    client.force_login(coordinator)
    url = _url("paper", world.round)
    client.get(url)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    # Twice the findings: the same number of queries.
    from joinedup.assessment.models import Finding, PaperSection

    for i in range(10):
        finding = Finding.objects.create(
            version=world.version,
            key=f"extra-{i}",
            position=10 + i,
            section=PaperSection.LOOKING_FORWARD,
            title=f"Extra {i}",
        )
        PaperFinding.objects.create(paper=world.round.paper, finding=finding)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_generate_page_refuses_an_open_round_with_a_message(client, partnership, coordinator):
    open_world = make_paper_world(partnership, closed=False)
    client.force_login(coordinator)
    response = client.post(_url("paper_generate", open_world.round), follow=True)
    assert "still open" in response.content.decode()
    assert not ReviewPaper.objects.exists()


def test_override_form_without_a_reason_shows_an_error(client, world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    row = _row(paper, world.leadership)
    client.force_login(coordinator)
    response = client.post(
        _url("paper_override", world.round, finding_id=row.pk),
        {"override": "green", "override_reason": "", "version": row.version},
    )
    assert response.status_code == 400
    assert "Enter the reason for the judgement" in response.content.decode()
    response = client.post(
        _url("paper_override", world.round, finding_id=row.pk),
        {"override": "green", "override_reason": "Seen at the board.", "version": row.version},
    )
    assert response.status_code == 302
    assert _row(paper, world.leadership).override == "green"


def test_editing_the_text_from_a_stale_form_shows_both_versions(client, world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    client.force_login(coordinator)
    data = {
        "title": paper.title,
        "author_name": "",
        "introduction": "Mine",
        "looking_forward": "",
        "conclusions": "",
        "version": paper.version,
    }
    services.update_paper_text(
        paper=paper, user=coordinator, fields={"introduction": "Theirs"}, expected_version=paper.version
    )
    response = client.post(_url("paper_edit", world.round), data)
    assert response.status_code == 409
    paper.refresh_from_db()
    assert paper.introduction == "Theirs"


# --- the PDF --------------------------------------------------------------------------------


def test_pdf_has_the_summary_each_findings_title_and_judgement_words(client, world, coordinator):
    paper = services.generate_paper(round=world.round, user=coordinator)
    row = _row(paper, world.leadership)
    services.update_commentary(
        paper_finding=row,
        user=coordinator,
        commentary="The chair rotates between sectors.",
        expected_version=row.version,
    )
    client.force_login(coordinator)
    response = client.get(_url("paper_pdf", world.round))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Summary" in text and "Three strengths" in text and "Three weaknesses" in text
    assert "Proposed actions" in text
    for finding in (world.leadership, world.systems, world.strategy):
        assert finding.title in text
    assert "Amber: partly in place" in text and "Red: not in place" in text and "Green: in place" in text
    assert "The chair rotates between sectors." in text
    assert "No evidence recorded" in text
    assert reader.metadata.title == paper.title
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_the_pdf_opens_with_the_one_page_summary(client, world, coordinator):
    services.generate_paper(round=world.round, user=coordinator)
    client.force_login(coordinator)
    reader = pypdf.PdfReader(io.BytesIO(client.get(_url("paper_pdf", world.round)).content))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Three strengths" in first and "Three weaknesses" in first and "Proposed actions" in first
    # The summary stands alone: the introduction starts on the next page.
    assert "Introduction" not in first
    assert "Introduction" in " ".join(reader.pages[1].extract_text().split())


def test_how_computed_in_the_paper_states_the_partnerships_maturity_rule_and_points(
    client, world, coordinator, partnership
):
    from joinedup.assessment.services.settings import update_settings

    update_settings(
        partnership=partnership,
        min_group_size=5,
        maturity_rule={"bounds": [0.4, 0.8, 1.6], "cap_level": "coordination"},
        user=coordinator,
        expected_version=0,
    )
    services.generate_paper(round=world.round, user=coordinator)
    client.force_login(coordinator)
    page = client.get(_url("paper", world.round)).content.decode()
    assert "mean below 0.4 networking, below 0.8 coordination, below 1.6 cooperation" in page
    assert "never above coordination" in page
    assert "“in place” 2, “partly in place” 1, “not in place” 0" in page
